/**
 * Who is calling: asked of the host for every request (and the WebSocket upgrade).
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { ForbiddenError, UnauthorizedError } from '../errors.ts';
import type { AuthenticatedUser } from '../host.ts';

const USER = Symbol('stockbell.user');

type WithUser = FastifyRequest & { [USER]?: AuthenticatedUser };

/**
 * A preHandler: 401 unless the host knows the caller. Also usable as an `onRequest` hook, so
 * 401/403 come before body validation; the host is asked once per request either way.
 */
export function requireUser(ctx: Context) {
  return async (request: FastifyRequest): Promise<void> => {
    if ((request as WithUser)[USER]) return;
    const user = await ctx.host.authenticate(request);
    if (!user || typeof user.id !== 'string' || user.id === '') throw new UnauthorizedError();
    (request as WithUser)[USER] = user;
  };
}

/** A preHandler to chain after requireUser on admin routes. */
export async function requireAdmin(request: FastifyRequest): Promise<void> {
  if (!userOf(request).isAdmin) throw new ForbiddenError();
}

export function userOf(request: FastifyRequest): AuthenticatedUser {
  const user = (request as WithUser)[USER];
  if (!user) throw new UnauthorizedError();
  return user;
}
