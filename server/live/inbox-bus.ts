/**
 * The seam between "a row committed" and "a browser hears of it". The engine and the inbox routes
 * emit here only after their transaction commits; the live module (sockets, and across instances
 * a Broadcaster) listens. Nothing here knows about sockets.
 */
import { EventEmitter } from 'node:events';
import type { NotificationView } from '../inbox/notification-view.ts';

export interface CreatedBatch {
  /** One entry per recipient; the view is already rendered in that recipient's locale. */
  items: { userId: string; notification: NotificationView }[];
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
