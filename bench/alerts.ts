/**
 * bench/alerts — resolving one low-stock alert for 10,000 recipients: the stock event that brings
 * the part back above its minimum (`events.stockChanged`: host reads, the low-stock decision, the
 * state flip, the resolving UPDATE, the live signal, one transaction), against the raw UPDATE of the
 * same 10,000 open rows on its own connection, in the same rounds. On SQLite and on PostgreSQL.
 *
 *   npm run bench:alerts -- [--recipients 10000] [--rounds 11] [--warmup 1]
 *   (PostgreSQL from STOCKBELL_BENCH_PG, default local; STOCKBELL_BENCH_PG=off skips it)
 *
 * Before each timed call, untimed, the part drops below its minimum so that its 10,000 subscribers
 * have an open alert each; after a raw round, the part goes back up (the state flips, nothing is
 * left open to resolve) so the next drop raises a new alert.
 */
import Database from 'better-sqlite3';
import pg from 'pg';
import { MemoryHost } from '../test/support/memory-host.ts';
import { stockbellApp } from './support/app.ts';
import { type Target, targets } from './support/databases.ts';
import { execute } from './support/internals.ts';
import { commandLine, flag, inRounds, printMachine, progress } from './support/run.ts';
import { fastest, legend, ms, ratioCell, ratios, spread } from './support/stats.ts';

const RECIPIENTS = flag('recipients', 10_000);
const ROUNDS = flag('rounds', 11);
const WARMUP = flag('warmup', 1);
const log = progress('bench/alerts');
const PART = '1';
const MINIMUM = 100;

/** What the engine writes (store/event-writer.ts, RESOLVE), with and without handing the rows back. */
const UPDATE = `update stockbell_notifications set alert_state = 'resolved', resolved_at = $1, resolution = $2,
  snoozed_until = case when snoozed_until = $3 then null else snoozed_until end
  where target_id = $4 and alert_state = 'open' and target_kind = 'part' and kind = 'part.low_stock'`;
const RETURNING = `${UPDATE} returning id, user_id`;
/** `UNTIL_RESOLVED` in store/entities.ts: the snooze that ends with its alert. */
const UNTIL_RESOLVED = new Date('9999-12-31T00:00:00.000Z');

interface RawUpdate {
  name: string;
  /** Resolves the open rows of the part; returns how many changed. */
  run(now: Date, resolution: string): Promise<number>;
  close(): Promise<void>;
}

function sqliteUpdates(file: string): RawUpdate[] {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const sqlite = (text: string) => text.replace(/\$\d/g, '?');
  const plain = db.prepare(sqlite(UPDATE));
  const returning = db.prepare(sqlite(RETURNING));
  // Dates as Stockbell's SQLite driver binds them (epoch milliseconds).
  const params = (now: Date, resolution: string) => [now.getTime(), resolution, UNTIL_RESOLVED.getTime(), PART];
  let closed = false;
  const close = async () => {
    if (!closed) db.close();
    closed = true;
  };
  return [
    { name: 'UPDATE', run: async (now, resolution) => plain.run(...params(now, resolution)).changes, close },
    { name: 'UPDATE … RETURNING id, user_id', run: async (now, resolution) => returning.all(...params(now, resolution)).length, close },
  ];
}

async function postgresUpdates(url: string, schema: string): Promise<RawUpdate[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`set search_path to ${schema}`);
  const run = (name: string, text: string) => async (now: Date, resolution: string) =>
    (await client.query({ name, text, values: [now, resolution, UNTIL_RESOLVED, PART] })).rowCount ?? 0;
  let closed = false;
  const close = async () => {
    if (!closed) await client.end();
    closed = true;
  };
  return [
    { name: 'UPDATE', run: run('bench_resolve', UPDATE), close },
    { name: 'UPDATE … RETURNING id, user_id', run: run('bench_resolve_returning', RETURNING), close },
  ];
}

function buildHost(): MemoryHost {
  const host = new MemoryHost();
  host.categories.set('1', { id: '1', name: 'Electronics', parentId: null, url: '/categories/1' });
  host.parts.set(PART, { id: PART, name: 'R_10K_0603', categoryId: '1', variantOf: null, minimumStock: MINIMUM, ownStock: 500, url: '/parts/1', active: true });
  for (let i = 0; i < RECIPIENTS; i++) host.addUser(`u${i}`, { roles: ['engineering'] });
  return host;
}

interface Measured {
  stockbell: number[];
  baselines: { name: string; rounds: number[] }[];
}

