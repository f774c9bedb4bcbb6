/**
 * A context whose routes all need a signed-in user: checked in `onRequest`, before the body is read
 * or validated, so a request without a session is a 401 whatever it carries.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SignInRequired } from '../errors.ts';
import type { DemoUser } from '../store/users.ts';
import type { RouteContext } from './context.ts';

/** Adds the check to `app` and returns how its handlers get the user. */
export function requireUser(app: FastifyInstance, ctx: RouteContext): (request: FastifyRequest) => DemoUser {
  const users = new WeakMap<FastifyRequest, DemoUser>();
  app.addHook('onRequest', async (request) => {
    const user = await ctx.currentUser(request);
    if (!user) throw new SignInRequired();
    users.set(request, user);
  });
  return (request) => {
    const user = users.get(request);
    if (!user) throw new SignInRequired();
    return user;
  };
}
