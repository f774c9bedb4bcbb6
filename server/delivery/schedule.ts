/**
 * Timers for the periodic jobs (the digest check, retention), on croner: calendar patterns in UTC,
 * never two runs of one job at once, never keeping the process alive. `stop()` ends the timer and
 * waits for a run in flight, so `app.close()` leaves nothing behind.
 */
import { Cron } from 'croner';

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
