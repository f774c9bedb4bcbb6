/**
 * Unknown URLs: a page for browsers, the usual JSON for API clients (and under Stockbell's prefix).
 */
import type { FastifyInstance } from 'fastify';
import { errorPage } from '../views/error.ts';
import type { RouteContext } from './context.ts';

const JSON_PREFIXES = ['/api/', '/demo/'];

export function notFound(app: FastifyInstance, ctx: RouteContext): void {
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const wantsJson =
      [...JSON_PREFIXES, `${ctx.pluginPrefix()}/`].some((prefix) => path.startsWith(prefix)) ||
      !String(request.headers.accept ?? '').includes('text/html');
    reply.code(404);
    if (wantsJson) {
      return reply.send({ statusCode: 404, code: 'DEMO_ERR_NOT_FOUND', error: 'Not Found', message: `${request.method} ${path} not found` });
    }
    const view = { user: await ctx.currentUser(request), pluginPrefix: ctx.pluginPrefix(), path };
    return reply.type('text/html; charset=utf-8').send(errorPage(view, 404, 'There is no such page.').value);
  });
}
