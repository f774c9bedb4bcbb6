/**
 * From committed rows to frames: what committed is handed to the broadcaster (which reaches every
 * instance, this one included), and for each signal frames are rendered only for users with a
 * socket here. Unread counts for a whole fan-out come from one grouped query per thousand users.
 */
import type { Frame, Notification as NotificationView } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { type InboxChange, type OwnedRow, rowsByIds, rowsResolvedWith, unreadCounts } from '../inbox/inbox-queries.ts';
import { type NotificationRow, snoozeOf, toView } from '../inbox/notification-view.ts';
import { Notification } from '../store/entities.ts';
import type { Broadcaster, CommittedReturn, CommittedRow, LiveSignal } from './broadcaster.ts';
import type { SocketRegistry } from './socket-registry.ts';

/** What the rest of the plugin tells the live side, only ever after its transaction committed. */
export class LiveHub {
  readonly #ctx: Context;
  readonly #broadcaster: Broadcaster;
  readonly #onError: (error: unknown) => void;

  constructor(ctx: Context, broadcaster: Broadcaster, registry: SocketRegistry, onError: (error: unknown) => void) {
    this.#ctx = ctx;
    this.#broadcaster = broadcaster;
    this.#onError = onError;
    broadcaster.onSignal((signal) => {
      deliver(this.#ctx, registry, signal).catch(onError);
    });
  }

  /** An event's inbox rows, one per recipient. */
  created(rows: readonly CommittedRow[]): void {
    this.#publish({ type: 'created', eventId: Number(rows[0]?.eventId ?? 0), rows: [...rows] });
  }

  /** A user's inbox changed (read, unread, deleted): their open tabs re-sync. */
  changed(change: InboxChange): void {
    this.#publish({ type: 'changed', ...change });
  }

  /** An alert resolved for every recipient at once: their tabs show it resolved. */
  resolved(alert: { kind: string; target: { kind: string; id: string }; resolvedAt: Date; rows: { id: number; userId: string }[] }): void {
    this.#publish({ type: 'resolved', kind: alert.kind, target: alert.target, resolvedAt: alert.resolvedAt.getTime(), rows: alert.rows });
  }

  /** Snoozes ended: the rows come back to their owners' inboxes, with the badge. */
  returned(rows: readonly CommittedReturn[]): void {
    this.#publish({ type: 'returned', ids: rows.map((row) => Number(row.id)), rows: [...rows] });
  }

  #publish(signal: LiveSignal): void {
    void Promise.resolve(this.#broadcaster.publish(signal)).catch(this.#onError);
  }
}

async function deliver(ctx: Context, registry: SocketRegistry, signal: LiveSignal): Promise<void> {
  switch (signal.type) {
    case 'changed':
      return deliverChange(ctx, registry, signal);
    case 'resolved': {
      // Only the rows of users connected here are read back and rendered.
      const changed = signal.rows ?? (await rowsResolvedWith(ctx.db, signal.target, signal.kind, new Date(signal.resolvedAt)));
      const here = new Set(registry.connectedAmong(new Set(changed.map((row) => row.userId))));
      const rows = signal.rows ? await rowsByIds(ctx.db, changed.filter((row) => here.has(row.userId)).map((row) => row.id)) : (changed as OwnedRow[]);
      return sendEach(ctx, registry, rows, 'updated');
    }
    case 'returned':
      return sendEach(ctx, registry, signal.rows ?? (await rowsByIds(ctx.db, signal.ids)), 'notification');
    case 'created':
      return deliverCreated(ctx, registry, signal);
  }
}

/** One user's own change: other tabs drop, clear or re-show rows, then hear the count. */
async function deliverChange(ctx: Context, registry: SocketRegistry, signal: Extract<LiveSignal, { type: 'changed' }>): Promise<void> {
  const { userId } = signal;
  if (registry.connectedAmong([userId]).length === 0) return;
  if (signal.removed?.length) registry.send(userId, JSON.stringify({ type: 'removed', ids: signal.removed } satisfies Frame));
  if (signal.historyCleared) registry.send(userId, JSON.stringify({ type: 'historyCleared' } satisfies Frame));
  if (signal.updated?.length) {
    for (const row of await rowsByIds(ctx.db, signal.updated)) {
      // Ids came from this user's own request; a row of anyone else's is never sent.
      if (row.userId === userId) registry.send(userId, JSON.stringify({ type: 'updated', notification: toView(row) } satisfies Frame));
    }
  }
  const counts = await unreadCounts(ctx.db, [userId]);
  registry.send(userId, JSON.stringify({ type: 'unread', count: counts.get(userId) ?? 0 } satisfies Frame));
}

/** Each row to its owner, if connected here, as `type` frames; then each of them hears their count. */
async function sendEach(ctx: Context, registry: SocketRegistry, rows: readonly OwnedRow[], type: 'updated' | 'notification'): Promise<void> {
  const here = new Set(registry.connectedAmong(new Set(rows.map((row) => row.userId))));
  if (here.size === 0) return;
  const render = memoisedRender();
  for (const row of rows) {
    if (here.has(row.userId)) registry.send(row.userId, JSON.stringify({ type, notification: render(row) } as Frame));
  }
  const counts = await unreadCounts(ctx.db, [...here]);
  for (const userId of here) registry.send(userId, JSON.stringify({ type: 'unread', count: counts.get(userId) ?? 0 } satisfies Frame));
}

async function deliverCreated(ctx: Context, registry: SocketRegistry, signal: Extract<LiveSignal, { type: 'created' }>): Promise<void> {
  const rows = signal.rows ?? (await rowsOfEvent(ctx, signal.eventId));
  const connected = registry.connectedAmong(new Set(rows.map((row) => row.userId)));
  if (connected.length === 0) return;
  const here = new Set(connected);
  // Notifications first: the counts query must not hold back the frame a user is waiting for.
  const render = memoisedRender();
  for (const row of rows) {
    if (!here.has(row.userId)) continue;
    registry.send(row.userId, JSON.stringify({ type: 'notification', notification: render(row) } satisfies Frame));
  }
  const counts = await unreadCounts(ctx.db, connected);
  for (const userId of connected) {
    registry.send(userId, JSON.stringify({ type: 'unread', count: counts.get(userId) ?? 0 } satisfies Frame));
  }
}

/** Another instance's event: read its rows back (the live side of a fan-out is per instance). */
async function rowsOfEvent(ctx: Context, eventId: number) {
  const rows = await ctx.em().find(Notification, { eventId });
  return rows.map((row) => ({ ...row, userId: row.userId, eventId: row.eventId }));
}

/**
 * One fan-out shares its data object across rows and its reasons across many users: render each
 * (data, reason, locale) once and only stamp the row's own id, times and snooze. (Rows sharing a
 * data object were written together, so their alert state is the same.)
 */
function memoisedRender() {
  const cache = new Map<object, Map<object, Map<string, NotificationView>>>();
  return (row: NotificationRow): NotificationView => {
    const byReason = cache.get(row.data) ?? new Map();
    cache.set(row.data, byReason);
    const byLocale = byReason.get(row.reason) ?? new Map();
    byReason.set(row.reason, byLocale);
    const locale = row.locale ?? '';
    let view = byLocale.get(locale);
    if (!view) {
      view = toView(row);
      byLocale.set(locale, view);
    }
    return {
      ...view,
      id: String(row.id),
      createdAt: row.createdAt.toISOString(),
      readAt: row.readAt ? row.readAt.toISOString() : null,
      snooze: snoozeOf(row.snoozedUntil),
    };
  };
}
