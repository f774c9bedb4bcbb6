/**
 * `POST {prefix}/events`: host events from another process, authenticated by the host token
 * (a shared secret, compared in constant time), not by a user session.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Context } from '../context.ts';
import { BadRequestError, HostTokenError } from '../errors.ts';
import { TOKEN_AUTHENTICATED } from '../http/guard.ts';
import type { StockbellEvents } from '../api.ts';
import { errorResponses, EventBody, EventOutcome } from '../contract/index.ts';

export const eventRoutes: FastifyPluginAsyncTypebox<{ ctx: Context; events: StockbellEvents }> = async (app, { ctx, events }) => {
  app.post('/events', {
    // The host token, before the body is read: bad input from nobody is a 401, not a 400.
    config: TOKEN_AUTHENTICATED,
    onRequest: async (request) => checkHostToken(ctx, request),
    schema: {
      headers: Type.Object({ authorization: Type.Optional(Type.String()) }),
      body: EventBody,
      response: { 202: EventOutcome, ...errorResponses, 422: errorResponses[400] },
    },
  }, async (request, reply) => {
    const { type, partId, buildId, key } = request.body;
    const options = key === undefined ? {} : { key };
    let outcome: EventOutcome;
    if (type === 'buildCreated' || type === 'buildCompleted' || type === 'buildCancelled') {
      if (buildId === undefined) throw new BadRequestError(`body/buildId is required for ${type}`);
      outcome = await events[type](buildId, options);
    } else {
      if (partId === undefined) throw new BadRequestError(`body/partId is required for ${type}`);
      outcome = await events[type](partId, options);
    }
    return reply.code(202).send(outcome);
  });
};

function checkHostToken(ctx: Context, request: FastifyRequest): void {
  const expected = ctx.options.hostToken;
  const header = request.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  if (!expected || !given || !sameSecret(given, expected)) throw new HostTokenError();
}

function sameSecret(a: string, b: string): boolean {
  // Hash first so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
