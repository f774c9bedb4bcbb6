/**
 * Errors on the demo's pages and forms are pages too: 403 for a role that may not look, 404 for an
 * unknown id (a malformed one included), 400 for a bad form with the message naming the field.
 * 5xx pages never show internals.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import { errorPage } from '../views/error.ts';
import type { RouteContext } from './context.ts';
import { safeNext } from './form-body.ts';

function refererPath(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    const url = new URL(referer, 'http://demo.invalid');
    return url.pathname + url.search;
  } catch {
    return undefined;
  }
}

export function htmlErrors(app: FastifyInstance, ctx: RouteContext): void {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error.statusCode === 401) {
      // Back to the page after signing in; after a form post, back to the page the form was on.
      const back = request.method === 'GET' ? request.url : safeNext(refererPath(request.headers.referer));
      return reply.redirect(`/login?next=${encodeURIComponent(back)}`, 303);
    }
    let status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    let message = error.message;
    if (error.validation && error.validationContext === 'params') {
      status = 404;
      message = 'There is no such page.';
    }
    if (status >= 500) {
      request.log.error({ err: error }, 'demo page failed');
      message = 'The demo hit an error; the log has the details.';
    }
    const view = { user: await ctx.currentUser(request), pluginPrefix: ctx.pluginPrefix(), path: request.url };
    return reply.code(status).type('text/html; charset=utf-8').send(errorPage(view, status, message).value);
  });
}
