/**
 * bench/fanout — one low-stock event whose part sits under a category with 10,000 subscribers,
 * end to end (host reads, subscriber query, canView, users, preferences, one transaction) until the
 * inbox rows — and the email delivery job each subscriber's default preferences ask for — are
 * committed; against a raw baseline in the same run: the same rows (inbox rows and jobs) inserted
 * with the driver's own multi-row INSERTs in one transaction. On SQLite and on PostgreSQL.
 *
 *   npm run bench:fanout                 (PostgreSQL from STOCKBELL_BENCH_PG, default local; "off" skips it)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import stockbell from '../server/index.ts';
import { contextOf } from '../server/internals.ts';
import { MemoryHost } from '../test/support/memory-host.ts';

const SUBSCRIBERS = Number(process.env.SUBSCRIBERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 15);
const PG_URL = process.env.STOCKBELL_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';

interface Target {
  name: string;
  options: { database: string; databaseSchema?: string };
  /** The same rows, straight through the driver: multi-row INSERTs in one transaction. */
  rawInsert(rows: { notifications: unknown[][]; jobs: unknown[][] }): Promise<void>;
  cleanup(): Promise<void>;
}

const NOTIFICATION_COLUMNS = 'event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at';
const JOB_COLUMNS = 'notification_id, user_id, channel, endpoint_id, kind, status, attempts, next_attempt_at, idempotency_key, payload, created_at, updated_at';

/** better-sqlite3: one prepared multi-row INSERT per chunk size, as many rows as SQLite binds. */
function insertChunks(db: Database.Database, columns: string, rows: unknown[][]): void {
  const table = columns.startsWith('event_id') ? 'stockbell_notifications' : 'stockbell_deliveries';
  const width = columns.split(',').length;
  const perStatement = Math.floor(32_766 / width);
  const marks = `(${new Array(width).fill('?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    db.prepare(`insert into ${table} (${columns}) values ${new Array(chunk.length).fill(marks).join(', ')}`).run(chunk.flat());
  }
}

function buildHost(): MemoryHost {
  const host = new MemoryHost();
  host.categories.set('1', { id: '1', name: 'Electronics', parentId: null, url: '/categories/1' });
  host.categories.set('2', { id: '2', name: 'Passives', parentId: '1', url: '/categories/2' });
  host.parts.set('1', { id: '1', name: 'R_10K_0603', categoryId: '2', variantOf: null, minimumStock: 100, ownStock: 500, url: '/parts/1', active: true });
  for (let i = 0; i < SUBSCRIBERS; i++) host.addUser(`u${i}`, { roles: ['engineering'] });
  return host;
}

async function sqliteTarget(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-'));
  const file = join(dir, 'stockbell.sqlite');
  return {
    name: 'SQLite',
    options: { database: file },
    async rawInsert(rows) {
      const db = new Database(file);
      const insertAll = db.transaction(() => {
        insertChunks(db, NOTIFICATION_COLUMNS, rows.notifications);
        insertChunks(db, JOB_COLUMNS, rows.jobs);
      });
      insertAll();
      db.close();
    },
    async cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresTarget(): Promise<Target | null> {
  if (PG_URL === 'off') return null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  try {
    await client.connect();
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    return null;
  }
  return {
    name: 'PostgreSQL',
    options: { database: PG_URL, databaseSchema: schema },
    async rawInsert(rows) {
      await client.query('begin');
      for (const [columns, all] of [[NOTIFICATION_COLUMNS, rows.notifications], [JOB_COLUMNS, rows.jobs]] as const) {
        const width = columns.split(',').length;
        const perStatement = Math.floor(65_535 / width);
        for (let i = 0; i < all.length; i += perStatement) {
          const chunk = all.slice(i, i + perStatement);
          const values = chunk.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`).join(', ');
          await client.query(`insert into ${columns.startsWith('event_id') ? 'stockbell_notifications' : 'stockbell_deliveries'} (${columns}) values ${values}`, chunk.flat());
        }
      }
      await client.query('commit');
    },
    async cleanup() {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

async function run(target: Target) {
  const host = buildHost();
  const app = Fastify();
  await app.register(websocket);
  // The worker stays off: this measures writing the event, not sending the mail it plans.
  await app.register(stockbell, { host, schedule: false, delivery: { worker: false }, ...target.options });
  await app.ready();
  const users = [...host.users.keys()];
  for (const user of users) await app.inject({ method: 'PUT', url: '/plugins/stockbell/subscriptions/category/1', headers: { 'x-user': user } });

  const engine: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    host.setStock('1', 500);
    await app.stockbell.events.stockChanged('1');
    host.setStock('1', 10);
    const started = performance.now();
    const outcome = await app.stockbell.events.stockChanged('1');
    const engineMs = performance.now() - started;
    if (outcome.notified !== SUBSCRIBERS) throw new Error(`expected ${SUBSCRIBERS} rows, got ${outcome.notified}`);

    // The baseline writes the very rows the engine wrote (same columns, same JSON), fresh ids and keys.
    const now = new Date();
    const data = JSON.stringify({ partId: '1', partName: 'R_10K_0603', stock: 10, minimum: 100, url: '/parts/1' });
    const reason = JSON.stringify({ type: 'category', path: ['Electronics'] });
    const at = target.name === 'SQLite' ? now.getTime() : now;
    const notifications = users.map((user) => [outcome.eventId, user, 'part.low_stock', 'part', '1', data, reason, null, at]);
    const jobs = users.map((user, n) => [n + 1, user, 'email', null, 'part.low_stock', 'pending', 0, at, `raw.${i}.${n}.email`, null, at, at]);
    const planned = await jobCount(app, outcome.eventId);
    if (planned !== SUBSCRIBERS) throw new Error(`expected ${SUBSCRIBERS} email jobs, got ${planned}`);
    const rawStarted = performance.now();
    await target.rawInsert({ notifications, jobs });
    const rawMs = performance.now() - rawStarted;
    if (i >= 2) {
      engine.push(engineMs);
      raw.push(rawMs);
    }
  }
  await app.close();
  return { engine: median(engine), raw: median(raw) };
}

async function jobCount(app: FastifyInstance, eventId: number | null): Promise<number> {
  const [row] = await contextOf(app).em().execute<{ n: number | string }[]>(
    `select count(*) as n from stockbell_deliveries d join stockbell_notifications n on n.id = d.notification_id where n.event_id = ?`,
    [eventId],
  );
  return Number(row?.n ?? 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const targets = [await sqliteTarget(), await postgresTarget()].filter((t): t is Target => t !== null);
console.log(`bench/fanout: one low-stock event → ${SUBSCRIBERS.toLocaleString('en')} category subscribers, median of ${RUNS} runs`);
console.log('| database | Stockbell, event → committed rows and jobs | raw multi-row INSERTs | ratio (goal ≤ 2.0×) |');
console.log('| --- | ---: | ---: | ---: |');
for (const target of targets) {
  try {
    const { engine, raw } = await run(target);
    console.log(`| ${target.name} | ${engine.toFixed(1)} ms | ${raw.toFixed(1)} ms | ${(engine / raw).toFixed(2)}× |`);
  } finally {
    await target.cleanup();
  }
}
