/**
 * The delivery worker: claims due jobs a batch at a time (with a lease), sends them, records the
 * outcomes, and goes on until nothing is due. It runs when woken (after each event commits, after
 * an admin's retry), every `pollMs` besides (jobs waiting out a backoff, other instances' work,
 * expired leases), and when a test calls `runOnce()`. Passes never overlap: a wake during a pass
 * queues one more pass. `stop()` ends the timer and waits for the pass in flight.
 */
import type { Context } from '../context.ts';
import type { ResolvedDeliveryOptions } from './delivery-options.ts';
import { claimJobs, type Job, type Outcome, recordOutcomes } from './job-queue.ts';
import { createLimiter, policyCache, type SenderDeps, sendJobs } from './sender.ts';

export interface RunStats {
  /** Jobs claimed in this pass. */
  claimed: number;
  sent: number;
  /** Failed and scheduled again. */
  retried: number;
  dead: number;
  /** Given back unsent: their lease would have ended before a send could finish (a huge backlog). */
  released: number;
  /** Given back untried: their destination is paused, failing for everyone (circuit-breaker.ts). */
  paused: number;
}

export class DeliveryWorker {
  readonly #deps: SenderDeps;
  readonly #onError: (error: unknown) => void;
  readonly #policyFor = policyCache();
  #current: Promise<RunStats> | null = null;
  #queued: Promise<RunStats> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #polling = false;
  #stopped = false;

  constructor(deps: SenderDeps, onError: (error: unknown) => void) {
    this.#deps = deps;
    this.#onError = onError;
  }

  get #ctx(): Context {
    return this.#deps.ctx;
  }

  /** Sends everything due now; resolves when the pass (or the one queued behind a running pass) ends. */
  runOnce(): Promise<RunStats> {
    if (!this.#current) {
      this.#current = this.#pass().finally(() => {
        this.#current = null;
      });
      return this.#current;
    }
    this.#queued ??= this.#current
      .catch(() => undefined)
      .then(() => {
        this.#queued = null;
        return this.runOnce();
      });
    return this.#queued;
  }

  /** Something was just committed: go now (errors are logged, not thrown). */
  wake(): void {
    if (this.#stopped) return;
    this.runOnce().catch(this.#onError);
  }

  /** Polls every `pollMs` until stopped. */
  start(): void {
    if (this.#polling || this.#stopped) return;
    this.#polling = true;
    this.#schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    await this.#queued?.catch(() => undefined);
    await this.#current?.catch(() => undefined);
  }

  #schedule(): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.runOnce()
        .catch(this.#onError)
        .finally(() => this.#schedule());
    }, this.#deps.options.pollMs);
    this.#timer.unref();
  }

  async #pass(): Promise<RunStats> {
    const stats: RunStats = { claimed: 0, sent: 0, retried: 0, dead: 0, released: 0, paused: 0 };
    const ctx = this.#ctx;
    if (this.#stopped) return stats;
    // The master switch holds delivery too: jobs wait, untouched, until it is on again.
    if (!(await ctx.settings.read(ctx.em())).enabled) return stats;
    // One limit on sends in flight, shared by both lanes.
    const limiter = createLimiter(this.#deps.options.concurrency);
    await drainDue(
      ctx,
      this.#deps.options,
      (jobs) => sendJobs(this.#deps, jobs, this.#policyFor, limiter),
      () => this.#stopped,
      (outcomes) => {
        stats.claimed += outcomes.length;
        for (const { result } of outcomes) {
          if (result.ok) stats.sent++;
          else if ('released' in result) stats.released++;
          else if ('paused' in result) stats.paused++;
          else if (result.retryAt) stats.retried++;
          else stats.dead++;
        }
      },
    );
    return stats;
  }
}

/**
 * The queue's loop, apart from what its jobs do: two lanes, each claim → `task` → record, until
 * nothing is due or `stopped()`. While one lane talks to the database, the other keeps the sends
 * going. `recorded` hears each batch's outcomes once they are written.
 */
export async function drainDue(
  ctx: Pick<Context, 'db' | 'clock'>,
  options: Pick<ResolvedDeliveryOptions, 'leaseMs' | 'concurrency'>,
  task: (jobs: Job[]) => Promise<Outcome[]>,
  stopped: () => boolean,
  recorded: (outcomes: readonly Outcome[]) => void,
): Promise<void> {
  const { leaseMs, concurrency } = options;
  const lane = async () => {
    let batch = concurrency * 8;
    while (!stopped()) {
      const jobs = await claimJobs(ctx.db, ctx.clock.now(), leaseMs, batch);
      if (jobs.length === 0) return;
      const started = performance.now();
      const outcomes = await task(jobs);
      batch = nextBatch(jobs.length, performance.now() - started, leaseMs, concurrency);
      await recordOutcomes(ctx.db, outcomes, ctx.clock.now());
      recorded(outcomes);
    }
  };
  await Promise.all([lane(), lane()]);
}

/** The most jobs one claim takes: a claim and its record are one statement each, whatever the size. */
export const MAX_BATCH = 512;

/**
 * How many jobs a lane claims next: as many as it can send in a quarter of the lease at the pace
 * of its last batch, between `concurrency` and MAX_BATCH. Fast sends (a local relay, a quick
 * webhook) mean few, large claims, so the queue's statements and commits are shared by hundreds of
 * jobs (bench/queue.ts); slow ones mean small claims, so claimed jobs do not sit out their lease
 * waiting for a slot (those are released unsent: sender.ts).
 */
export function nextBatch(sent: number, ms: number, leaseMs: number, concurrency: number): number {
  const perMs = sent / Math.max(ms, 1);
  return Math.min(MAX_BATCH, Math.max(concurrency, Math.floor((perMs * leaseMs) / 4)));
}
