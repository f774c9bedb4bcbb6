/**
 * bench/instances — several Stockbell instances on one PostgreSQL, each a process of its own
 * (issue #10), in rounds:
 *
 *   push      an event on instance A → the `notification` frame at a socket on instance B (the
 *             signal through LISTEN/NOTIFY, B reading the rows back), against one instance with the
 *             in-process broadcaster (event and socket on it), p50/p99 on one monotonic clock
 *   fanout    fan-out throughput: E messages to a role of R users, all on one instance, against
 *             the same split over two instances at once (inbox rows committed per second)
 *   delivery  delivery throughput: N queued email jobs drained by one worker instance, against two
 *             draining together (no-op mail transport; every job sent exactly once)
 *
 *   npm run bench:instances -- [push] [fanout] [delivery] [--rounds 5] [--events 200]
 *       [--fanout-events 20] [--recipients 1000] [--in-flight 2] [--jobs 10000] [--concurrency 8]
 *
 * PostgreSQL only (STOCKBELL_BENCH_PG, default local); every section in schemas of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import { type Child, monotonicMs, spawnChild } from './support/child.ts';
import type { InstanceArgs } from './support/instance.ts';
import type { WorkerArgs } from './support/queue-worker.ts';
import { commandLine, flag, inRounds, PG_URL, printMachine, progress, sections } from './support/run.ts';
import { legend, ms, percentile, perSecond, ratioCell, ratios, spread } from './support/stats.ts';

const ROUNDS = flag('rounds', 5);
const EVENTS = flag('events', 200);
const FANOUT_EVENTS = flag('fanout-events', 20);
const RECIPIENTS = flag('recipients', 1_000);
const IN_FLIGHT = flag('in-flight', 2);
const JOBS = flag('jobs', 10_000);
const CONCURRENCY = flag('concurrency', 8);
const wanted = sections(['push', 'fanout', 'delivery']);
const log = progress('bench/instances');
if (PG_URL === 'off') throw new Error('bench/instances needs PostgreSQL: unset STOCKBELL_BENCH_PG or point it at a database');

const children: Child[] = [];
const schemas: string[] = [];
const newSchema = () => {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  schemas.push(schema);
  return schema;
};

async function instance(schema: string, broadcaster: InstanceArgs['broadcaster'], users: InstanceArgs['users']) {
  const child = spawnChild(new URL('./support/instance.ts', import.meta.url));
  children.push(child);
  const at = await child.request<{ ws: string; origin: string }>('start', { url: PG_URL, schema, broadcaster, users } satisfies InstanceArgs, 120_000);
  return { child, ...at };
}

/** A socket of `user` on an instance, resolving each expected frame with its arrival time. */
async function socketOn(at: { ws: string; origin: string }, user: string) {
  const socket = new WebSocket(at.ws, { headers: { origin: at.origin, 'x-user': user }, perMessageDeflate: false });
  const expected = new Map<string, (arrivedAt: number) => void>();
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data: Buffer) => {
    const arrivedAt = monotonicMs();
    const text = data.toString();
    for (const [marker, resolve] of expected) {
      if (text.startsWith('{"type":"notification"') && text.includes(marker)) {
        expected.delete(marker);
        resolve(arrivedAt);
      }
    }
  });
  return {
    frame(marker: string): Promise<number> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no frame with ${marker} within 10 s`)), 10_000);
        expected.set(marker, (arrivedAt) => {
          clearTimeout(timer);
          resolve(arrivedAt);
        });
      });
    },
    close: () => socket.close(),
  };
}

// --- push -------------------------------------------------------------------------------------------

async function push() {
  const users: InstanceArgs['users'] = [{ prefix: 'p', count: 1, roles: [], email: false }];
  const shared = newSchema();
  const a = await instance(shared, 'postgres', users);
  const b = await instance(shared, 'postgres', users);
  const single = await instance(newSchema(), 'in-process', users);
  const onB = await socketOn(b, 'p0');
  const onSingle = await socketOn(single, 'p0');
  const sample = async (from: Child, socket: typeof onB, name: string, round: number) => {
    const latencies: number[] = [];
    for (let k = 0; k < EVENTS; k++) {
      const marker = `push ${name} ${round}.${k}`;
      const arrived = socket.frame(marker);
      const { startedAt } = await from.request<{ startedAt: number }>('send', { to: { userId: 'p0' }, subject: marker });
      latencies.push((await arrived) - startedAt);
    }
    return { p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  };
  try {
    return await inRounds({ rounds: ROUNDS, warmup: 1, log }, {
      across: (round) => sample(a.child, onB, 'across', round),
      single: (round) => sample(single.child, onSingle, 'single', round),
    });
  } finally {
    onB.close();
    onSingle.close();
  }
}

// --- fan-out ----------------------------------------------------------------------------------------

async function fanout() {
  const users: InstanceArgs['users'] = [{ prefix: 'c', count: RECIPIENTS, roles: ['crew'], email: true }];
  const schema = newSchema();
  const a = await instance(schema, 'postgres', users);
  const b = await instance(schema, 'postgres', users);
  /** Rows committed per second, from the first start to the last commit across the instances. */
  const run = async (split: Child[], round: number) => {
    const each = Math.round(FANOUT_EVENTS / split.length);
    const results = await Promise.all(split.map((child, i) =>
      child.request<{ startedAt: number; endedAt: number; notified: number }>('fanout', { events: each, inFlight: IN_FLIGHT, role: 'crew', tag: `${round}.${i}` }, 600_000)));
    const notified = results.reduce((sum, r) => sum + r.notified, 0);
    if (notified !== each * split.length * RECIPIENTS) throw new Error(`notified ${notified}, expected ${each * split.length * RECIPIENTS}: ${JSON.stringify(results)}`);
    const wall = Math.max(...results.map((r) => r.endedAt)) - Math.min(...results.map((r) => r.startedAt));
    return (notified / wall) * 1000;
  };
  return inRounds({ rounds: ROUNDS, warmup: 1, log }, {
    one: (round) => run([a.child], round),
    two: (round) => run([a.child, b.child], round),
  });
}

// --- delivery ---------------------------------------------------------------------------------------

async function delivery() {
  const schema = newSchema();
  const queuer = await instance(schema, 'postgres', [{ prefix: 'u', count: JOBS, roles: ['staff'], email: true }]);
  const workers: Child[] = [];
  for (let i = 0; i < 2; i++) {
    const child = spawnChild(new URL('./support/queue-worker.ts', import.meta.url), { args: ['stockbell'] });
    children.push(child);
    await child.request('start', { mode: 'drain', url: PG_URL, schema, concurrency: CONCURRENCY, users: JOBS } satisfies WorkerArgs, 120_000);
    workers.push(child);
  }
  const run = async (draining: Child[]) => {
    const queued = await queuer.child.request<{ notified: number }>('send', { to: { role: 'staff' }, subject: 'job drain', body: 'Count aisle 4.' }, 300_000);
    if (queued.notified !== JOBS) throw new Error(`queued ${queued.notified} of ${JOBS}`);
    const started = monotonicMs();
    const results = await Promise.all(draining.map((worker) => worker.request<{ sent: number }>('drain', undefined, 600_000)));
    const elapsed = monotonicMs() - started;
    const sent = results.reduce((sum, r) => sum + r.sent, 0);
    if (sent !== JOBS) throw new Error(`${draining.length} workers sent ${sent} of ${JOBS} jobs`);
    return (JOBS / elapsed) * 1000;
  };
  return inRounds({ rounds: ROUNDS, warmup: 1, log }, {
    one: () => run(workers.slice(0, 1)),
    two: () => run(workers),
  });
}

// --- main -------------------------------------------------------------------------------------------

try {
  await printMachine('bench/instances', commandLine());
  console.log(`\n${legend(ROUNDS)} Every instance is a process of its own on the same PostgreSQL.\n`);
  if (wanted.includes('push')) {
    log(`push: ${EVENTS} events a round, one at a time`);
    const rounds = await push();
    const of = (name: 'across' | 'single', key: 'p50' | 'p99') => rounds[name].map((r) => r[key]);
    console.log(`#### Push latency: event → \`notification\` frame at the user's socket (${EVENTS} events a round, one at a time)\n`);
    console.log('| path | p50 | p99 | ÷ in-process, p50 | ÷ in-process, p99 |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(`| \`send()\` on instance A → socket on instance B (LISTEN/NOTIFY) | ${spread(of('across', 'p50'), ms)} | ${spread(of('across', 'p99'), ms)} | ${ratioCell(ratios(of('across', 'p50'), of('single', 'p50')))} | ${ratioCell(ratios(of('across', 'p99'), of('single', 'p99')))} |`);
    console.log(`| baseline: one instance, in-process broadcaster, socket on it | ${spread(of('single', 'p50'), ms)} | ${spread(of('single', 'p99'), ms)} | — | — |`);
  }
  if (wanted.includes('fanout')) {
    log(`fanout: ${FANOUT_EVENTS} messages to ${RECIPIENTS} users a round`);
    const { one, two } = await fanout();
    console.log(`\n#### Fan-out throughput: ${FANOUT_EVENTS} messages to a role of ${RECIPIENTS.toLocaleString('en')} users (inbox rows and email jobs), ${IN_FLIGHT} at a time per instance\n`);
    console.log('| instances | inbox rows committed per second | two ÷ one |');
    console.log('| ---: | ---: | ---: |');
    console.log(`| one | ${spread(one, perSecond)} | — |`);
    console.log(`| two, half the messages each | ${spread(two, perSecond)} | ${ratioCell(ratios(two, one))} |`);
  }
  if (wanted.includes('delivery')) {
    log(`delivery: ${JOBS} jobs a round`);
    const { one, two } = await delivery();
    console.log(`\n#### Delivery throughput: ${JOBS.toLocaleString('en')} queued email jobs (no-op transport), ${CONCURRENCY} sends in flight per worker\n`);
    console.log('| worker instances | jobs sent per second | two ÷ one |');
    console.log('| ---: | ---: | ---: |');
    console.log(`| one | ${spread(one, perSecond)} | — |`);
    console.log(`| two, draining together (each job sent once: checked) | ${spread(two, perSecond)} | ${ratioCell(ratios(two, one))} |`);
  }
} finally {
  for (const child of children) await child.close();
  const sql = new pg.Client({ connectionString: PG_URL });
  await sql.connect();
  for (const schema of schemas) await sql.query(`drop schema if exists ${schema} cascade`);
  await sql.end();
}
