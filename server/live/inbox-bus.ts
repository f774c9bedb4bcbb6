/**
 * The seam between "a row committed" and "a browser hears of it". The engine and the inbox routes
 * emit here only after their transaction commits; the live module (sockets, and across instances
 * a Broadcaster) listens. Nothing here knows about sockets.
 */
import { EventEmitter } from 'node:events';
import type { NotificationRow } from '../inbox/notification-view.ts';

export interface CreatedBatch {
  /**
   * The committed rows, one per recipient. Rendering is left to the listener, which renders only
   * for users it can reach (an open socket), so a fan-out to 10,000 offline users renders nothing.
   */
  rows: (NotificationRow & { userId: string; eventId: number })[];
}

export interface InboxChange {
  userId: string;
  /** Ids the user deleted (other tabs drop them); absent for read/unread changes. */
  removed?: string[];
}

interface InboxBusEvents {
  created: [CreatedBatch];
  changed: [InboxChange];
}

export class InboxBus extends EventEmitter<InboxBusEvents> {}
