/**
 * One event, one straight line (docs/engine.md). Every event — a stock change, a new build order,
 * a message sent through the send API — runs these steps, in this order, here and nowhere else:
 *
 *   1. key       the host's idempotency key: seen before → nothing happens      store/event-writer
 *   2. settings  read once for the whole event                                    settings/
 *   3. decide    triggers and audience: what to say, to whom (host reads only)   the event's own module
 *   4. write     one transaction: the event record, low-stock states, resolved    store/event-writer
 *                alerts (one UPDATE per alert), inbox rows
 *   5. plan      in the same transaction: a delivery job per enabled channel      delivery/planner
 *   6. signal    after commit only: live push, and the worker woken               live/, delivery/
 *
 * What a browser hears and what the worker sends is exactly what committed.
 */
import { randomUUID } from 'node:crypto';
import type { EventOutcome } from '../contract/index.ts';
import type { Context } from '../context.ts';
import type { Delivery } from '../delivery/index.ts';
import { planDeliveries } from '../delivery/planner.ts';
import type { HostUser } from '../host.ts';
import type { LiveHub } from '../live/index.ts';
import type { GlobalSettings } from '../settings/index.ts';
import { type Draft, type EventToWrite, isKnownEvent, writeEvent } from '../store/event-writer.ts';

export const DUPLICATE: EventOutcome = { eventId: null, duplicate: true, notified: 0, resolved: 0 };

/** What an event has decided, ready to write. */
export type Decision = Pick<EventToWrite, 'drafts' | 'states' | 'resolutions'>;

export interface EventInput {
  key: string;
  type: string;
  payload: Record<string, unknown>;
  /** Step 3: given the settings, read the host and decide the drafts (and low-stock states). */
  decide(settings: GlobalSettings): Promise<Decision>;
}

export interface EventDeps {
  ctx: Context;
  /** Step 6: the live side pushes what committed. */
  live: Pick<LiveHub, 'created' | 'resolved'>;
  /** Step 6: the worker sends the jobs now rather than at its next poll. */
  delivery: Pick<Delivery, 'wake'>;
}

/** Hosts should pass their own key; without one, every call is a new event. */
export function eventKey(key: string | undefined, type: string, id: string): string {
  return key ?? `${type}:${id}:${randomUUID()}`;
}

export async function runEvent({ ctx, live, delivery }: EventDeps, event: EventInput): Promise<EventOutcome> {
  // First, a turn of the event loop for the requests waiting on it. On SQLite every step below
  // completes without waiting for I/O, so a host raising events in a loop (an import) would keep its
  // own server from answering anything until the loop ends: 95 s for 10,000 events (test/overload).
  await new Promise((resolve) => setImmediate(resolve));
  // 1. The cheap pre-check that spares host calls for a retried event; the unique key in step 4 is the real guard.
  if (await isKnownEvent(ctx.db, event.key)) return DUPLICATE;
  // 2.
  const { settings, defaults } = await ctx.settings.readWithDefaults(ctx.em());
  // 3.
  const decision = await event.decide(settings);
  // 4 and 5.
  const written = await ctx.em().transactional(async (tx) => {
    const now = ctx.clock.now();
    const result = await writeEvent(ctx.db, tx, { ...event, ...decision }, now);
    if (!result) return null;
    const jobs = settings.enabled ? await planDeliveries(ctx.db, tx, { rows: result.rows, users: usersOf(decision.drafts), defaults, urgentKinds: settings.urgentKinds, now }) : 0;
    return { ...result, jobs };
  });
  if (!written) return DUPLICATE;
  // 6.
  if (written.rows.length > 0) live.created(written.rows, written.mark);
  for (const alert of written.resolved) if (alert.rows.length > 0) live.resolved(alert);
  if (written.jobs > 0) delivery.wake();
  const resolved = written.resolved.reduce((sum, alert) => sum + alert.rows.length, 0);
  return { eventId: written.eventId, duplicate: false, notified: written.rows.length, resolved };
}

/** The host's records of every recipient, as the audience fetched them (no second host call). */
function usersOf(drafts: readonly Draft[]): Map<string, HostUser> {
  const users = new Map<string, HostUser>();
  for (const draft of drafts) for (const r of draft.recipients) users.set(r.userId, r.user);
  return users;
}
