/** Live push: the broadcaster seam, the socket registry, the hub and the route. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { type Broadcaster, InProcessBroadcaster } from './broadcaster.ts';
import { PostgresBroadcaster } from './pg-broadcaster.ts';
import { LiveHub } from './live-hub.ts';
import { SocketRegistry } from './socket-registry.ts';

export { type Broadcaster, InProcessBroadcaster, type LiveSignal } from './broadcaster.ts';
export { PostgresBroadcaster } from './pg-broadcaster.ts';
export { LiveHub } from './live-hub.ts';
export { socketRoute } from './socket.route.ts';

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

export interface Live {
  hub: LiveHub;
  registry: SocketRegistry;
}

/** The broadcaster, the registry and the hub, closed with the app; the `/ws` route is mounted by `socketRoute`. */
export async function createLive(app: FastifyInstance, ctx: Context, options: LiveOptions): Promise<Live> {
  const registry = new SocketRegistry();
  const broadcaster = options.broadcaster ?? (await defaultBroadcaster(ctx, (error) => app.log.error({ err: error }, 'stockbell: live signal failed')));
  const hub = new LiveHub(ctx, broadcaster, registry, (error) => app.log.error({ err: error }, 'stockbell: live push failed'));
  const heartbeat = setInterval(() => registry.heartbeat(), options.heartbeatMs);
  heartbeat.unref();
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    registry.closeAll();
  });
  app.addHook('onClose', async () => broadcaster.close());
  return { hub, registry };
}
