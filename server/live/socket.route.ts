/**
 * `GET {prefix}/ws`: the live channel. The upgrade is authenticated through the host like any
 * request (the plugin's guard, 401) and its Origin must be one the settings trust — `publicUrl`'s
 * origin or an allowed origin, never the request's own Host header — or the client gets an HTTP
 * 403 and no socket. The server speaks first with the unread count, so a reconnecting client is in
 * sync at once; a client never speaks (client-frames.ts).
 */
// Brings in the { websocket: true } route option and the socket handler types.
import type {} from '@fastify/websocket';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { OriginError } from '../errors.ts';
import { userOf } from '../http/auth.ts';
import { unreadCount } from '../inbox/inbox-queries.ts';
import { trustedOrigins } from '../settings/index.ts';
import { refuseClientFrames } from './client-frames.ts';
import type { SocketRegistry } from './socket-registry.ts';

export async function socketRoute(app: FastifyInstance, { ctx, registry }: { ctx: Context; registry: SocketRegistry }): Promise<void> {
  let warned = false;
  app.get('/ws', {
    websocket: true,
    preValidation: async (request) => checkOrigin(ctx, request),
    schema: { hide: true } as object,
  }, async (socket, request) => {
    // First, in the tick ws attached the socket: nothing of a client frame is buffered before this.
    if (!refuseClientFrames(socket) && !warned) {
      warned = true;
      request.log.warn('stockbell: this ws version hides its receiver; client frames are refused only once complete');
    }
    const userId = userOf(request).id;
    registry.add(userId, socket);
    const count = await unreadCount(ctx.db, userId);
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify({ type: 'unread', count }));
  });
}

async function checkOrigin(ctx: Context, request: FastifyRequest): Promise<void> {
  const origin = request.headers.origin;
  const trusted = trustedOrigins(await ctx.settings.read(ctx.em()));
  // Browsers always send Origin on a WebSocket upgrade; without one we cannot tell a hijack apart.
  if (!origin || !trusted.includes(origin)) {
    const hint = trusted.length === 0 ? ': set the publicUrl or allowedOrigins setting' : '';
    throw new OriginError(`${origin ?? '(none)'} is not allowed${hint}`);
  }
}
