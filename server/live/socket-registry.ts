/**
 * Open sockets by user. Only what a reconnect rebuilds: which user a socket belongs to and whether
 * it answered the last ping. A user holds at most `maxPerUser` sockets here: a new one closes the
 * oldest (`CLOSE_CODES.replaced`), so a script opening sockets in a loop costs one user's share.
 */
import type { WebSocket } from 'ws';
import { CLOSE_CODES } from '../contract/index.ts';

export class SocketRegistry {
  readonly #byUser = new Map<string, Set<WebSocket>>();
  readonly #alive = new WeakMap<WebSocket, boolean>();
  readonly #maxPerUser: number;
  readonly #onGone: (userId: string) => void;

  /** `maxPerUser`: the oldest socket closes when a user opens one more; `onGone`: a user's last socket here closed. */
  constructor(maxPerUser = Number.POSITIVE_INFINITY, onGone: (userId: string) => void = () => {}) {
    this.#maxPerUser = maxPerUser;
    this.#onGone = onGone;
  }

  add(userId: string, socket: WebSocket): void {
    const sockets = this.#byUser.get(userId) ?? new Set<WebSocket>();
    this.#byUser.set(userId, sockets);
    // A Set keeps insertion order: the first open socket is the oldest.
    for (const oldest of sockets) {
      if (sockets.size < this.#maxPerUser) break;
      sockets.delete(oldest);
      oldest.close(CLOSE_CODES.replaced, 'too many open sockets for this user');
    }
    sockets.add(socket);
    this.#alive.set(socket, true);
    socket.on('pong', () => this.#alive.set(socket, true));
    socket.on('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.#byUser.get(userId) === sockets) {
        this.#byUser.delete(userId);
        this.#onGone(userId);
      }
    });
  }

  /** Every user with an open socket on this instance. */
  users(): string[] {
    return [...this.#byUser.keys()];
  }

  /** Users with at least one open socket on this instance. */
  connectedAmong(userIds: Iterable<string>): string[] {
    const connected: string[] = [];
    for (const id of userIds) if (this.#byUser.has(id)) connected.push(id);
    return connected;
  }

  /** Sends one frame to every socket of one user (and of nobody else). */
  send(userId: string, frame: string): void {
    for (const socket of this.#byUser.get(userId) ?? []) {
      if (socket.readyState === socket.OPEN) socket.send(frame);
    }
  }

  /** Drops sockets that missed the previous ping, pings the rest. */
  heartbeat(): void {
    for (const sockets of this.#byUser.values()) {
      for (const socket of sockets) {
        if (this.#alive.get(socket) === false) {
          socket.terminate();
          continue;
        }
        this.#alive.set(socket, false);
        socket.ping();
      }
    }
  }

  get size(): number {
    let n = 0;
    for (const sockets of this.#byUser.values()) n += sockets.size;
    return n;
  }

  /** Closes every socket of one user (their session ended). */
  closeUser(userId: string, code: number, reason: string): void {
    for (const socket of this.#byUser.get(userId) ?? []) socket.close(code, reason);
  }

  closeAll(code = 1001, reason = 'server shutting down'): void {
    for (const sockets of this.#byUser.values()) for (const socket of sockets) socket.close(code, reason);
  }
}
