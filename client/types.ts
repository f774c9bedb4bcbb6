/**
 * The shapes the Stockbell HTTP and WebSocket API speaks (PRODUCT §5), as the browser sees them.
 */

import type { NotificationView } from '../server/inbox/notification-view.ts';

export type SubscriptionKind = 'part' | 'category';
export type NotificationState = 'unread' | 'read' | 'all';

/** A notification on the wire: the server's view is the one definition. */
export type Notification = NotificationView;

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

// ---------------------------------------------------------------------------------------------
// Preferences and administration (`GET/PATCH /preferences`, `/admin/*`)

/** A row of the matrix: a kind of notification, with its label in the server's language. */
export interface KindInfo {
  id: string;
  label: string;
}

/** Where a cell's value comes from: the user's own choice, a role default, or the global default. */
export type CellSource = 'user' | 'role' | 'global';

export interface MatrixCell {
  enabled: boolean;
  source: CellSource;
}

export type EmailMode = 'immediate' | 'digest' | 'off';

export interface EmailSettings {
  mode: EmailMode;
  /** 0–23, in `timeZone`. */
  digestHour: number;
  /** IANA name, e.g. `Europe/Berlin`. */
  timeZone: string;
}

/** A chat or webhook endpoint; the URL comes back masked (it is a secret). */
export interface Endpoint {
  id: string;
  channel: string;
  name: string;
  url: string;
}

/** The answer to adding an endpoint: a webhook's signing secret, shown this once. */
export interface CreatedEndpoint extends Endpoint {
  secret: string | null;
}

export interface NewEndpoint {
  channel: string;
  name?: string;
  url: string;
  /** Personal webhooks only: `false` for no signing secret (signed by default). */
  signed?: boolean;
}

export interface Preferences {
  kinds: KindInfo[];
  channels: string[];
  /** kind → channel → cell. */
  matrix: Record<string, Record<string, MatrixCell>>;
  email: EmailSettings;
  endpoints: Endpoint[];
  /** The administrators' shared endpoints (names only). */
  sharedEndpoints: { id: string; channel: string; name: string }[];
}

/** On, off, or `null`: clear the override and follow the default again. */
export type CellChange = boolean | null;

export interface PreferencesPatch {
  matrix?: Record<string, Record<string, CellChange>>;
  email?: { mode?: EmailMode; digestHour?: number | null; timeZone?: string | null };
}

export interface TestResult {
  ok: boolean;
  error: string | null;
}

export interface AdminSettings {
  enabled: boolean;
  lowStockEnabled: boolean;
  /** 0 keeps notifications forever. */
  retentionDays: number;
  defaultDigestHour: number;
  publicUrl: string | null;
  allowedOrigins: string[];
  endpointAllowList: string[];
  kinds: KindInfo[];
  channels: string[];
  /** The global defaults as they apply: kind → channel → on. */
  defaults: Record<string, Record<string, boolean>>;
  /** Per role, only the cells the role sets; the rest follow `defaults`. */
  roleDefaults: Record<string, Record<string, Record<string, boolean>>>;
  /** Shared endpoints; `secret` only in the answer to the change that created a webhook endpoint. */
  endpoints: (Endpoint & { secret?: string })[];
}

/** The global settings a form edits (the rest of `AdminSettings` has its own controls). */
export type GeneralSettings = Pick<
  AdminSettings,
  'enabled' | 'lowStockEnabled' | 'retentionDays' | 'defaultDigestHour' | 'publicUrl' | 'allowedOrigins' | 'endpointAllowList'
>;

export interface AdminSettingsPatch extends Partial<GeneralSettings> {
  defaults?: Record<string, Record<string, CellChange>>;
  /** Per role: cells to set or clear; `null` removes all of the role's defaults. */
  roleDefaults?: Record<string, Record<string, Record<string, CellChange>> | null>;
  endpoints?: { add?: NewEndpoint[]; remove?: string[] };
}

export type DeliveryStatus = 'pending' | 'retrying' | 'sending' | 'sent' | 'dead';

export interface Delivery {
  id: string;
  channel: string;
  /** The user id the message is for. */
  recipient: string;
  endpoint: { id: string; name: string; shared: boolean } | null;
  kind: string;
  notificationId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastError: string | null;
  /** ISO 8601: the next try (pending, retrying) or the end of the lease (sending); null once settled. */
  nextAttemptAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeliveryPage {
  items: Delivery[];
  nextCursor: string | null;
  /** Jobs per stored status (retrying ones count as pending). */
  counts: { pending: number; sending: number; sent: number; dead: number };
}
