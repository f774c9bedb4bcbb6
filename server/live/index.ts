/** Live push: the inbox bus, the broadcaster seam, the socket registry, the hub and the route. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { type Broadcaster, InProcessBroadcaster } from './broadcaster.ts';
import { PostgresBroadcaster } from './pg-broadcaster.ts';
import { startLiveHub } from './live-hub.ts';
import { SocketRegistry } from './socket-registry.ts';
import { socketRoute } from './socket.route.ts';

export { type Broadcaster, InProcessBroadcaster, type LiveSignal } from './broadcaster.ts';
export { PostgresBroadcaster } from './pg-broadcaster.ts';
export { InboxBus } from './inbox-bus.ts';

export interface LiveOptions {
  broadcaster?: Broadcaster;
  heartbeatMs: number;
}

/** One process needs nothing; on PostgreSQL, instances share signals through LISTEN/NOTIFY. */
async function defaultBroadcaster(ctx: Context, onError: (error: unknown) => void): Promise<Broadcaster> {
  const database = ctx.options.database;
  if (database.dialect !== 'postgresql') return new InProcessBroadcaster();
  const broadcaster = new PostgresBroadcaster({ url: database.location, schema: database.schema, onError });
  await broadcaster.start();
  return broadcaster;
}

/** Mounts `/ws` on `api` (the prefixed child) and wires the hub; closes everything on app close. */
export async function registerLive(app: FastifyInstance, api: FastifyInstance, ctx: Context, options: LiveOptions): Promise<SocketRegistry> {
  const registry = new SocketRegistry();
  const broadcaster = options.broadcaster ?? (await defaultBroadcaster(ctx, (error) => app.log.error({ err: error }, 'stockbell: live signal failed')));
  startLiveHub(ctx, broadcaster, registry, (error) => app.log.error({ err: error }, 'stockbell: live push failed'));
  const heartbeat = setInterval(() => registry.heartbeat(), options.heartbeatMs);
  heartbeat.unref();
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    registry.closeAll();
  });
  app.addHook('onClose', async () => broadcaster.close());
  await api.register(socketRoute, { ctx, registry });
  return registry;
}
