/**
 * From committed rows to frames: what committed is handed to the broadcaster (which reaches every
 * instance, this one included), and for each signal frames are rendered only for users with a
 * socket here, followed by their unread counts (kept by the tally, read only when not known). When
 * the broadcaster reports signals lost and heard again, the hub catches up from the database: the
 * notifications its sockets missed (once each), then every socket's unread count read afresh.
 */
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { highestNotificationId, type InboxChange, rowsAfter, rowsOfEvent, rowsResolvedWith } from '../inbox/inbox-queries.ts';
import { notificationsByIds, type OwnedRow } from '../store/notification-rows.ts';
import { type CommittedRow, toView } from '../inbox/notification-view.ts';
import type { Broadcaster, CommittedReturn, LiveSignal } from './broadcaster.ts';
import { CatchUp } from './catch-up.ts';
import { historyClearedFrame, notificationFrames, removedFrame, unreadFrame, updatedFrame } from './frames.ts';
import type { SocketRegistry } from './socket-registry.ts';
import type { UnreadTally } from './unread-tally.ts';

/** What the rest of the plugin tells the live side, only ever after its transaction committed. */
export class LiveHub {
  readonly #ctx: Context;
  readonly #broadcaster: Broadcaster;
  readonly #registry: SocketRegistry;
  readonly #onError: (error: unknown) => void;
  readonly #catchUp: CatchUp;
  readonly #tally: UnreadTally;

  /** `highestId`: the highest notification id at boot, where a catch-up in the first minute starts. */
  constructor(ctx: Context, broadcaster: Broadcaster, registry: SocketRegistry, tally: UnreadTally, highestId: number, onError: (error: unknown) => void) {
    this.#ctx = ctx;
    this.#broadcaster = broadcaster;
    this.#registry = registry;
    this.#tally = tally;
    this.#onError = onError;
    this.#catchUp = new CatchUp(highestId);
    broadcaster.onSignal((signal) => {
      this.#handle(signal).catch(onError);
    });
  }

  static async open(ctx: Context, broadcaster: Broadcaster, registry: SocketRegistry, tally: UnreadTally, onError: (error: unknown) => void): Promise<LiveHub> {
    return new LiveHub(ctx, broadcaster, registry, tally, await highestNotificationId(ctx.db), onError);
  }

  /** An event's inbox rows, one per recipient, and its commit mark (store/event-writer.ts). */
  created(rows: readonly CommittedRow[], mark: string): void {
    this.#publish({ type: 'created', eventId: Number(rows[0]?.eventId ?? 0), mark, rows: [...rows] });
  }

  /** A socket just opened: it hears its user's unread count first. */
  async greet(userId: string, socket: WebSocket): Promise<void> {
    const count = (await this.#tally.refresh([userId])).get(userId);
    // Without a count a change overtook the read, and its own count went to every socket of the user.
    if (count !== undefined && socket.readyState === socket.OPEN) socket.send(unreadFrame(count));
  }

  /** The host signed the user out: their sockets close here and on every other instance. */
  async signedOut(userId: string): Promise<void> {
    await this.#broadcaster.publish({ type: 'signedOut', userId });
  }

  /** A user's inbox changed (read, unread, deleted): their open tabs re-sync. */
  changed(change: InboxChange): void {
    this.#publish({ type: 'changed', ...change });
  }

  /** An alert resolved for every recipient at once: their tabs show it resolved. */
  resolved(alert: { kind: string; target: { kind: string; id: string }; resolvedAt: Date; rows: { id: number; userId: string }[]; returned: number[] }): void {
    const { kind, target, rows, returned } = alert;
    this.#publish({ type: 'resolved', kind, target, resolvedAt: alert.resolvedAt.getTime(), rows, ...(returned.length > 0 ? { returned } : {}) });
  }

  /** Snoozes ended: the rows come back to their owners' inboxes, with the badge. */
  returned(rows: readonly CommittedReturn[]): void {
    this.#publish({ type: 'returned', ids: rows.map((row) => Number(row.id)), rows: [...rows] });
  }

  #publish(signal: LiveSignal): void {
    void Promise.resolve(this.#broadcaster.publish(signal)).catch(this.#onError);
  }

  async #handle(signal: LiveSignal): Promise<void> {
    switch (signal.type) {
      case 'created':
        return this.#created(signal.eventId, signal.mark, signal.rows);
      case 'changed':
        return this.#changed(signal);
      case 'resolved':
        return this.#resolved(signal);
      case 'returned':
        return this.#returned(signal.ids, signal.rows);
      case 'lost':
        this.#catchUp.lost();
        return;
      case 'resync':
        return this.#resync();
      case 'signedOut':
        this.#registry.closeUser(signal.userId, CLOSE_CODES.signedOut, 'signed out');
        return;
      case 'recount':
        this.#tally.clear();
        return this.#sendCounts(this.#registry.users());
      default:
        // Jobs and settings are not the sockets' business.
        return;
    }
  }

