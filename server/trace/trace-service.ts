/**
 * The two questions: "why did I get this notification?" and "would I be told about this part,
 * category or build — and if not, why not?". Scoped like everything else: a notification is the
 * caller's own or it is 404; a user asking for themselves about a target they may not view gets
 * 404 too (the toggle answers the same), while an administrator may ask about anyone.
 */
import { permitted } from '../audience/index.ts';
import type { Trace, TraceTargetKind } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { formatReason } from '../messages/index.ts';
import { Notification, UNTIL_RESOLVED } from '../store/entities.ts';
import { deliveriesOf } from './deliveries.ts';
import { subjectOf, subjectOfNotification } from './subjects.ts';
import { traceOf } from './trace.ts';

export async function traceTarget(
  ctx: Context,
  userId: string,
  kind: TraceTargetKind,
  id: string,
  options: { asAdmin: boolean },
): Promise<Trace> {
  const em = ctx.em();
  if (!options.asAdmin && (await permitted(ctx.host, [userId], { kind, id })).length === 0) throw new NotFoundError(`${kind} ${id}`);
  const { settings, defaults } = await ctx.settings.readWithDefaults(em);
  const subject = await subjectOf(ctx, em, kind, id, settings);
  const user = (await ctx.host.getUsers([userId]))[0];
  return traceOf(ctx, em, { userId, user, subject, defaults, now: ctx.clock.now() });
}

export async function traceNotification(ctx: Context, userId: string, id: string): Promise<Trace> {
  const em = ctx.em();
  const row = await em.findOne(Notification, { id: Number(id), userId }, { disableIdentityMap: true });
  if (!row) throw new NotFoundError(`notification ${id}`);
  const { defaults } = await ctx.settings.readWithDefaults(em);
  const subject = await subjectOfNotification(ctx, row);
  const user = (await ctx.host.getUsers([userId]))[0];
  const trace = await traceOf(ctx, em, { userId, user, subject, defaults, now: ctx.clock.now() });
  const deliveries = await deliveriesOf(em, { id: row.id, userId, createdAt: row.createdAt });
  const heldUntil = deliveries.flatMap((d) => (d.heldUntil ? [d.heldUntil] : [])).sort().at(-1) ?? null;
  return {
    ...trace,
    notification: { id: String(row.id), createdAt: row.createdAt.toISOString(), reason: formatReason(row.reason, row.locale) },
    deliveries,
    held: { quietHoursUntil: heldUntil, ...snoozeOf(row.snoozedUntil) },
  };
}

/** Where a snooze keeps the notification: until a time, or until its alert resolves. */
function snoozeOf(until: Date | null | undefined): { snoozedUntil: string | null; snoozedUntilResolved?: true } {
  if (!until) return { snoozedUntil: null };
  return until.getTime() === UNTIL_RESOLVED.getTime() ? { snoozedUntil: null, snoozedUntilResolved: true } : { snoozedUntil: until.toISOString() };
}
