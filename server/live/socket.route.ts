/**
 * `GET {prefix}/ws`: the live channel. The upgrade is authenticated through the host like any
 * request and its Origin must be allowed, or the client gets an HTTP 401/403 and no socket.
 * The server speaks first with the unread count, so a reconnecting client is in sync at once.
 */
// Brings in the { websocket: true } route option and the socket handler types.
import type {} from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import type { Context } from '../context.ts';
import { OriginError } from '../errors.ts';
import { requireUser, userOf } from '../http/auth.ts';
import type { LiveHub } from './live-hub.ts';
import type { SocketRegistry } from './socket-registry.ts';

export interface SocketRouteOptions {
  ctx: Context;
  registry: SocketRegistry;
  hub: Pick<LiveHub, 'greet'>;
}

export async function socketRoute(app: FastifyInstance, { ctx, registry, hub }: SocketRouteOptions): Promise<void> {
  app.get('/ws', {
    websocket: true,
    preValidation: [requireUser(ctx), async (request) => checkOrigin(ctx, request)],
    schema: { hide: true } as object,
  }, async (socket, request) => {
    const userId = userOf(request).id;
    releaseUpgrade(socket, app.log);
    registry.add(userId, socket);
    socket.on('message', () => {
      // The protocol is server → client; anything a client sends is ignored.
    });
    await hub.greet(userId, socket);
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
