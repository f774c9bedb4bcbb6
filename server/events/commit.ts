/**
 * Every event ends here: dedupe on the key, write in one transaction, then (only after commit)
 * tell the live side. What the browser hears is exactly what committed.
 */
import { randomUUID } from 'node:crypto';
import type { EventOutcome } from '../api.ts';
import type { Context } from '../context.ts';
import { type EventToWrite, isKnownEvent, writeEvent } from '../store/event-writer.ts';

export const DUPLICATE: EventOutcome = { eventId: null, duplicate: true, notified: 0 };

/** Hosts should pass their own key; without one, every call is a new event. */
export function eventKey(key: string | undefined, type: string, id: string): string {
  return key ?? `${type}:${id}:${randomUUID()}`;
}

/** The cheap pre-check that spares host calls for a retried event; the unique key is the real guard. */
export async function alreadySeen(ctx: Context, key: string): Promise<boolean> {
  return isKnownEvent(ctx.em(), key);
}

export async function commitEvent(ctx: Context, event: EventToWrite): Promise<EventOutcome> {
  const result = await writeEvent(ctx.em(), event, {
    now: ctx.clock.now(),
    dialect: ctx.options.database.dialect,
    onRows: ctx.onRowsWritten,
  });
  if (result.duplicate || result.eventId === null) return DUPLICATE;
  if (result.rows.length > 0) ctx.bus.emit('created', { rows: result.rows });
  return { eventId: result.eventId, duplicate: false, notified: result.rows.length };
}
