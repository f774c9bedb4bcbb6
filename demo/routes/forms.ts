/**
 * The page forms (no JavaScript needed): set a part's stock or minimum, create a build order. Each
 * runs the same action as the JSON API and redirects to the page that shows the result.
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { newBuild, type PartFieldAction, setMinimum, setStock } from '../actions.ts';
import { buildUrl, partUrl } from '../urls.ts';
import type { RouteContext } from './context.ts';
import { acceptForms } from './form-body.ts';
import { htmlErrors } from './html-errors.ts';
import { requireUser } from './require-user.ts';
import { IdParams, newBuildFields, quantityBody } from './schemas.ts';

const Redirect = { 303: Type.Null() };

export const formRoutes: FastifyPluginAsyncTypebox<{ ctx: RouteContext }> = async (app, { ctx }) => {
  acceptForms(app);
  htmlErrors(app, ctx);

  const signedIn = requireUser(app, ctx);

  /** A form that sets one quantity of a part, then shows the part. */
  const partForm = <K extends string>(url: string, field: K, action: PartFieldAction) =>
    app.post(url, { schema: { params: IdParams, body: quantityBody(field), response: Redirect } }, async (request, reply) => {
      // The schema above guarantees the one field (TypeBox cannot type a generic key).
      const value = (request.body as Record<K, number>)[field];
      await action(ctx.actions, signedIn(request), request.params.id, value);
      return reply.redirect(partUrl(request.params.id), 303);
    });
  partForm('/parts/:id/stock', 'quantity', setStock);
  partForm('/parts/:id/minimum', 'minimumStock', setMinimum);

  app.post(
    '/builds',
    { schema: { body: Type.Object(newBuildFields), response: Redirect } },
    async (request, reply) => {
      const build = await newBuild(ctx.actions, signedIn(request), request.body);
      return reply.redirect(buildUrl(build.id), 303);
    },
  );
};
