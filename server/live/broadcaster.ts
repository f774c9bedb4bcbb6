/**
 * How "something committed" reaches every instance's sockets. One process needs nothing more than
 * a function call; several instances behind a load balancer swap in a PostgreSQL LISTEN/NOTIFY
 * implementation of the same interface, which carries only ids (the receiver re-reads the rows).
 */
import type { NotificationRow } from '../inbox/notification-view.ts';

/** An inbox row as committed: enough to render its frame without reading it back. */
export type CommittedRow = NotificationRow & { userId: string; eventId: number };

export type LiveSignal =
  | {
      type: 'created';
      eventId: number;
      /** Recipients, when known here; another instance's signal carries only the event. */
      userIds?: string[];
      /** Present when the signal never left this process: the rows as committed, no re-read needed. */
      rows?: CommittedRow[];
    }
  | { type: 'changed'; userId: string; removed?: string[]; historyCleared?: true };

export interface Broadcaster {
  publish(signal: LiveSignal): void | Promise<void>;
  /** The live hub's entry point; called for signals from this and (for shared ones) other instances. */
  onSignal(handler: (signal: LiveSignal) => void): void;
  close(): Promise<void>;
}

export class InProcessBroadcaster implements Broadcaster {
  #handlers: ((signal: LiveSignal) => void)[] = [];

  publish(signal: LiveSignal): void {
    for (const handler of this.#handlers) handler(signal);
  }

  onSignal(handler: (signal: LiveSignal) => void): void {
    this.#handlers.push(handler);
  }

  async close(): Promise<void> {
    this.#handlers = [];
  }
}
