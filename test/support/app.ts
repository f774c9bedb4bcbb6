/**
 * A host app with Stockbell registered, for app.inject(): one per test, closed in teardown.
 * Callers are named with the `x-user` header (MemoryHost.authenticate).
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import stockbell from '../../server/index.ts';
import { contextOf } from '../../server/internals.ts';
import type { StockbellOptions } from '../../server/options.ts';
import type { Context } from '../../server/context.ts';
import { testClock, type TestClock } from './clock.ts';
import type { TestDatabase } from './databases.ts';
import { type MemoryHost, inventreeHost } from './memory-host.ts';

export interface RouteEntry {
  method: string;
  /** As registered, prefix included: `/plugins/stockbell/notifications/:id/read`. */
  url: string;
  config: Record<string, unknown>;
  schema: Record<string, unknown>;
}

export interface TestApp {
  app: FastifyInstance;
  /** Every route Stockbell registered (an onRoute hook set before it), so suites cannot forget one. */
  routes: RouteEntry[];
  host: MemoryHost;
  clock: TestClock;
  ctx: Context;
  /**
   * Listens on an ephemeral loopback port and makes that address the publicUrl setting, so pages
   * (and WebSocket clients) sending it as their Origin are trusted. Returns the address.
   */
  listen(): Promise<string>;
  /** GET/POST/… as a user; returns status and parsed JSON body. */
  as(userId: string | null, method: string, url: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startApp(db: TestDatabase, options: Partial<StockbellOptions> & { host?: MemoryHost } = {}): Promise<TestApp> {
  const host = options.host ?? inventreeHost();
  const clock = testClock();
  const created = db.create();
  const app = Fastify({ logger: false });
  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, config: (route.config ?? {}) as Record<string, unknown>, schema: (route.schema ?? {}) as Record<string, unknown> });
    }
  });
  await app.register(websocket);
  await app.register(stockbell, {
    host,
    clock,
    schedule: false,
    hostToken: 'test-host-token-0123456789',
    // Tests drive the delivery worker with runOnce() and their clock; a test that wants it running says so.
    delivery: { worker: false },
    ...options,
    database: created.database,
    ...(created.databaseSchema ? { databaseSchema: created.databaseSchema } : {}),
  });
  await app.ready();
  return {
    app,
    routes,
    host,
    clock,
    ctx: contextOf(app),
    async listen() {
      const address = await app.listen({ port: 0, host: '127.0.0.1' });
      await contextOf(app).settings.write(contextOf(app).em(), { publicUrl: address }, clock.now());
      return address;
    },
    async as(userId, method, url, body) {
      const response = await app.inject({
        method: method as 'GET',
        url: `/plugins/stockbell${url}`,
        headers: userId ? { 'x-user': userId } : {},
        ...(body === undefined ? {} : { payload: body as object }),
      });
      return { status: response.statusCode, body: response.body ? JSON.parse(response.body) : null };
    },
    async close() {
      await app.close();
      await created.cleanup();
    },
  };
}
