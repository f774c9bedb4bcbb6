/**
 * The demo inventory host: its own tables seeded from InvenTree's demo dataset, a signed session cookie,
 * server-rendered pages and a small JSON API, with Stockbell installed as a host would install it.
 * One process on SQLite files in a data directory, or any number of processes on one PostgreSQL.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import cookie from '@fastify/cookie';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import stockbell, { type Clock } from 'stockbell';
import type { ActionContext } from './actions.ts';
import { DEMO_DB_FILE, type DemoDatabase, openDemoStore } from './db.ts';
import { createHostAdapter } from './host-adapter.ts';
import { apiRoutes } from './routes/api.ts';
import { assetRoutes } from './routes/assets.ts';
import { authRoutes } from './routes/auth.ts';
import type { RouteContext } from './routes/context.ts';
import { formRoutes } from './routes/forms.ts';
import { notFound } from './routes/not-found.ts';
import { pageRoutes } from './routes/pages.ts';
import { schemaErrorFormatter } from './routes/validation.ts';
import { loadSecrets } from './secrets.ts';
import { sessionUser } from './session.ts';

export interface DemoOptions {
  /** Where the demo keeps its SQLite databases, its own and Stockbell's (created if missing). */
  dataDir?: string;
  /**
   * A `postgres://` URL instead: the demo's tables and Stockbell's in one PostgreSQL, so that several
   * demo processes on it are one host (shared inventory, users, session secret and live signals).
   */
  databaseUrl?: string;
  /** With `databaseUrl`: the schema for both (created if missing); otherwise the connection's default. */
  databaseSchema?: string;
  logger?: boolean;
  /** The URL people reach the demo at: the initial value of Stockbell's `publicUrl` setting (links in mail and chat). */
  publicUrl?: string;
  /** Where email goes (`smtp://127.0.0.1:2525`); without it Stockbell writes each mail to the log. */
  smtpUrl?: string;
  /** Let chat and webhook endpoints on this machine through (127.0.0.1, ::1, localhost), for trying channels locally. */
  allowLoopbackEndpoints?: boolean;
  /** Switch Stockbell's per-user rate limits off (benchmarks measure the code, not the limiter). */
  rateLimitOff?: boolean;
  /**
   * Tests only: the time Stockbell reads (snooze returns, quiet hours, due jobs), so a browser test
   * can move it. Only code that builds the demo can pass it; `demo/main.ts` never does.
   */
  clock?: Clock;
}

/** Stockbell's database file inside the data directory. */
export const STOCKBELL_DB_FILE = 'stockbell.sqlite';

/** Where the demo's tables and Stockbell's live, from the options. */
function storage(options: DemoOptions): { demo: DemoDatabase; stockbell: { database: string; databaseSchema?: string } } {
  const { databaseUrl: url, databaseSchema: schema } = options;
  if (url) return { demo: { url, schema }, stockbell: { database: url, ...(schema ? { databaseSchema: schema } : {}) } };
  if (schema) throw new Error('databaseSchema needs databaseUrl');
  if (!options.dataDir) throw new Error('the demo needs a dataDir or a databaseUrl');
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  return { demo: { file: join(dataDir, DEMO_DB_FILE) }, stockbell: { database: join(dataDir, STOCKBELL_DB_FILE) } };
}

export async function buildDemo(options: DemoOptions): Promise<FastifyInstance> {
  const where = storage(options);
  const store = await openDemoStore(where.demo);
  const app = Fastify({ logger: options.logger ?? false });
  app.addHook('onClose', async () => store.db.destroy());
  try {
    const secrets = await loadSecrets(store);
    app.setSchemaErrorFormatter(schemaErrorFormatter);
    await app.register(cookie, { secret: secrets.cookieSecret });
    await app.register(websocket);
    await app.register(stockbell, {
      host: createHostAdapter(store),
      ...where.stockbell,
      hostToken: secrets.hostToken,
      ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
      ...(options.smtpUrl ? { smtp: options.smtpUrl } : {}),
      ...(options.allowLoopbackEndpoints ? { endpointAllowList: ['127.0.0.1', '::1', 'localhost'] } : {}),
      ...(options.rateLimitOff ? { rateLimit: false as const } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    });

    const actions: ActionContext = {
      store,
      events: () => app.stockbell.events,
      log: app.log,
      now: () => new Date(),
    };
    const ctx: RouteContext = {
      store,
      actions,
      currentUser: (request) => sessionUser(store, request),
      pluginPrefix: () => app.stockbell.prefix,
    };
    notFound(app, ctx);
    await app.register(assetRoutes);
    await app.register(authRoutes, { ctx });
    await app.register(apiRoutes, { ctx });
    await app.register(formRoutes, { ctx });
    await app.register(pageRoutes, { ctx });
    return app;
  } catch (error) {
    await app.close().catch(() => {});
    await store.db.destroy().catch(() => {});
    throw error;
  }
}
