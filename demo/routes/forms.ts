/**
 * The page forms (no JavaScript needed): set a part's stock or minimum, create a build order. Each
 * runs the same action as the JSON API and redirects to the page that shows the result.
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { newBuild, setMinimum, setStock } from '../actions.ts';
import { buildUrl, partUrl } from '../urls.ts';
import type { RouteContext } from './context.ts';
import { acceptForms } from './form-body.ts';
import { htmlErrors } from './html-errors.ts';
import { requireUser } from './require-user.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Quantity = Type.Number({ minimum: 0, maximum: 1e12 });
const Redirect = { 303: Type.Null() };

export const formRoutes: FastifyPluginAsyncTypebox<{ ctx: RouteContext }> = async (app, { ctx }) => {
  acceptForms(app);
  htmlErrors(app, ctx);

  const signedIn = requireUser(app, ctx);

  app.post(
    '/parts/:id/stock',
    { schema: { params: IdParams, body: Type.Object({ quantity: Quantity }), response: Redirect } },
    async (request, reply) => {
      await setStock(ctx.actions, signedIn(request), request.params.id, request.body.quantity);
      return reply.redirect(partUrl(request.params.id), 303);
    },
  );

  app.post(
    '/parts/:id/minimum',
    { schema: { params: IdParams, body: Type.Object({ minimumStock: Quantity }), response: Redirect } },
    async (request, reply) => {
      await setMinimum(ctx.actions, signedIn(request), request.params.id, request.body.minimumStock);
      return reply.redirect(partUrl(request.params.id), 303);
    },
  );

  app.post(
    '/builds',
    {
      schema: {
        body: Type.Object({
          partId: Type.Integer({ minimum: 1 }),
          quantity: Type.Integer({ minimum: 1, maximum: 1e9 }),
          responsible: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 150 }), { maxItems: 50 })),
        }),
        response: Redirect,
      },
    },
    async (request, reply) => {
      const build = await newBuild(ctx.actions, signedIn(request), request.body);
      return reply.redirect(buildUrl(build.id), 303);
    },
  );
};
