/**
 * The daily retention job: notifications older than `retentionDays` go (0 keeps them forever).
 * Deletes in bounded batches so a first run over a large table does not hold one huge lock.
 */
import type { Context } from '../context.ts';
import { Notification } from '../store/entities.ts';
import { oncePerPeriod, type Schedule, schedule } from './schedule.ts';

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

/** The daily run: retention, unless another instance has run it this UTC day (null then). */
export async function runScheduledRetention(ctx: Context): Promise<number | null> {
  const now = ctx.clock.now();
  return oncePerPeriod(ctx.em(), 'retention', now.toISOString().slice(0, 10), now, () => runRetention(ctx));
}

/** Retention once a day, at 03:15 UTC, by one instance; `onDeleted` when rows went (unread counts change). */
export function scheduleRetention(ctx: Context, onDeleted: () => void, onError: (error: unknown) => void): Schedule {
  return schedule('15 3 * * *', async () => {
    if (((await runScheduledRetention(ctx)) ?? 0) > 0) onDeleted();
  }, onError);
}
