/**
 * What the crash suites' parent and child processes share (test/delivery-crash, test/crash-loop):
 * the host (1,000 users in one role), the seed the parent writes, and the child's Stockbell.
 */
import websocket from '@fastify/websocket';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import stockbell from '../../server/index.ts';
import { contextOf } from '../../server/internals.ts';
import { addEndpoint } from '../../server/settings/endpoints.ts';
import { MemoryHost } from './memory-host.ts';

export const CRASH_USERS = 1_000;
export const CRASH_ROLE = 'crew';

export function crashHost(): MemoryHost {
  const host = new MemoryHost();
  for (let i = 0; i < CRASH_USERS; i++) host.addUser(`u${i}`, { roles: [CRASH_ROLE], email: null });
  return host;
}

/**
 * Stockbell on `database` (no worker) with a webhook endpoint for every user at `hookUrl(user)`,
 * webhooks on for every kind. The caller raises what it needs, then closes the app.
 */
export async function seedCrashDatabase(database: string, hookUrl: (userId: string) => string): Promise<FastifyInstance> {
  const app = Fastify();
  await app.register(websocket);
  await app.register(stockbell, { host: crashHost(), database, schedule: false, delivery: { worker: false } });
  await app.ready();
  const ctx = contextOf(app);
  const now = ctx.clock.now();
  await ctx.em().transactional(async (tx) => {
    for (let i = 0; i < CRASH_USERS; i++) {
      await addEndpoint(tx, { userId: `u${i}`, channel: 'webhook', name: 'hook', url: hookUrl(`u${i}`), secret: 'whsec_crash' }, now);
    }
  });
  await ctx.settings.writeDefaults(ctx.em(), { global: { message: { webhook: true } } }, now);
  return app;
}

/**
 * The child's Stockbell with its worker running (short leases, so a killed process's jobs come back
 * soon), listening (what keeps a host process alive: Stockbell's own timers are unref'd), and closed
 * cleanly on SIGTERM. Prints `ready` once listening.
 */
export async function startCrashChild(database: string): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: 'warn' } });
  await app.register(websocket);
  await app.register(stockbell, {
    host: crashHost(),
    database,
    schedule: false,
    rateLimit: false,
    endpointAllowList: ['127.0.0.1'],
    delivery: { worker: true, pollMs: 50, leaseMs: 1_500, timeoutMs: 1_000, concurrency: 8 },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    app.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
  return app;
}

/** Reads the crash test's SQLite file from the parent, while a child may be writing it. */
export function readCrashDatabase<T>(database: string, sql: string): T[] {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
