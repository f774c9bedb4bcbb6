/**
 * Snoozed notifications come back when their time comes: a periodic check (croner, like the
 * digest and retention) ends every snooze that is due with one UPDATE … RETURNING, which also
 * claims the rows: of several instances checking at once, each row comes back through exactly one,
 * and that one tells the live side (a `notification` frame and the count, on every instance).
 */
import type { Context } from '../context.ts';
import { type Schedule, schedule } from '../delivery/schedule.ts';
import type { OwnedRow } from '../store/notification-rows.ts';
import { returnDueSnoozes } from './inbox-queries.ts';

/** How often the check runs: a snooze ends at most this late. */
export const SNOOZE_CHECK_MS = 30_000;

/** Ends the snoozes due by the clock now and hands their rows to `returned`; returns how many. */
export async function returnSnoozes(ctx: Context, returned: (rows: OwnedRow[]) => void): Promise<number> {
  const rows = await returnDueSnoozes(ctx.db, ctx.clock.now());
  if (rows.length > 0) returned(rows);
  return rows.length;
}

export function scheduleSnoozeReturns(ctx: Context, returned: (rows: OwnedRow[]) => void, onError: (error: unknown) => void): Schedule {
  return schedule({ everyMs: SNOOZE_CHECK_MS }, () => returnSnoozes(ctx, returned), onError);
}
