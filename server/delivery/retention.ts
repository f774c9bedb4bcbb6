/**
 * The daily retention job: notifications older than `retentionDays` go (0 keeps them forever).
 * Deletes in bounded batches so a first run over a large table does not hold one huge lock.
 */
import type { Context } from '../context.ts';
import { Notification } from '../store/entities.ts';

const BATCH = 5_000;
const DAY_MS = 86_400_000;

export async function runRetention(ctx: Context): Promise<number> {
  const em = ctx.em();
  const { retentionDays } = await ctx.settings.read(em);
  if (retentionDays <= 0) return 0;
  const cutoff = new Date(ctx.clock.now().getTime() - retentionDays * DAY_MS);
  let total = 0;
  for (;;) {
    const old = await em.find(Notification, { createdAt: { $lt: cutoff } }, { fields: ['id'], orderBy: { id: 'asc' }, limit: BATCH, disableIdentityMap: true });
    const count = old.length === 0 ? 0 : await em.nativeDelete(Notification, { id: { $in: old.map((row) => row.id) } });
    total += count;
    if (count < BATCH) return total;
  }
}

/** Runs `job` once a day (first run a minute after boot); the timer never keeps the process alive. */
export function scheduleDaily(job: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  let timer: NodeJS.Timeout;
  const run = (delay: number) => {
    timer = setTimeout(() => {
      job().catch(onError).finally(() => run(DAY_MS));
    }, delay);
    timer.unref();
  };
  run(60_000);
  return () => clearTimeout(timer);
}
