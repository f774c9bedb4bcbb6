/**
 * `GET {prefix}/ws`: the live channel. The upgrade is authenticated through the host like any
 * request (the plugin's guard, 401) and its Origin must be one the settings trust — `publicUrl`'s
 * origin or an allowed origin, never the request's own Host header — or the client gets an HTTP
 * 403 and no socket. The server speaks first with the unread count, so a reconnecting client is in
 * sync at once; a client never speaks (client-frames.ts).
 */
// Brings in the { websocket: true } route option and the socket handler types.
import type {} from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Context } from '../context.ts';
import { OriginError } from '../errors.ts';
import { userOf } from '../http/auth.ts';
import { trustedOrigins } from '../settings/index.ts';
import { refuseClientFrames } from './client-frames.ts';
import type { LiveHub } from './live-hub.ts';
import type { SocketRegistry } from './socket-registry.ts';

export interface SocketRouteOptions {
  ctx: Context;
  registry: SocketRegistry;
  hub: Pick<LiveHub, 'greet'>;
}

export async function socketRoute(app: FastifyInstance, { ctx, registry, hub }: SocketRouteOptions): Promise<void> {
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
    releaseUpgrade(socket, app.log);
    registry.add(userId, socket);
    await hub.greet(userId, socket);
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

/**
 * @fastify/websocket keeps each upgrade's HTTP objects for as long as the socket is open, about half
 * an idle socket's heap (bench/support/upgrade-retention.ts on the bench branch): the `error`
 * listener it adds closes over the Fastify request and reply, and the upgrade's ServerResponse stays
 * assigned to the TCP socket (`_httpMessage`), holding the IncomingMessage. Nothing uses them once
 * the socket is open, so the route lets them go: a socket error is logged and ends the socket (what
 * the plugin's default handler does; a host's own `errorHandler` option does not see this route's
 * sockets), and the response is detached from the TCP socket.
 */
function releaseUpgrade(socket: WebSocket, log: FastifyBaseLogger): void {
  socket.removeAllListeners('error');
  socket.on('error', (error) => {
    log.warn({ err: error }, 'stockbell: socket error');
    socket.terminate();
  });
  const tcp = (socket as unknown as { _socket?: { _httpMessage?: { detachSocket?(socket: unknown): void } | null } })._socket;
  tcp?._httpMessage?.detachSocket?.(tcp);
}
