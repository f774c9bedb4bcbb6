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
import { highestNotificationId, type InboxChange, rowsAfter, rowsOfEvent } from '../inbox/inbox-queries.ts';
import type { CommittedRow } from '../inbox/notification-view.ts';
import type { Broadcaster, LiveSignal } from './broadcaster.ts';
import { CatchUp } from './catch-up.ts';
import { historyClearedFrame, notificationFrames, removedFrame, unreadFrame } from './frames.ts';
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

  #publish(signal: LiveSignal): void {
    void Promise.resolve(this.#broadcaster.publish(signal)).catch(this.#onError);
  }

  async #handle(signal: LiveSignal): Promise<void> {
    switch (signal.type) {
      case 'created':
        return this.#created(signal.eventId, signal.mark, signal.rows);
      case 'changed':
        return this.#changed(signal);
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

  async #changed({ userId, removed, historyCleared }: InboxChange): Promise<void> {
    const registry = this.#registry;
    if (registry.connectedAmong([userId]).length === 0) return;
    this.#tally.changed(userId);
    if (removed?.length) registry.send(userId, removedFrame(removed));
    if (historyCleared) registry.send(userId, historyClearedFrame());
    await this.#sendCounts([userId]);
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
