/**
 * From committed rows to frames: what committed is handed to the broadcaster (which reaches every
 * instance, this one included), and for each signal frames are rendered only for users with a
 * socket here. When the broadcaster reports signals lost and heard again, the hub catches up from
 * the database: the notifications its sockets missed (once each), then every socket's unread count.
 */
import type { Frame, Notification as NotificationView } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { highestNotificationId, type InboxChange, rowsAfter, rowsOfEvent, unreadCounts } from '../inbox/inbox-queries.ts';
import { type CommittedRow, type NotificationRow, toView } from '../inbox/notification-view.ts';
import type { Broadcaster, LiveSignal } from './broadcaster.ts';
import { CatchUp } from './catch-up.ts';
import type { SocketRegistry } from './socket-registry.ts';

/** What the rest of the plugin tells the live side, only ever after its transaction committed. */
export class LiveHub {
  readonly #ctx: Context;
  readonly #broadcaster: Broadcaster;
  readonly #registry: SocketRegistry;
  readonly #onError: (error: unknown) => void;
  readonly #catchUp: CatchUp;

  /** `highestId`: the highest notification id at boot, where a catch-up in the first minute starts. */
  constructor(ctx: Context, broadcaster: Broadcaster, registry: SocketRegistry, highestId: number, onError: (error: unknown) => void) {
    this.#ctx = ctx;
    this.#broadcaster = broadcaster;
    this.#registry = registry;
    this.#onError = onError;
    this.#catchUp = new CatchUp(highestId);
    broadcaster.onSignal((signal) => {
      this.#handle(signal).catch(onError);
    });
  }

  static async open(ctx: Context, broadcaster: Broadcaster, registry: SocketRegistry, onError: (error: unknown) => void): Promise<LiveHub> {
    return new LiveHub(ctx, broadcaster, registry, await highestNotificationId(ctx.db), onError);
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

  async #handle(signal: LiveSignal): Promise<void> {
    switch (signal.type) {
      case 'created':
        return this.#created(signal.eventId, signal.rows);
      case 'changed':
        return this.#changed(signal);
      case 'lost':
        this.#catchUp.lost();
        return;
      case 'resync':
        return this.#resync();
      default:
        // Jobs and settings are not the sockets' business.
        return;
    }
  }

  /** This instance's event (rows in hand) or another's (read back for the users connected here). */
  async #created(eventId: number, committed: CommittedRow[] | undefined): Promise<void> {
    if (!this.#catchUp.take(eventId)) return;
    const here = committed ? [] : this.#registry.users();
    const rows = committed ?? (here.length > 0 ? await rowsOfEvent(this.#ctx.db, eventId, here) : []);
    this.#catchUp.pushed(eventId, highestId(rows));
    await this.#push(rows, new Set(rows.map((row) => row.userId)));
  }

  async #changed({ userId, removed, historyCleared }: InboxChange): Promise<void> {
    const registry = this.#registry;
    if (registry.connectedAmong([userId]).length === 0) return;
    if (removed?.length) registry.send(userId, JSON.stringify({ type: 'removed', ids: removed } satisfies Frame));
    if (historyCleared) registry.send(userId, JSON.stringify({ type: 'historyCleared' } satisfies Frame));
    await this.#sendCounts([userId]);
  }

  /** Signals were lost: the rows the sockets here missed (events not pushed yet), then every count. */
  async #resync(): Promise<void> {
    const users = this.#registry.users();
    const after = this.#catchUp.resume();
    if (users.length === 0) return;
    const byEvent = new Map<number, CommittedRow[]>();
    for (const row of await rowsAfter(this.#ctx.db, after, users)) {
      const rows = byEvent.get(row.eventId) ?? [];
      byEvent.set(row.eventId, rows);
      rows.push(row);
    }
    const missed: CommittedRow[] = [];
    for (const [eventId, rows] of byEvent) {
      if (!this.#catchUp.take(eventId)) continue;
      this.#catchUp.pushed(eventId, highestId(rows));
      missed.push(...rows);
    }
    await this.#push(missed, new Set(users));
  }

  /** Notification frames for the rows of users connected here, then the unread count of each of `counted` connected here. */
  async #push(rows: readonly CommittedRow[], counted: Set<string>): Promise<void> {
    const registry = this.#registry;
    const connected = registry.connectedAmong(counted);
    if (connected.length === 0) return;
    const here = new Set(connected);
    // Notifications first: the counts query must not hold back the frame a user is waiting for.
    const render = memoisedRender();
    for (const row of rows) {
      if (!here.has(row.userId)) continue;
      registry.send(row.userId, JSON.stringify({ type: 'notification', notification: render(row) } satisfies Frame));
    }
    await this.#sendCounts(connected);
  }

  async #sendCounts(userIds: readonly string[]): Promise<void> {
    const counts = await unreadCounts(this.#ctx.db, userIds);
    for (const userId of userIds) {
      this.#registry.send(userId, JSON.stringify({ type: 'unread', count: counts.get(userId) ?? 0 } satisfies Frame));
    }
  }
}

function highestId(rows: readonly CommittedRow[]): number {
  let highest = 0;
  for (const row of rows) highest = Math.max(highest, Number(row.id));
  return highest;
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
