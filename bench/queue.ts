/**
 * bench/queue — the delivery queue against the kept anchor, graphile-worker, on the same
 * PostgreSQL in the same rounds (issue #10):
 *
 *   drain    jobs/s draining N queued no-op jobs at the same concurrency: graphile-worker by its own
 *            published method (perfTest/: queue N jobs with `add_job` over generate_series, time a
 *            `runOnce` and subtract the time a `runOnce` over an empty queue takes); Stockbell: one
 *            message to N users queues N email jobs in the event's transaction, then its worker's
 *            `runOnce` sends them through a no-op mail transport (each job still claimed, rendered
 *            and recorded)
 *   latency  add → start, a job added on one instance while the worker runs on another (a separate
 *            process, polling as in production): Stockbell `send()` → the transport called;
 *            graphile-worker `addJob()` → the task called, one job at a time, on one monotonic clock
 *
 *   npm run bench:queue -- [drain] [latency] [--jobs 10000] [--concurrency 8] [--rounds 3] [--latency-jobs 20]
 *
 * PostgreSQL only (STOCKBELL_BENCH_PG, default local); each queue in a schema of its own, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { makeWorkerUtils, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { MemoryHost } from '../test/support/memory-host.ts';
import { stockbellApp } from './support/app.ts';
import { type Child, monotonicMs, spawnChild } from './support/child.ts';
import { renderEmail, toOutgoingMessage } from './support/internals.ts';
import type { WorkerArgs } from './support/queue-worker.ts';
import { commandLine, flag, inRounds, PG_URL, printMachine, progress, sections } from './support/run.ts';
import { legend, ms, percentile, perSecond, ratioCell, ratios, spread } from './support/stats.ts';

const JOBS = flag('jobs', 10_000);
const CONCURRENCY = flag('concurrency', 8);
const ROUNDS = flag('rounds', 3);
const LATENCY_JOBS = flag('latency-jobs', 20);
const wanted = sections(['drain', 'latency']);
const log = progress('bench/queue');
if (PG_URL === 'off') throw new Error('bench/queue needs PostgreSQL: unset STOCKBELL_BENCH_PG or point it at a database');

const suffix = randomBytes(4).toString('hex');
const schemas = { stockbell: `bench_${suffix}`, graphile: `bench_gw_${suffix}` };

/** A worker instance in its own process. */
async function worker(variant: 'stockbell' | 'graphile', mode: WorkerArgs['mode']): Promise<Child> {
  const child = spawnChild(new URL('./support/queue-worker.ts', import.meta.url), { args: [variant] });
  await child.request('start', { mode, url: PG_URL, schema: schemas[variant], concurrency: CONCURRENCY, users: JOBS } satisfies WorkerArgs, 120_000);
  return child;
}

// The adding instances: Stockbell with its worker off, and graphile-worker's utils.
const host = new MemoryHost();
for (let i = 0; i < JOBS; i++) host.addUser(`u${i}`, { roles: ['staff'] });
const app = await stockbellApp({ host, database: PG_URL, databaseSchema: schemas.stockbell });
await runMigrations({ connectionString: PG_URL, schema: schemas.graphile });
const utils = await makeWorkerUtils({ connectionString: PG_URL, schema: schemas.graphile });
const sql = new pg.Client({ connectionString: PG_URL });
await sql.connect();
const children: Child[] = [];

async function drain() {
  const stockbellWorker = await worker('stockbell', 'drain');
  const graphileWorker = await worker('graphile', 'drain');
  children.push(stockbellWorker, graphileWorker);
  const enqueue = { stockbell: [] as number[], graphile: [] as number[] };
  const drained = (result: { ms: number; sent: number }, name: string, expected = JOBS) => {
    if (result.sent !== expected) throw new Error(`${name}: sent ${result.sent}, expected ${expected}`);
    return result.ms;
  };
  const rates = await inRounds({ rounds: ROUNDS, warmup: 1, log }, {
    async stockbell() {
      const started = performance.now();
      const outcome = await app.stockbell.send({ to: { role: 'staff' }, subject: 'job drain', body: 'Count aisle 4.' });
      enqueue.stockbell.push(performance.now() - started);
      if (outcome.notified !== JOBS) throw new Error(`queued ${outcome.notified} of ${JOBS}`);
      return (JOBS / drained(await stockbellWorker.request('drain', undefined, 600_000), 'Stockbell')) * 1000;
    },
    async graphile() {
      const startup = drained(await graphileWorker.request('drain'), 'graphile-worker, empty queue', 0);
      const started = performance.now();
      await sql.query(`select ${schemas.graphile}.add_job('noop', json_build_object('id', i)) from generate_series(1, $1::int) i`, [JOBS]);
      enqueue.graphile.push(performance.now() - started);
      return (JOBS / (drained(await graphileWorker.request('drain', undefined, 600_000), 'graphile-worker') - startup)) * 1000;
    },
  });
  return { rates, enqueue, rendering: renderingAlone() };
}

