/**
 * Timers for the periodic jobs (the digest check, retention), on croner: calendar patterns in UTC,
 * never two runs of one job at once, never keeping the process alive. `stop()` ends the timer and
 * waits for a run in flight, so `app.close()` leaves nothing behind. With several instances every
 * one's timer fires: `oncePerPeriod` lets one of them run the job.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { Cron } from 'croner';
import { ScheduledRun } from '../store/entities.ts';

const KEEP_RUNS_MS = 30 * 86_400_000;

export interface Schedule {
  stop(): Promise<void>;
}

export function schedule(when: string | { everyMs: number }, job: () => Promise<unknown>, onError: (error: unknown) => void): Schedule {
  let running: Promise<unknown> | null = null;
  const { pattern, interval } = typeof when === 'string' ? { pattern: when, interval: undefined } : every(when.everyMs);
  const cron = new Cron(pattern, { timezone: 'UTC', protect: true, unref: true, ...(interval ? { interval } : {}) }, async () => {
    running = job().catch(onError);
    await running;
    running = null;
  });
  return {
    async stop() {
      cron.stop();
      await running;
    },
  };
}

/** A pattern aligned to the clock when the period divides a minute or an hour (08:00, 08:05 …); else a plain interval. */
function every(ms: number): { pattern: string; interval?: number } {
  const seconds = Math.max(1, Math.round(ms / 1000));
  if (seconds < 60 && 60 % seconds === 0) return { pattern: `*/${seconds} * * * * *` };
  const minutes = seconds / 60;
  if (Number.isInteger(minutes) && minutes <= 60 && 60 % minutes === 0) return { pattern: minutes === 60 ? '0 0 * * * *' : `0 */${minutes} * * * *` };
  return { pattern: '* * * * * *', interval: seconds };
}

/**
 * Runs `work` for `period` (a UTC day, say) unless an instance already has: the first to insert the
 * (job, period) row takes the run, and the others find it taken (null). A run that fails is not
 * retried in that period; the next period's run does what it missed (retention deletes everything
 * past the cutoff, not one day's worth).
 */
export async function oncePerPeriod<T>(em: EntityManager, job: string, period: string, now: Date, work: () => Promise<T>): Promise<T | null> {
  const taken = await em
    .createQueryBuilder(ScheduledRun)
    .insert({ job, period, createdAt: now })
    .onConflict(['job', 'period'])
    .ignore()
    .returning(['job'])
    .execute<unknown[]>('all');
  if (taken.length === 0) return null;
  await em.nativeDelete(ScheduledRun, { job, createdAt: { $lt: new Date(now.getTime() - KEEP_RUNS_MS) } });
  return work();
}
