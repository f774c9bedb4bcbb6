/**
 * The shapes the Stockbell HTTP and WebSocket API speaks (PRODUCT §5), as the browser sees them.
 */

export type SubscriptionKind = 'part' | 'category';
export type NotificationState = 'unread' | 'read' | 'all';

export interface Notification {
  id: string;
  kind: string;
  subject: string;
  body: string;
  /** Where the notification leads (relative to the host or absolute), or null. */
  link: string | null;
  /** Why this user got it, e.g. "subscribed to Electronics › Passives". */
  reason: string;
  target: { kind: string; id: string } | null;
  data: Record<string, unknown>;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, or null while unread. */
  readAt: string | null;
}

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
}

export interface SubscriptionItem {
  kind: SubscriptionKind;
  id: string;
  name: string;
  /** Category names root → leaf; for a part, its category's path. */
  path: string[];
  url: string;
}

export interface SubscriptionSource {
  kind: SubscriptionKind;
  id: string;
  name: string;
  url: string;
}

export interface SubscriptionState {
  /** True when the user is subscribed to this target directly. */
  subscribed: boolean;
  name: string;
  url: string;
  /** Present when a category or template subscription already covers this target. */
  inheritedFrom?: SubscriptionSource;
}

/** Frames the server pushes on `GET {base}/ws`. */
export type Frame =
  | { type: 'notification'; notification: Notification }
  | { type: 'unread'; count: number }
  | { type: 'removed'; ids: string[] };