/** Jobs/s if rendering Stockbell's email were all a job did: the share of the drain that is not the queue. */
function renderingAlone(): number[] {
  const rounds: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < JOBS; i++) {
      renderEmail(toOutgoingMessage(
        { id: i, kind: 'message', data: { subject: 'job drain', body: 'Count aisle 4.' }, reason: { type: 'role-message', role: 'staff' }, createdAt: new Date(), targetKind: null, targetId: null },
        { deliveryId: `n${i}.email`, recipient: { id: `u${i}`, name: `u${i}`, email: `u${i}@example.test` }, publicUrl: null },
      ));
    }
    rounds.push((JOBS / (performance.now() - started)) * 1000);
  }
  return rounds;
}

async function latency() {
  const stockbellWorker = await worker('stockbell', 'live');
  const graphileWorker = await worker('graphile', 'live');
  children.push(stockbellWorker, graphileWorker);
  const sample = async (worker: Child, add: (id: string) => Promise<unknown>, round: number) => {
    const latencies: number[] = [];
    for (let k = 0; k < LATENCY_JOBS; k++) {
      const id = `${round}.${k}`;
      const added = monotonicMs();
      await add(id);
      latencies.push((await worker.request<number>('started', { id })) - added);
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  return inRounds({ rounds: ROUNDS, warmup: 1, log }, {
    stockbell: (round) => sample(stockbellWorker, (id) => app.stockbell.send({ to: { userId: 'u0' }, subject: `job ${id}` }), round),
    graphile: (round) => sample(graphileWorker, (id) => utils.addJob('latency', { id }), round),
  });
}

try {
  await printMachine('bench/queue', commandLine());
  console.log(`\n${legend(ROUNDS)} Both queues on the same PostgreSQL, each worker in a process of its own, ${CONCURRENCY} jobs at once.\n`);
  if (wanted.includes('drain')) {
    log(`drain: ${JOBS.toLocaleString('en')} jobs per round`);
    const { rates, enqueue, rendering } = await drain();
    console.log(`#### Draining ${JOBS.toLocaleString('en')} queued no-op jobs\n`);
    console.log('| queue | queueing them (Stockbell: one event, its inbox rows and jobs) | draining them: jobs/s | Stockbell ÷ graphile-worker (issue #10: adopt graphile-worker under 0.5×) |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(`| Stockbell (claim, render the email, no-op transport, record) | ${spread(enqueue.stockbell, ms)} | ${spread(rates.stockbell, perSecond)} | ${ratioCell(ratios(rates.stockbell, rates.graphile), 0.5, true)} |`);
    console.log(`| graphile-worker (no-op task; startup subtracted) | ${spread(enqueue.graphile, ms)} | ${spread(rates.graphile, perSecond)} | — |`);
    console.log(`| for scale: rendering Stockbell's email alone, in one process, no database | — | ${spread(rendering, perSecond)} | — |`);
  }
  if (wanted.includes('latency')) {
    log(`latency: ${LATENCY_JOBS} jobs per round, one at a time`);
    const rounds = await latency();
    const of = (name: 'stockbell' | 'graphile', key: 'p50' | 'p99') => rounds[name].map((r) => r[key]);
    console.log(`\n#### A job added on one instance, started by a worker on another (${LATENCY_JOBS} jobs a round, one at a time)\n`);
    console.log('| queue | add → start, p50 | p99 | Stockbell ÷ graphile-worker, p50 (goal ≤ 5×) | p99 |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(`| Stockbell: \`send()\` on A → B's worker calls the transport | ${spread(of('stockbell', 'p50'), ms)} | ${spread(of('stockbell', 'p99'), ms)} | ${ratioCell(ratios(of('stockbell', 'p50'), of('graphile', 'p50')), 5)} | ${ratioCell(ratios(of('stockbell', 'p99'), of('graphile', 'p99')))} |`);
    console.log(`| graphile-worker: \`addJob()\` on A → B's task runs | ${spread(of('graphile', 'p50'), ms)} | ${spread(of('graphile', 'p99'), ms)} | — | — |`);
  }
} finally {
  for (const child of children) await child.close();
  await utils.release();
  await app.close();
  for (const schema of Object.values(schemas)) await sql.query(`drop schema if exists ${schema} cascade`);
  await sql.end();
}
