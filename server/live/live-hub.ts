/**
 * From committed rows to frames: what committed is handed to the broadcaster (which reaches every
 * instance, this one included), and for each signal frames are rendered only for users with a
 * socket here. Unread counts for a whole fan-out come from one grouped query per thousand users.
 */
import type { Frame, Notification as NotificationView } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { type InboxChange, unreadCounts } from '../inbox/inbox-queries.ts';
import { type NotificationRow, toView } from '../inbox/notification-view.ts';
import { Notification } from '../store/entities.ts';
import type { Broadcaster, CommittedRow, LiveSignal } from './broadcaster.ts';
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

  #publish(signal: LiveSignal): void {
    void Promise.resolve(this.#broadcaster.publish(signal)).catch(this.#onError);
  }
}

async function deliver(ctx: Context, registry: SocketRegistry, signal: LiveSignal): Promise<void> {
  if (signal.type === 'changed') {
    if (registry.connectedAmong([signal.userId]).length === 0) return;
    if (signal.removed?.length) registry.send(signal.userId, JSON.stringify({ type: 'removed', ids: signal.removed } satisfies Frame));
    if (signal.historyCleared) registry.send(signal.userId, JSON.stringify({ type: 'historyCleared' } satisfies Frame));
    const counts = await unreadCounts(ctx.db, [signal.userId]);
    registry.send(signal.userId, JSON.stringify({ type: 'unread', count: counts.get(signal.userId) ?? 0 } satisfies Frame));
    return;
  }
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
 * (data, reason, locale) once and only stamp the row's own id and times.
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
    return { ...view, id: String(row.id), createdAt: row.createdAt.toISOString(), readAt: row.readAt ? row.readAt.toISOString() : null };
  };
}
