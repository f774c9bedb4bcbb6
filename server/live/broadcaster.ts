/**
 * How "something committed" reaches every instance: new rows and inbox changes for the sockets held
 * there, delivery jobs for the workers, a settings change for their caches. One process needs
 * nothing more than a function call; several instances behind a load balancer swap in a PostgreSQL
 * LISTEN/NOTIFY implementation of the same interface, which carries only ids (receivers re-read
 * rows).
 */
import type { CommittedRow } from '../inbox/notification-view.ts';
import type { NotificationRow } from '../store/notification-rows.ts';

export type { CommittedRow } from '../inbox/notification-view.ts';

export type LiveSignal =
  | {
      type: 'created';
      eventId: number;
      /** The event's commit mark (store/event-writer.ts): whether a count read elsewhere includes it. */
      mark?: string;
      /** Present when the signal never left this process: the rows as committed, no re-read needed. */
      rows?: CommittedRow[];
    }
  | {
      type: 'resolved';
      /** The alert: its kind, its target and the instant it resolved (another instance reads its rows back by these). */
      kind: string;
      target: { kind: string; id: string };
      resolvedAt: number;
      /** Rows snoozed until this resolution: back in their owners' inboxes, so their counts changed. */
      returned?: number[];
      /** Present when the signal never left this process: the rows changed, no search needed. */
      rows?: { id: number; userId: string }[];
    }
  | {
      /** Snoozes that ended: the rows are back in their owners' inboxes. */
      type: 'returned';
      ids: number[];
      /** Present when the signal never left this process: the rows as they are now. */
      rows?: CommittedReturn[];
    }
  | { type: 'changed'; userId: string; removed?: string[]; historyCleared?: true; updated?: string[] }
  /** Delivery jobs were written: the workers of every instance look for them now, not at their next poll. */
  | { type: 'jobs' }
  /** An admin changed the settings: every instance drops what it cached. */
  | { type: 'settings' }
  /** Rows went without a change per user (retention): every instance reads its sockets' counts again. */
  | { type: 'recount' }
  /** This instance's own, from its broadcaster: signals from other instances are being lost (its connection dropped)… */
  | { type: 'lost' }
  /** … and are heard again: what was missed must be read from the database. */
  | { type: 'resync' }
  /** The host ended the user's session: their sockets close on every instance. */
  | { type: 'signedOut'; userId: string };

/** A row whose snooze ended, with its owner. */
export type CommittedReturn = NotificationRow & { userId: string };

export interface Broadcaster {
  /** Hands the signal to every instance's handlers, this instance's included. */
  publish(signal: LiveSignal): void | Promise<void>;
  /** Called for every signal, whichever instance published it. */
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