  /** This instance's event (rows in hand) or another's (read back for the users connected here). */
  async #created(eventId: number, mark: string | undefined, committed: CommittedRow[] | undefined): Promise<void> {
    if (!this.#catchUp.take(eventId)) return;
    const here = committed ? [] : this.#registry.users();
    const rows = committed ?? (here.length > 0 ? await rowsOfEvent(this.#ctx.db, eventId, here) : []);
    this.#catchUp.pushed(eventId, highestId(rows));
    const byUser = this.#sendNotifications(rows);
    if (byUser.size > 0) this.#sendEach(await this.#tally.added(byUser, mark));
  }

  /** One user's own change: other tabs drop, clear or re-show rows, then hear the count. */
  async #changed({ userId, removed, historyCleared, updated }: InboxChange): Promise<void> {
    const registry = this.#registry;
    if (registry.connectedAmong([userId]).length === 0) return;
    this.#tally.changed(userId);
    if (removed?.length) registry.send(userId, removedFrame(removed));
    if (historyCleared) registry.send(userId, historyClearedFrame());
    if (updated?.length) {
      for (const row of await notificationsByIds(this.#ctx.db, updated)) {
        // Ids came from this user's own request; a row of anyone else's is never sent.
        if (row.userId === userId) registry.send(userId, updatedFrame('updated', toView(row)));
      }
    }
    await this.#sendCounts([userId]);
  }

  /**
   * An alert resolved: its rows' owners connected here see it resolved. Only rows that were snoozed
   * until then change a count: they come back as `notification` frames, and their owners hear it.
   */
  async #resolved(signal: Extract<LiveSignal, { type: 'resolved' }>): Promise<void> {
    const db = this.#ctx.db;
    const changed = signal.rows ?? (await rowsResolvedWith(db, signal.target, signal.kind, new Date(signal.resolvedAt)));
    const here = new Set(this.#registry.connectedAmong(new Set(changed.map((row) => row.userId))));
    if (here.size === 0) return;
    // Rows in hand name only id and owner: read back those of users connected here.
    const rows = signal.rows ? await notificationsByIds(db, changed.filter((row) => here.has(row.userId)).map((row) => String(row.id))) : (changed as OwnedRow[]);
    const returned = new Set(signal.returned ?? []);
    const recount = new Set<string>();
    for (const row of rows) {
      if (!here.has(row.userId)) continue;
      const back = returned.has(Number(row.id));
      this.#registry.send(row.userId, updatedFrame(back ? 'notification' : 'updated', toView(row)));
      if (back) recount.add(row.userId);
    }
    for (const userId of recount) this.#tally.changed(userId);
    await this.#sendCounts([...recount]);
  }

  /** Snoozes ended: the rows are back in their owners' inboxes, and their counts are read again. */
  async #returned(ids: readonly number[], committed: readonly CommittedReturn[] | undefined): Promise<void> {
    const rows = committed ?? (await notificationsByIds(this.#ctx.db, ids.map(String)));
    const here = new Set(this.#registry.connectedAmong(new Set(rows.map((row) => row.userId))));
    if (here.size === 0) return;
    for (const row of rows) if (here.has(row.userId)) this.#registry.send(row.userId, updatedFrame('notification', toView(row)));
    for (const userId of here) this.#tally.changed(userId);
    await this.#sendCounts([...here]);
  }

  /** Signals were lost: the rows the sockets here missed (events not pushed yet), then every count afresh. */
  async #resync(): Promise<void> {
    const users = this.#registry.users();
    const after = this.#catchUp.resume();
    this.#tally.clear();
    if (users.length === 0) return;
    const byEvent = new Map<number, CommittedRow[]>();
    for (const row of await rowsAfter(this.#ctx.db, after, users)) {
      const rows = byEvent.get(row.eventId) ?? [];
      byEvent.set(row.eventId, rows);
      rows.push(row);
    }
    for (const [eventId, rows] of byEvent) {
      if (!this.#catchUp.take(eventId)) continue;
      this.#catchUp.pushed(eventId, highestId(rows));
      this.#sendNotifications(rows);
    }
    await this.#sendCounts(users);
  }

  /** A `notification` frame for each row of a user connected here; how many rows each of them got. */
  #sendNotifications(rows: readonly CommittedRow[]): Map<string, number> {
    const registry = this.#registry;
    const connected = new Set(registry.connectedAmong(new Set(rows.map((row) => row.userId))));
    const byUser = new Map<string, number>();
    const frame = notificationFrames();
    for (const row of rows) {
      if (!connected.has(row.userId)) continue;
      registry.send(row.userId, frame(row));
      byUser.set(row.userId, (byUser.get(row.userId) ?? 0) + 1);
    }
    return byUser;
  }

  /** Reads these users' counts afresh and sends them. */
  async #sendCounts(userIds: readonly string[]): Promise<void> {
    if (userIds.length > 0) this.#sendEach(await this.#tally.refresh(userIds));
  }

  #sendEach(counts: ReadonlyMap<string, number>): void {
    for (const [userId, count] of counts) this.#registry.send(userId, unreadFrame(count));
  }
}

function highestId(rows: readonly CommittedRow[]): number {
  let highest = 0;
  for (const row of rows) highest = Math.max(highest, Number(row.id));
  return highest;
}
