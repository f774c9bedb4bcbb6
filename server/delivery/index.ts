/**
 * Durable delivery (docs/delivery.md): jobs planned in the event's transaction, a worker that
 * claims them with a lease and sends through the channel modules, retries with backoff and
 * jitter, dead letters, the daily digest, and the retention job.
 *
 * Exports: createDelivery (wires it all for one app), and the pieces tests and routes use.
 */
import type { FastifyBaseLogger } from 'fastify';
import { createPinnedConnections, type SendContext } from '../channels/index.ts';
import type { Context } from '../context.ts';
import { type DigestStats, runDigests, scheduleDigests } from './digest.ts';
import { CircuitBreakers } from './circuit-breaker.ts';
import { createMailer, type Mailer } from './mailer.ts';
import type { Schedule } from './schedule.ts';
import { DeliveryWorker, type RunStats } from './worker.ts';

export { type DigestStats, runDigests } from './digest.ts';
export { CircuitBreakers, type PausedDestination } from './circuit-breaker.ts';
export { countJobs, findJob, listJobs, type LoggedJob, pruneJobs, retryDeadJobs, retryJob } from './job-log.ts';
export { type Job, type JobState, stateOf } from './job-queue.ts';
export type { RunStats } from './worker.ts';

export interface Delivery {
  mailer: Mailer;
  /** Destinations paused because they fail for everyone; admins see and resume them. */
  breakers: CircuitBreakers;
  /** Sends everything due now. */
  runOnce(): Promise<RunStats>;
  /** One digest pass (users whose hour has come), then wakes the worker if it planned any. */
  runDigests(): Promise<DigestStats>;
  /** Jobs were written here: every instance's worker goes now (through `announce`), not at its next poll. */
  wake(): void;
  /** Some instance wrote jobs: this process's worker (if it runs one) goes now. */
  wakeHere(): void;
  /** Starts the worker's polling and the digest scheduler, as the options say. */
  start(): void;
  /** Stops timers, waits for a pass in flight, closes the mail transport Stockbell made. */
  close(): Promise<void>;
}

export interface DeliveryDeps {
  log: FastifyBaseLogger;
  /** Tells every instance, this one included, that jobs were written (their `wakeHere`); default: this one only. */
  announce?: () => void;
  /** Injected for tests; default undici's fetch and Math.random. */
  fetch?: SendContext['fetch'];
  random?: () => number;
}

export function createDelivery(ctx: Context, deps: DeliveryDeps): Delivery {
  const options = ctx.options.delivery;
  const mailer = createMailer(ctx.options.mail.smtp, deps.log, options.concurrency, options.timeoutMs);
  if (mailer.kind === 'log') deps.log.info('stockbell: no smtp option, so emails are written to the log instead of sent');
  const onError = (what: string) => (error: unknown) => deps.log.error({ err: error }, `stockbell: ${what} failed`);
  const breakers = new CircuitBreakers(options, ctx.clock);
  // One pool for the worker's life: keep-alive to endpoints, connections only to checked addresses.
  const connections = createPinnedConnections();
  const worker = new DeliveryWorker(
    { ctx, mailer, breakers, connections, ...(deps.fetch ? { fetch: deps.fetch } : {}), random: deps.random ?? Math.random, options },
    onError('delivery'),
  );
  let digests: Schedule | null = null;
  const wakeHere = () => {
    if (options.worker) worker.wake();
  };
  const wake = deps.announce ?? wakeHere;
  return {
    mailer,
    breakers,
    runOnce: () => worker.runOnce(),
    async runDigests() {
      const stats = await runDigests(ctx);
      if (stats.planned > 0) wake();
      return stats;
    },
    wake,
    wakeHere,
    start() {
      if (options.worker) worker.start();
      if (ctx.options.schedule && !digests) digests = scheduleDigests(ctx, options.digestCheckMs, wake, onError('digest'));
    },
    async close() {
      await digests?.stop();
      await worker.stop();
      mailer.close();
      await connections.close();
    },
  };
}
