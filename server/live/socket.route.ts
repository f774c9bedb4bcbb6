/**
 * `GET {prefix}/ws`: the live channel. The upgrade is authenticated through the host like any
 * request and its Origin must be allowed, or the client gets an HTTP 401/403 and no socket.
 * The server speaks first with the unread count, so a reconnecting client is in sync at once.
 */
// Brings in the { websocket: true } route option and the socket handler types.
import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { OriginError } from '../errors.ts';
import { requireUser, userOf } from '../http/auth.ts';
import { unreadCount } from '../inbox/inbox-queries.ts';
import type { SocketRegistry } from './socket-registry.ts';

export async function socketRoute(app: FastifyInstance, { ctx, registry }: { ctx: Context; registry: SocketRegistry }): Promise<void> {
  app.get('/ws', {
    websocket: true,
    preValidation: [requireUser(ctx), async (request) => checkOrigin(ctx, request)],
    schema: { hide: true } as object,
  }, async (socket, request) => {
    const userId = userOf(request).id;
    registry.add(userId, socket);
    socket.on('message', () => {
      // The protocol is server → client; anything a client sends is ignored.
    });
    const count = await unreadCount(ctx.db, userId);
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'unread', count }));
  });
}

async function checkOrigin(ctx: Context, request: FastifyRequest): Promise<void> {
  const origin = request.headers.origin;
  const { allowedOrigins } = await ctx.settings.read(ctx.em());
  const own = `${request.protocol}://${request.host}`;
  const allowed = allowedOrigins.length > 0 ? allowedOrigins : [own];
  // Browsers always send Origin on a WebSocket upgrade; without one we cannot tell a hijack apart.
  if (!origin || !allowed.includes(origin)) {
    throw new OriginError(origin ?? '(none)');
  }
}
