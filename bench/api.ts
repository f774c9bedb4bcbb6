/**
 * bench/api — the read API under load: `GET /notifications/unread-count` and
 * `GET /notifications?limit=20` through Stockbell, against a bare Fastify route answering the same
 * bytes and against the same SQL in a bare route (better-sqlite3, prepared, the same file), in the
 * same rounds; and both routes once more through the demo host's own adapter and session check.
 * A million inbox rows across a thousand users; autocannon with 50 connections, each request as
 * the next user in turn.
 *
 *   npm run bench:api -- [--users 1000] [--per-user 1000] [--connections 50] [--seconds 4] [--rounds 5]
 *
 * Every server is a child process (support/api-server.ts); autocannon runs here. SQLite only.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import type { StartArgs } from './support/api-server.ts';
import { type Child, spawnChild } from './support/child.ts';
import { commandLine, flag, inRounds, printMachine, progress } from './support/run.ts';
import { migrateSqlite, seedInbox } from './support/seed.ts';
import { legend, perSecond, ratioCell, ratios, spread } from './support/stats.ts';

const USERS = flag('users', 1_000);
const PER_USER = flag('per-user', 1_000);
const CONNECTIONS = flag('connections', 50);
const SECONDS = flag('seconds', 4);
const ROUNDS = flag('rounds', 5);
const PREFIX = '/plugins/stockbell';
/** The demo's own users keep their ids; the bench's users come after them. */
const FIRST_ID = 10_001;
const log = progress('bench/api');

type Variant = 'stockbell' | 'bare' | 'sql' | 'demo';
const ROUTES = { unreadCount: `${PREFIX}/notifications/unread-count`, list: `${PREFIX}/notifications?limit=20` } as const;
type Route = keyof typeof ROUTES;

const userIds = Array.from({ length: USERS }, (_, i) => String(FIRST_ID + i));
const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-api-'));
const file = join(dir, 'stockbell.sqlite');
const servers = new Map<Variant, { child: Child; url: string }>();

/** Requests per second over SECONDS, every request as the next user; throws on any non-2xx or error. */
async function load(url: string, path: string, headersOf: (i: number) => Record<string, string>): Promise<{ rate: number; bytes: number }> {
  let next = 0;
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'GET', path, setupRequest: (request) => ({ ...request, headers: { ...request.headers, ...headersOf(next++) } }) }],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  if (failed > 0) throw new Error(`${url}${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return { rate: result.requests.total / (result.duration || SECONDS), bytes: result.throughput.total / Math.max(1, result.requests.total) };
}

async function get(variant: Variant, path: string, headers: Record<string, string>): Promise<string> {
  const response = await fetch(`${servers.get(variant)!.url}${path}`, { headers });
  if (!response.ok) throw new Error(`${variant} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.text();
}

async function start(variant: Variant, args: Partial<StartArgs>): Promise<void> {
  const child = spawnChild(new URL('./support/api-server.ts', import.meta.url), { args: [variant] });
  const { url } = await child.request<{ url: string }>('start', { file, userIds, prefix: PREFIX, ...args }, 300_000);
  servers.set(variant, { child, url });
}

