/**
 * bench/fanout — one low-stock event whose part sits under a category with 10,000 subscribers,
 * from the event call until the inbox rows and each subscriber's email job are committed (host
 * reads, the subscriber query, canView, users, preferences, one transaction); against the same
 * durable work written straight through the driver, the fastest honest ways we found
 * (support/raw-fanout.ts), in the same rounds. On SQLite and on PostgreSQL.
 *
 *   npm run bench:fanout -- [--subscribers 10000] [--rounds 11] [--warmup 2]
 *   (PostgreSQL from STOCKBELL_BENCH_PG, default local; STOCKBELL_BENCH_PG=off skips it)
 */
import { MemoryHost } from '../test/support/memory-host.ts';
import { stockbellApp } from './support/app.ts';
import { type Target, targets } from './support/databases.ts';
import { execute } from './support/internals.ts';
import { type FanoutInput, postgresJson, postgresUnnest, type RawFanout, sqliteMultiRow, sqliteSingleRow } from './support/raw-fanout.ts';
import { commandLine, flag, inRounds, printMachine, progress } from './support/run.ts';
import { fastest, legend, ms, ratioCell, ratios, spread } from './support/stats.ts';

const SUBSCRIBERS = flag('subscribers', 10_000);
const ROUNDS = flag('rounds', 11);
const WARMUP = flag('warmup', 2);
const log = progress('bench/fanout');

function buildHost(): MemoryHost {
  const host = new MemoryHost();
  host.categories.set('1', { id: '1', name: 'Electronics', parentId: null, url: '/categories/1' });
  host.categories.set('2', { id: '2', name: 'Passives', parentId: '1', url: '/categories/2' });
  host.parts.set('1', { id: '1', name: 'R_10K_0603', categoryId: '2', variantOf: null, minimumStock: 100, ownStock: 500, url: '/parts/1', active: true });
  for (let i = 0; i < SUBSCRIBERS; i++) host.addUser(`u${i}`, { roles: ['engineering'] });
  return host;
}

function baselinesFor(target: Target): Promise<RawFanout[]> | RawFanout[] {
  if (target.name === 'SQLite') return [sqliteSingleRow(target.location), sqliteMultiRow(target.location, SUBSCRIBERS)];
  return Promise.all([postgresJson(target.location, target.schema!), postgresUnnest(target.location, target.schema!)]);
}

interface Measured {
  stockbell: number[];
  baselines: { name: string; rounds: number[] }[];
}

async function run(target: Target): Promise<Measured> {
  const host = buildHost();
  // The worker stays off: this measures writing the event, not sending the mail it plans.
  const app = await stockbellApp({ host, ...target.options });
  const users = [...host.users.keys()];
  log(`${target.name}: subscribing ${users.length.toLocaleString('en')} users`);
  for (const user of users) {
    const reply = await app.inject({ method: 'PUT', url: '/plugins/stockbell/subscriptions/category/1', headers: { 'x-user': user } });
    if (reply.statusCode >= 300) throw new Error(`subscribe: HTTP ${reply.statusCode} ${reply.body}`);
  }

  // The baselines write what the engine wrote: its first event's data and reason, read back.
  const lowStock = async () => {
    host.setStock('1', 500);
    await app.stockbell.events.stockChanged('1');
    host.setStock('1', 10);
    const started = performance.now();
    const outcome = await app.stockbell.events.stockChanged('1');
    const elapsed = performance.now() - started;
    if (outcome.notified !== SUBSCRIBERS) throw new Error(`expected ${SUBSCRIBERS} rows, got ${outcome.notified}`);
    return { elapsed, eventId: outcome.eventId };
  };
  const first = await lowStock();
  const [sample] = await execute<{ kind: string; data: unknown; reason: unknown }>(app, 'select kind, data, reason from stockbell_notifications where event_id = ? limit 1', [first.eventId]);
  const [jobs] = await execute<{ n: number | string }>(app, 'select count(*) as n from stockbell_deliveries d join stockbell_notifications n on n.id = d.notification_id where n.event_id = ?', [first.eventId]);
  if (!sample || Number(jobs?.n) !== SUBSCRIBERS) throw new Error(`expected ${SUBSCRIBERS} email jobs, got ${jobs?.n}`);
  const parse = (value: unknown) => (typeof value === 'string' ? JSON.parse(value) : value) as object;
  const input = (round: number): FanoutInput => ({
    key: `raw.${round}.${Math.random().toString(36).slice(2)}`,
    userIds: users,
    kind: sample.kind,
    target: { kind: 'part', id: '1' },
    data: parse(sample.data),
    reason: parse(sample.reason),
    now: new Date(),
  });

  const baselines = await baselinesFor(target);
  try {
    const timed = (baseline: RawFanout) => async (round: number) => {
      const started = performance.now();
      const written = await baseline.write(input(round));
      const elapsed = performance.now() - started;
      if (written !== SUBSCRIBERS) throw new Error(`${baseline.name}: wrote ${written} rows, expected ${SUBSCRIBERS}`);
      return elapsed;
    };
    const variants: Record<string, (round: number) => Promise<number>> = { stockbell: async () => (await lowStock()).elapsed };
    for (const baseline of baselines) variants[baseline.name] = timed(baseline);
    log(`${target.name}: ${WARMUP} warm-up and ${ROUNDS} measured rounds`);
    const results = await inRounds({ rounds: ROUNDS, warmup: WARMUP, log: process.env.VERBOSE ? log : undefined }, variants);
    return { stockbell: results.stockbell!, baselines: baselines.map((b) => ({ name: b.name, rounds: results[b.name]! })) };
  } finally {
    for (const baseline of baselines) await baseline.close();
    await app.close();
  }
}

await printMachine('bench/fanout', commandLine());
console.log(`\n#### One low-stock event → ${SUBSCRIBERS.toLocaleString('en')} category subscribers, until the inbox rows and email jobs are committed\n`);
console.log(`${legend(ROUNDS)} The baselines write the same event row, inbox rows and email jobs in one transaction on a connection opened, and with statements prepared, before the timing starts; the ratio is against the faster of the two.\n`);
console.log('| database | writer | event → rows and jobs committed | Stockbell ÷ this (goal ≤ 1.5× SQLite, ≤ 1.2× PostgreSQL, against the faster) |');
console.log('| --- | --- | ---: | ---: |');
for (const target of await targets()) {
  try {
    const { stockbell: engine, baselines } = await run(target);
    const best = fastest(baselines);
    const goal = target.name === 'SQLite' ? 1.5 : 1.2;
    console.log(`| ${target.name} | Stockbell | ${spread(engine, ms)} | — |`);
    for (const baseline of baselines) {
      const isBest = baseline === best;
      console.log(`| ${target.name} | raw: ${baseline.name}${isBest ? ' (faster)' : ''} | ${spread(baseline.rounds, ms)} | ${ratioCell(ratios(engine, baseline.rounds), isBest ? goal : undefined)} |`);
    }
  } finally {
    await target.cleanup();
  }
}
