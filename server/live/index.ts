/** Live push: the broadcaster seam, the socket registry, the hub and the route. */
import type { FastifyInstance } from 'fastify';
import type { Context } from '../context.ts';
import { unreadCountsAsOf } from '../inbox/inbox-queries.ts';
import { type Broadcaster, InProcessBroadcaster } from './broadcaster.ts';
import { PostgresBroadcaster } from './pg-broadcaster.ts';
import { LiveHub } from './live-hub.ts';
import { SocketRegistry } from './socket-registry.ts';
import { UnreadTally } from './unread-tally.ts';

export { type Broadcaster, InProcessBroadcaster, type LiveSignal } from './broadcaster.ts';
export { PostgresBroadcaster } from './pg-broadcaster.ts';
export { LiveHub } from './live-hub.ts';
export { socketRoute } from './socket.route.ts';

export interface LiveOptions {
  broadcaster?: Broadcaster;
  heartbeatMs: number;
  maxSocketsPerUser: number;
}

/**
 * The host's broadcaster if it gave one; else one process needs nothing, and on PostgreSQL instances
 * share signals through LISTEN/NOTIFY. Listening before this resolves, so nothing committed after boot is missed.
 */
export async function openBroadcaster(ctx: Context, options: LiveOptions, onError: (error: unknown) => void): Promise<Broadcaster> {
  if (options.broadcaster) return options.broadcaster;
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

/** The registry and the hub over the broadcaster, closed with the app; the `/ws` route is mounted by `socketRoute`. */
export async function createLive(app: FastifyInstance, ctx: Context, broadcaster: Broadcaster, options: LiveOptions): Promise<Live> {
  const tally = new UnreadTally((userIds) => unreadCountsAsOf(ctx.db, userIds));
  const registry = new SocketRegistry(options.maxSocketsPerUser, (userId) => tally.forget(userId));
  const hub = await LiveHub.open(ctx, broadcaster, registry, tally, (error) => app.log.error({ err: error }, 'stockbell: live push failed'));
  const heartbeat = setInterval(() => registry.heartbeat(), options.heartbeatMs);
  heartbeat.unref();
  app.addHook('preClose', async () => {
    clearInterval(heartbeat);
    registry.closeAll();
  });
  return { hub, registry };
}
