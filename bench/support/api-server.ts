/**
 * A server process of bench/api, one per variant, all answering the same two paths
 * (`{prefix}/notifications/unread-count` and `{prefix}/notifications`) on one SQLite file:
 *
 *   stockbell  Fastify + @fastify/websocket + Stockbell, the in-memory host (`x-user` names the user)
 *   bare       Fastify with routes that answer a fixed body of the same bytes: the framework's ceiling
 *   sql        Fastify with routes that run the SQL Stockbell runs, through better-sqlite3 prepared
 *              statements on the same file, and send the rows as they come
 *   demo       the demo host as it is (demo/app.ts): its own adapter, signed-cookie session and SQLite
 *
 * Each runs alone in its process, so the load generator and the server under test each have a core.
 */
import { registerHooks } from 'node:module';
import type { AddressInfo } from 'node:net';
import Database from 'better-sqlite3';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { serve } from './child.ts';

const variant = process.argv[2];
if (!['stockbell', 'bare', 'sql', 'demo'].includes(variant ?? '')) throw new Error('usage: api-server.ts stockbell|bare|sql|demo');

export interface StartArgs {
  /** Stockbell's SQLite file (stockbell, sql). */
  file: string;
  /** The users the in-memory host knows (stockbell). */
  userIds: string[];
  prefix: string;
  /** bare: the bodies to answer with, captured from Stockbell. */
  bodies?: { unreadCount: string; list: string };
  /** demo: its data directory (its own database, Stockbell's file, the cookie secret). */
  dataDir?: string;
}

let app: FastifyInstance | null = null;
let cleanup: () => void = () => {};

async function stockbellServer({ file, userIds }: StartArgs): Promise<FastifyInstance> {
  const { stockbellApp } = await import('./app.ts');
  const { MemoryHost } = await import('../../test/support/memory-host.ts');
  const host = new MemoryHost();
  for (const id of userIds) host.addUser(id, { roles: ['staff'] });
  return stockbellApp({ host, database: file });
}

function bareServer({ prefix, bodies }: StartArgs): FastifyInstance {
  if (!bodies) throw new Error('bare: no bodies given');
  const server = Fastify({ logger: false });
  server.get(`${prefix}/notifications/unread-count`, (_request, reply) => reply.type('application/json').send(bodies.unreadCount));
  server.get(`${prefix}/notifications`, (_request, reply) => reply.type('application/json').send(bodies.list));
  return server;
}

interface Row {
  id: number;
  kind: string;
  target_kind: string | null;
  target_id: string | null;
  data: string;
  reason: string;
  locale: string | null;
  created_at: number;
  read_at: number | null;
  alert_state: string | null;
  resolved_at: number | null;
  resolution: string | null;
  snoozed_until: number | null;
}

function sqlServer({ file, prefix }: StartArgs): FastifyInstance {
  const db = new Database(file, { readonly: true });
  cleanup = () => db.close();
  // What Stockbell's queries ask (unread count; the newest page plus one, to know if there is more).
  // Word for word the statements of server/inbox/inbox-queries.ts (the list's default state is `all`).
  const unread = db.prepare<[string], { n: number }>(
    'select count(*) as n from stockbell_notifications where user_id = ? and read_at is null and snoozed_until is null',
  );
  const page = db.prepare<[string, number], Row>(
    `select id, kind, target_kind, target_id, data, reason, locale, created_at, read_at, alert_state, resolved_at, resolution, snoozed_until
     from stockbell_notifications where user_id = ? and snoozed_until is null order by id desc limit ?`,
  );
  const server = Fastify({ logger: false });
  const userOf = (request: FastifyRequest) => {
    const user = request.headers['x-user'];
    return typeof user === 'string' ? user : null;
  };
  server.get(`${prefix}/notifications/unread-count`, (request, reply) => {
    const user = userOf(request);
    if (!user) return reply.code(401).send({ error: 'who?' });
    return reply.send({ count: unread.get(user)!.n });
  });
  server.get<{ Querystring: { limit?: string } }>(`${prefix}/notifications`, (request, reply) => {
    const user = userOf(request);
    if (!user) return reply.code(401).send({ error: 'who?' });
    const limit = Number(request.query.limit ?? 20);
    const rows = page.all(user, limit + 1);
    const items = rows.slice(0, limit).map((row) => ({
      ...row,
      data: JSON.parse(row.data),
      reason: JSON.parse(row.reason),
      resolution: row.resolution === null ? null : JSON.parse(row.resolution),
    }));
    return reply.send({ items, nextCursor: rows.length > limit ? String(items[items.length - 1]!.id) : null });
  });
  return server;
}

async function demoServer({ dataDir }: StartArgs): Promise<FastifyInstance> {
  if (!dataDir) throw new Error('demo: no dataDir given');
  // The demo imports the plugin by its package name, which Node resolves to the build in dist/;
  // the tests alias it to the source, and so does this process.
  const source = new URL('../../server/index.ts', import.meta.url).href;
  registerHooks({ resolve: (specifier, context, next) => next(specifier === 'stockbell' ? source : specifier, context) });
  const { buildDemo } = await import('../../demo/app.ts');
  return buildDemo({ dataDir, logger: false });
}

serve(
  {
    async start(args: StartArgs) {
      app =
        variant === 'stockbell' ? await stockbellServer(args)
        : variant === 'bare' ? bareServer(args)
        : variant === 'sql' ? sqlServer(args)
        : await demoServer(args);
      await app.listen({ host: '127.0.0.1', port: 0 });
      return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
    },
  },
  async () => {
    await app?.close();
    cleanup();
  },
);
