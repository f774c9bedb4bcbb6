/**
 * bench/demo-adapter — the demo host's InventoryHost at 10,000 users (issue #11): `getUsers` and
 * `canView` (a build, which needs each user's groups) for all of them, through createHostAdapter over
 * the demo's own store, against the same answer read straight through the driver in the same run,
 * statements prepared once outside the timed region:
 *   getUsers: the same two SELECTs (users, then their groups), one bound parameter each;
 *   canView:  one SELECT returning the ids allowed, written two ways (IN a subquery of the members who
 *             may; EXISTS per user): the ratio is against the faster of the two in each run.
 * Ids go in as one parameter: json_each on SQLite, `= any($1)` on PostgreSQL (`in (select unnest($1))`
 * took about twice as long). What the ratio shows is the demo's layer: Kysely, row mapping, grouping.
 *
 *   npm run bench:demo     (USERS=10000 RUNS=15; PostgreSQL from STOCKBELL_BENCH_PG, default local; "off" skips it)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type DemoDatabase, openDemoStore } from '../demo/db.ts';
import { createHostAdapter } from '../demo/host-adapter.ts';
import { insertUsers } from '../demo/store/users.ts';

const USERS = Number(process.env.USERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 15);
const PG_URL = process.env.STOCKBELL_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';
const BUILD = 1;

/** The same answers straight through the driver; canView two ways (the faster one is the baseline). */
interface Raw {
  getUsers(ids: number[]): Promise<unknown[]>;
  canViewExists(ids: number[]): Promise<unknown[]>;
  canViewIn(ids: number[]): Promise<unknown[]>;
  close(): Promise<void>;
}

const USERS_SQL = (isIn: (column: string) => string) =>
  `select id, username, name, email, is_admin, active, time_zone, locale from users where ${isIn('id')} order by id`;
const GROUPS_SQL = (isIn: (column: string) => string) =>
  `select ug.user_id, g.role, g.can_view_builds, g.can_edit_stock from user_groups ug join groups g on g.id = ug.group_id
   where ${isIn('ug.user_id')} order by g.role`;
const MAY_VIEW_BUILDS = 'select ug.user_id from user_groups ug join groups g on g.id = ug.group_id where g.can_view_builds = 1';
const VIEWERS_EXISTS_SQL = (isIn: (column: string) => string, build: string) =>
  `select u.id from users u where ${isIn('u.id')} and u.active = 1 and exists (select 1 from builds where id = ${build})
   and (u.is_admin = 1 or exists (${MAY_VIEW_BUILDS} and ug.user_id = u.id))`;
const VIEWERS_IN_SQL = (isIn: (column: string) => string, build: string) =>
  `select u.id from users u where ${isIn('u.id')} and u.active = 1 and exists (select 1 from builds where id = ${build})
   and (u.is_admin = 1 or u.id in (${MAY_VIEW_BUILDS}))`;

function rawSqlite(file: string): Raw {
  const db = new Database(file, { readonly: true });
  const isIn = (column: string) => `${column} in (select value from json_each(?))`;
  const users = db.prepare(USERS_SQL(isIn));
  const groups = db.prepare(GROUPS_SQL(isIn));
  const viewersExists = db.prepare(VIEWERS_EXISTS_SQL(isIn, '?'));
  const viewersIn = db.prepare(VIEWERS_IN_SQL(isIn, '?'));
  return {
    async getUsers(ids) {
      const json = JSON.stringify(ids);
      return [users.all(json), groups.all(json)];
    },
    canViewExists: async (ids) => viewersExists.all(JSON.stringify(ids), BUILD),
    canViewIn: async (ids) => viewersIn.all(JSON.stringify(ids), BUILD),
    async close() {
      db.close();
    },
  };
}