/** Adds the bench's users to the demo's own tables and signs each in; returns their session cookies. */
async function demoSessions(demoDb: string): Promise<string[]> {
  const db = new Database(demoDb);
  try {
    const group = db.prepare<[], { id: number }>("select id from groups where role = 'engineering'").get();
    const user = db.prepare('insert into users (id, username, name, email, is_admin, active) values (?, ?, ?, ?, 0, 1)');
    const member = db.prepare('insert into user_groups (user_id, group_id) values (?, ?)');
    db.transaction(() => {
      for (const id of userIds) {
        user.run(Number(id), `bench${id}`, `Bench user ${id}`, `bench${id}@example.test`);
        if (group) member.run(Number(id), group.id);
      }
    })();
  } finally {
    db.close();
  }
  const cookies: string[] = [];
  for (const id of userIds) {
    const response = await fetch(`${servers.get('demo')!.url}/demo/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `bench${id}` }) });
    const cookie = response.headers.get('set-cookie')?.split(';')[0];
    if (!response.ok || !cookie) throw new Error(`demo login as bench${id}: HTTP ${response.status}`);
    cookies.push(cookie);
  }
  return cookies;
}

try {
  await printMachine('bench/api', commandLine());
  log(`seeding ${(USERS * PER_USER).toLocaleString('en')} inbox rows (${USERS.toLocaleString('en')} users × ${PER_USER.toLocaleString('en')})`);
  await migrateSqlite(file);
  seedInbox(file, { userIds, perUser: PER_USER, readShare: 0.75 });
  // The demo keeps Stockbell's file in its data directory: that is the same file, linked.
  const dataDir = join(dir, 'demo');
  mkdirSync(dataDir);
  symlinkSync(file, join(dataDir, 'stockbell.sqlite'));

  log('starting the servers');
  await start('stockbell', {});
  await start('sql', {});
  await start('demo', { dataDir });
  const as = (i: number) => ({ 'x-user': userIds[i % USERS]! });
  const bodies = { unreadCount: await get('stockbell', ROUTES.unreadCount, as(0)), list: await get('stockbell', ROUTES.list, as(0)) };
  await start('bare', { bodies });
  const cookies = await demoSessions(join(dataDir, 'demo.sqlite'));
  const headersOf: Record<Variant, (i: number) => Record<string, string>> = {
    stockbell: as,
    bare: as,
    sql: as,
    demo: (i) => ({ cookie: cookies[i % USERS]! }),
  };

  // The variants must answer the same thing before their speed means anything.
  for (const i of [0, 1, USERS - 1]) {
    const counts = await Promise.all((['stockbell', 'sql', 'demo'] as const).map(async (v) => (JSON.parse(await get(v, ROUTES.unreadCount, headersOf[v](i))) as { count: number }).count));
    const ids = await Promise.all((['stockbell', 'sql', 'demo'] as const).map(async (v) => (JSON.parse(await get(v, ROUTES.list, headersOf[v](i))) as { items: { id: unknown }[] }).items.map((item) => String(item.id)).join()));
    if (new Set(counts).size !== 1 || new Set(ids).size !== 1) throw new Error(`the variants disagree for user ${userIds[i]}: counts ${counts.join(', ')}`);
  }

  const rates = {} as Record<Route, Record<Variant, number[]>>;
  const replyBytes = {} as Record<Route, Record<Variant, number>>;
  for (const route of Object.keys(ROUTES) as Route[]) {
    log(`${route}: a warm-up and ${ROUNDS} rounds of ${SECONDS} s per server`);
    const measure = (variant: Variant) => async () => {
      const { rate, bytes } = await load(servers.get(variant)!.url, ROUTES[route], headersOf[variant]);
      replyBytes[route] ??= {} as Record<Variant, number>;
      replyBytes[route][variant] = bytes;
      return rate;
    };
    rates[route] = await inRounds({ rounds: ROUNDS, warmup: 1, log }, { stockbell: measure('stockbell'), bare: measure('bare'), sql: measure('sql'), demo: measure('demo') });
  }

  console.log(`\n#### The read API: ${(USERS * PER_USER).toLocaleString('en')} inbox rows across ${USERS.toLocaleString('en')} users (SQLite), autocannon with ${CONNECTIONS} connections, ${SECONDS} s per server per round\n`);
  console.log(`${legend(ROUNDS)} Requests per second; each request is the next user in turn (\`x-user\`, or the demo's signed session cookie). Bare: a Fastify route answering Stockbell's bytes for one user. Same SQL: Stockbell's query through better-sqlite3, prepared, on the same file, rows sent as read. Every server is a process of its own.\n`);
  console.log('| route | Stockbell | bare Fastify route | same SQL in a bare route | Stockbell ÷ bare | Stockbell ÷ same SQL |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const row = (name: string, route: Route, variant: 'stockbell' | 'demo', goals: { bare?: number; sql?: number }) => {
    const r = rates[route];
    console.log(`| ${name} | ${spread(r[variant], perSecond)} | ${spread(r.bare, perSecond)} | ${spread(r.sql, perSecond)} | ${ratioCell(ratios(r[variant], r.bare), goals.bare, true)} | ${ratioCell(ratios(r[variant], r.sql), goals.sql, true)} |`);
  };
  row('`GET /notifications/unread-count` (goal ≥ 0.5× bare)', 'unreadCount', 'stockbell', { bare: 0.5 });
  row('the same through the demo host (its adapter and session check; goal ≥ 0.5× bare)', 'unreadCount', 'demo', { bare: 0.5 });
  row('`GET /notifications?limit=20` (goal ≥ 0.5× same SQL)', 'list', 'stockbell', { sql: 0.5 });
  row('the same through the demo host', 'list', 'demo', {});
  const b = (route: Route) => (['stockbell', 'bare', 'sql', 'demo'] as const).map((v) => `${v} ${Math.round(replyBytes[route][v])}`).join(', ');
  console.log(`\nBytes per reply, headers included: unread count ${b('unreadCount')}; list ${b('list')}.`);
} finally {
  for (const { child } of servers.values()) await child.close();
  rmSync(dir, { recursive: true, force: true });
}
