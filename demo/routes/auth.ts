/**
 * Signing in and out: `POST /demo/login` `{ username }` (JSON, or the user picker's form) sets the
 * signed session cookie; `POST /demo/logout` clears it. Forms are answered with a redirect.
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { BadInput } from '../errors.ts';
import { endSession, startSession } from '../session.ts';
import { usersByUsernames } from '../store/users.ts';
import type { RouteContext } from './context.ts';
import { jsonErrors } from './json-errors.ts';
import { acceptForms, isFormPost, safeNext } from './form-body.ts';

const Me = Type.Object({
  id: Type.Integer(),
  username: Type.String(),
  name: Type.String(),
  roles: Type.Array(Type.String()),
  isAdmin: Type.Boolean(),
});

export const authRoutes: FastifyPluginAsyncTypebox<{ ctx: RouteContext }> = async (app, { ctx }) => {
  acceptForms(app);
  jsonErrors(app);

  app.post(
    '/demo/login',
    {
      schema: {
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 150 }),
          next: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: Me },
      },
    },
    async (request, reply) => {
      const [user] = await usersByUsernames(ctx.store, [request.body.username]);
      if (!user?.active) throw new BadInput('username', `no active user ${JSON.stringify(request.body.username)}`);
      startSession(reply, user.id);
      if (isFormPost(request)) return reply.redirect(safeNext(request.body.next), 303);
      return { id: user.id, username: user.username, name: user.name, roles: user.roles, isAdmin: user.isAdmin };
    },
  );

  app.post('/demo/logout', { schema: { response: { 204: Type.Null() } } }, async (request, reply) => {
    endSession(reply);
    if (isFormPost(request)) return reply.redirect('/login', 303);
    return reply.code(204).send(null);
  });
};
