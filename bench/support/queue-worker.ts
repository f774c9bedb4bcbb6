/**
 * A worker instance of the queue benches, in its own process, on the bench's PostgreSQL:
 *
 *   stockbell  Stockbell with its delivery worker and a no-op mail transport (every job is an email:
 *              claimed, rendered, "sent" by a transport that does nothing, recorded)
 *   graphile   graphile-worker with a no-op task, the kept anchor (bench/queue.ts)
 *
 * Commands: `start` (mode `drain`: nothing runs until asked; mode `live`: the worker runs and polls
 * as it would in production), `drain` (send everything queued, timed here; graphile's `runOnce`, so
 * on an empty queue it times graphile's startup, which its published method subtracts; graphile also
 * reports the span from its first task's start to its last's end), `drainQueue` (Stockbell's queue
 * with a no-op task instead of the delivery: claimed and recorded, nothing rendered or sent), and
 * `started` (resolves with the CLOCK_MONOTONIC time the job with that id started, once it has).
 */
import type { FastifyInstance } from 'fastify';
import type { Runner, TaskList } from 'graphile-worker';
import { monotonicMs, serve } from './child.ts';

const variant = process.argv[2];
if (variant !== 'stockbell' && variant !== 'graphile') throw new Error('usage: queue-worker.ts stockbell|graphile');

export interface WorkerArgs {
  mode: 'drain' | 'live';
  url: string;
  /** Stockbell's schema, or graphile-worker's. */
  schema: string;
  concurrency: number;
  /** Stockbell: the users the in-memory host knows (the recipients of the queued jobs). */
  users: number;
}

/** When each job started, by the id the bench gave it; and who is waiting for which. */
const startedAt = new Map<string, number>();
const waiting = new Map<string, (at: number) => void>();
let sends = 0;

function noteStart(id: string): void {
  const at = monotonicMs();
  sends++;
  startedAt.set(id, at);
  waiting.get(id)?.(at);
  waiting.delete(id);
}

let stockbell: FastifyInstance | null = null;
let runner: Runner | null = null;
let drainOnce: (() => Promise<number>) | null = null;
let drainQueueOnce: (() => Promise<number>) | null = null;
/** graphile-worker's no-op tasks: when the first of a drain began and the last ended (its startup left out). */
let tasksFrom = 0;
let tasksTo = 0;

async function startStockbell(args: WorkerArgs): Promise<void> {
  const { stockbellApp } = await import('./app.ts');
  const { MemoryHost } = await import('../../test/support/memory-host.ts');
  const host = new MemoryHost();
  for (let i = 0; i < args.users; i++) host.addUser(`u${i}`, { roles: ['staff'] });
  const app = await stockbellApp({
    host,
    database: args.url,
    databaseSchema: args.schema,
    // The bench names each job by its subject: `job <id>`.
    smtp: { sendMail: async (mail: { subject?: unknown }) => void noteStart(String(mail.subject).replace(/^.*job /, '')) },
    delivery: { worker: args.mode === 'live', concurrency: args.concurrency },
  });
  stockbell = app;
  drainOnce = async () => (await app.stockbell.delivery.runOnce()).sent;
  const { drainQueueAlone } = await import('./internals.ts');
  drainQueueOnce = () => drainQueueAlone(app);
}

async function startGraphile(args: WorkerArgs): Promise<void> {
  const { Logger, run, runOnce } = await import('graphile-worker');
  const silent = new Logger(() => () => {});
  const tasks: TaskList = {
    noop: async () => {
      tasksFrom ||= performance.now();
      sends++;
      tasksTo = performance.now();
    },
    latency: async (payload) => noteStart(String((payload as { id: unknown }).id)),
  };
  const options = { connectionString: args.url, schema: args.schema, concurrency: args.concurrency, noHandleSignals: true, logger: silent, taskList: tasks };
  // As graphile-worker's own perfTest runs: its latency test with the defaults, its throughput run
  // with the preset in perfTest/graphile.config.js (a local queue of 500 jobs, completions batched).
  if (args.mode === 'live') runner = await run(options);
  const throughput = {
    ...options,
    maxPoolSize: args.concurrency + 1,
    preset: { worker: { localQueue: { size: 500, refetchDelay: { durationMs: 10 } }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  };
  drainOnce = async () => {
    const before = sends;
    tasksFrom = 0;
    await runOnce(throughput);
    return sends - before;
  };
}

serve(
  {
    async start(args: WorkerArgs) {
      await (variant === 'stockbell' ? startStockbell(args) : startGraphile(args));
      return null;
    },
    /** Sends everything queued; how long it took here and how many were sent. */
    async drain() {
      if (!drainOnce) throw new Error('not started');
      const started = performance.now();
      const sent = await drainOnce();
      // graphile-worker: also the span of its tasks alone, first start to last end.
      return { ms: performance.now() - started, sent, tasksMs: tasksTo - tasksFrom };
    },
    /** Stockbell's queue alone: claim, no-op, record (bench/support/internals.ts). */
    async drainQueue() {
      if (!drainQueueOnce) throw new Error('not started, or not Stockbell');
      const started = performance.now();
      const sent = await drainQueueOnce();
      return { ms: performance.now() - started, sent };
    },
    started({ id, timeoutMs = 30_000 }: { id: string; timeoutMs?: number }) {
      const known = startedAt.get(id);
      if (known !== undefined) return known;
      return new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`job ${id} did not start within ${timeoutMs} ms`)), timeoutMs);
        waiting.set(id, (at) => {
          clearTimeout(timer);
          resolve(at);
        });
      });
    },
    sends: () => sends,
  },
  async () => {
    await runner?.stop();
    await stockbell?.close();
  },
);