async function run(target: Target): Promise<Measured> {
  const host = buildHost();
  // The worker stays off: the event plans no mail here (a resolution sends none), but nothing else runs either.
  const app = await stockbellApp({ host, ...target.options });
  log(`${target.name}: subscribing ${RECIPIENTS.toLocaleString('en')} users`);
  for (const user of host.users.keys()) {
    const reply = await app.inject({ method: 'PUT', url: '/plugins/stockbell/subscriptions/category/1', headers: { 'x-user': user } });
    if (reply.statusCode >= 300) throw new Error(`subscribe: HTTP ${reply.statusCode} ${reply.body}`);
  }
  const openRows = async () => Number((await execute<{ n: number | string }>(app, `select count(*) as n from stockbell_notifications where target_id = ? and alert_state = 'open'`, [PART]))[0]?.n);

  /** The part drops below its minimum: every subscriber gets an open alert (untimed). */
  const raise = async () => {
    host.setStock(PART, 10);
    const outcome = await app.stockbell.events.stockChanged(PART);
    if (outcome.notified !== RECIPIENTS) throw new Error(`raise: ${outcome.notified} rows, expected ${RECIPIENTS}`);
  };
  /** The part recovers: the event resolves the open alert. */
  const recover = async () => {
    host.setStock(PART, 500);
    return app.stockbell.events.stockChanged(PART);
  };

  const baselines = target.name === 'SQLite' ? sqliteUpdates(target.location) : await postgresUpdates(target.location, target.schema!);
  try {
    const variants: Record<string, () => Promise<number>> = {
      async stockbell() {
        await raise();
        const started = performance.now();
        const outcome = await recover();
        const elapsed = performance.now() - started;
        if (outcome.resolved !== RECIPIENTS) throw new Error(`stockbell resolved ${outcome.resolved}, expected ${RECIPIENTS}`);
        return elapsed;
      },
    };
    for (const baseline of baselines) {
      variants[baseline.name] = async () => {
        await raise();
        const resolution = JSON.stringify({ stock: 500, minimum: MINIMUM });
        const started = performance.now();
        const changed = await baseline.run(new Date(), resolution);
        const elapsed = performance.now() - started;
        if (changed !== RECIPIENTS) throw new Error(`${baseline.name}: changed ${changed}, expected ${RECIPIENTS}`);
        // Back above the minimum, so the next drop raises a new alert; nothing is left to resolve.
        const outcome = await recover();
        if (outcome.resolved !== 0) throw new Error(`after ${baseline.name}: ${outcome.resolved} rows were still open`);
        return elapsed;
      };
    }
    log(`${target.name}: ${WARMUP} warm-up and ${ROUNDS} measured rounds`);
    const results = await inRounds({ rounds: ROUNDS, warmup: WARMUP, log: process.env.VERBOSE ? log : undefined }, variants);
    if ((await openRows()) !== 0) throw new Error('open alerts left over');
    return { stockbell: results.stockbell!, baselines: baselines.map((b) => ({ name: b.name, rounds: results[b.name]! })) };
  } finally {
    await baselines[0]?.close();
    await app.close();
  }
}

await printMachine('bench/alerts', commandLine());
console.log(`\n#### One stock event resolves a low-stock alert held by ${RECIPIENTS.toLocaleString('en')} recipients\n`);
console.log(`${legend(ROUNDS)} Stockbell: \`events.stockChanged\` for the part now back above its minimum, until the promise resolves (the transaction committed, the live signal given; no sockets are open). Raw: the same UPDATE of the same ${RECIPIENTS.toLocaleString('en')} open rows, prepared on a connection of its own opened before the timing, with and without RETURNING (the engine needs the rows back to tell the live side); the ratio is against the faster.\n`);
console.log(`| database | resolver | ${RECIPIENTS.toLocaleString('en')} open rows → resolved | Stockbell ÷ this |`);
console.log('| --- | --- | ---: | ---: |');
for (const target of await targets()) {
  try {
    const { stockbell: engine, baselines } = await run(target);
    const best = fastest(baselines);
    console.log(`| ${target.name} | Stockbell (the event) | ${spread(engine, ms)} | — |`);
    for (const baseline of baselines) {
      console.log(`| ${target.name} | raw: ${baseline.name}${baseline === best ? ' (faster)' : ''} | ${spread(baseline.rounds, ms)} | ${ratioCell(ratios(engine, baseline.rounds))} |`);
    }
  } finally {
    await target.cleanup();
  }
}