function rawPostgres(url: string, schema: string): Raw {
  const pool = new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` });
  // `= any($1)` rather than `in (select unnest($1))`: about half the time on 10,000 ids.
  const isIn = (column: string) => `${column} = any($1::integer[])`;
  const run = async (name: string, text: string, values: unknown[]) => (await pool.query({ name, text, values })).rows;
  return {
    async getUsers(ids) {
      return [await run('users', USERS_SQL(isIn), [ids]), await run('groups', GROUPS_SQL(isIn), [ids])];
    },
    canViewExists: (ids) => run('viewers-exists', VIEWERS_EXISTS_SQL(isIn, '$2'), [ids, BUILD]),
    canViewIn: (ids) => run('viewers-in', VIEWERS_IN_SQL(isIn, '$2'), [ids, BUILD]),
    close: () => pool.end(),
  };
}

interface Target {
  name: string;
  location: DemoDatabase;
  raw(): Raw;
  cleanup(): Promise<void>;
}

function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-demo-'));
  const file = join(dir, 'demo.sqlite');
  return { name: 'SQLite', location: { file }, raw: () => rawSqlite(file), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

function postgresTarget(): Target {
  const schema = `bench_demo_${randomBytes(4).toString('hex')}`;
  return {
    name: 'PostgreSQL',
    location: { url: PG_URL, schema },
    raw: () => rawPostgres(PG_URL, schema),
    async cleanup() {
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

async function time(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

/** Median and min–max, never the best run alone. */
function summary(values: number[], digits = 1, unit = ' ms'): string {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  const f = (v: number) => `${v.toFixed(digits)}${unit}`;
  return `${f(median)} (${f(sorted[0] as number)}–${f(sorted[sorted.length - 1] as number)})`;
}

async function measure(target: Target): Promise<string[]> {
  const store = await openDemoStore(target.location);
  const raw = target.raw();
  try {
    const roles = ['engineering', 'readers', 'all-access', 'engineering'];
    const ids = await insertUsers(
      store,
      Array.from({ length: USERS }, (_, i) => ({ username: `bench-${i}`, roles: [roles[i % roles.length] as string] })),
    );
    const asked = ids.map(String);
    const host = createHostAdapter(store);
    const many = USERS.toLocaleString('en');
    const calls: { name: string; adapter: () => Promise<unknown>; baselines: [string, () => Promise<unknown>][] }[] = [
      { name: `getUsers(${many} ids)`, adapter: () => host.getUsers(asked), baselines: [['two SELECTs', () => raw.getUsers(ids)]] },
      {
        name: `canView(${many} ids, a build)`,
        adapter: () => host.canView(asked, { kind: 'build', id: String(BUILD) }),
        baselines: [
          ['one SELECT, IN (members who may)', () => raw.canViewIn(ids)],
          ['one SELECT, EXISTS per user', () => raw.canViewExists(ids)],
        ],
      },
    ];
    const rows: string[] = [];
    for (const call of calls) {
      const adapterMs: number[] = [];
      const rawMs = call.baselines.map(() => [] as number[]);
      const ratios: number[] = [];
      for (let run = -2; run < RUNS; run++) {
        // Alternate who goes first, so neither always finds the caches the other warmed.
        const order = run % 2 === 0 ? [call.adapter, ...call.baselines.map(([, b]) => b)] : [...call.baselines.map(([, b]) => b), call.adapter];
        const times = new Map<() => Promise<unknown>, number>();
        for (const work of order) times.set(work, await time(work));
        if (run < 0) continue; // two warm-up runs
        const a = times.get(call.adapter) as number;
        const baselineTimes = call.baselines.map(([, b]) => times.get(b) as number);
        adapterMs.push(a);
        for (const [i, t] of baselineTimes.entries()) rawMs[i]?.push(t);
        ratios.push(a / Math.min(...baselineTimes));
      }
      const baselines = call.baselines.map(([label], i) => `${label}: ${summary(rawMs[i] as number[])}`).join('<br>');
      rows.push(`| ${target.name} | ${call.name} | ${summary(adapterMs)} | ${baselines} | ${summary(ratios, 2, '×')} |`);
    }
    return rows;
  } finally {
    await raw.close();
    await store.db.destroy();
    await target.cleanup();
  }
}

const targets = [sqliteTarget(), ...(PG_URL === 'off' ? [] : [postgresTarget()])];
const rows: string[] = [];
for (const target of targets) rows.push(...(await measure(target)));
console.log(`\nDemo host adapter, ${USERS.toLocaleString('en')} users; median (min–max) of ${RUNS} runs, ratio per run\n`);
console.log('| database | call | demo adapter | raw driver, same answer | ratio to the faster raw |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
