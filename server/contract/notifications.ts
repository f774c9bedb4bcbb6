/** The caller's inbox and history (PRODUCT §5): a notification as the API shows it, and its routes' shapes. */
import { type Static, Type } from 'typebox';
import { DateTime, NotificationId, Nullable } from './common.ts';

export const TargetRef = Type.Object({ kind: Type.String(), id: Type.String() });

/** The kinds that are alerts: open while their condition lasts, then resolved. */
export const ALERT_KINDS = ['part.low_stock', 'build.stock_short'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const AlertState = Type.Enum(['open', 'resolved']);
export type AlertState = Static<typeof AlertState>;

/** An alert's state: open while the condition lasts (the part is low, the build short), then resolved. */
export const Alert = Type.Object({
  state: AlertState,
  /** When it resolved; null while open (and for alerts resolved before states were recorded). */
  resolvedAt: Nullable(DateTime),
  /** What resolved it, in the recipient's language ("Resolved: back to 120 (min 100)"); null while open. */
  status: Nullable(Type.String()),
});
export type Alert = Static<typeof Alert>;

/** Out of the inbox until a time, or until the alert resolves. */
export const Snooze = Type.Object({
  until: Nullable(DateTime),
  untilResolved: Type.Boolean(),
});
export type Snooze = Static<typeof Snooze>;

/** Rendered from its stored data in the recipient's language when it is read (PRODUCT "Messages are data"). */
export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  link: Nullable(Type.String()),
  reason: Type.String(),
  target: Nullable(TargetRef),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: DateTime,
  readAt: Nullable(DateTime),
  /** Low-stock and build-shortage notifications are alerts; other kinds have null. */
  alert: Nullable(Alert),
  /** Set while snoozed: the notification is out of the inbox and the unread count. */
  snooze: Nullable(Snooze),
});
export type Notification = Static<typeof Notification>;

/** `unread` is the inbox, `read` the history (neither holds snoozed ones), `snoozed` those snoozed. */
export const NotificationState = Type.Enum(['unread', 'read', 'all', 'snoozed']);
export type NotificationState = Static<typeof NotificationState>;

export const NotificationQuery = Type.Object({
  state: Type.Enum(['unread', 'read', 'all', 'snoozed'], { default: 'all' }),
  /** `open`: only alerts still open (the operator's view of what needs doing). */
  alerts: Type.Optional(Type.Literal('open')),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  cursor: Type.Optional(NotificationId),
}, { additionalProperties: false });

export const NotificationPage = Type.Object({ items: Type.Array(Notification), nextCursor: Nullable(Type.String()) });
export type NotificationPage = Static<typeof NotificationPage>;

export const NotificationParams = Type.Object({ id: NotificationId });
export const UnreadCount = Type.Object({ count: Type.Integer() });
export const Updated = Type.Object({ updated: Type.Integer() });
export const Deleted = Type.Object({ deleted: Type.Integer() });
export const DeleteBody = Type.Object({ ids: Type.Array(NotificationId, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false });
/** Only history can be deleted wholesale; unread notifications are deleted by id. */
export const DeleteHistoryQuery = Type.Object({ state: Type.Literal('read') }, { additionalProperties: false });

/** Several of the caller's notifications read or unread in one request (one live signal). */
export const MarkBody = Type.Object({
  ids: Type.Array(NotificationId, { minItems: 1, maxItems: 500 }),
  read: Type.Boolean(),
}, { additionalProperties: false });
/** The caller's notifications among `ids`, as they are now (others' and missing ids are left out). */
export const NotificationList = Type.Object({ items: Type.Array(Notification) });

export const SNOOZE_PRESETS = ['hour', 'tomorrow', 'nextWeek'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/**
 * Snooze one notification: exactly one of a time, a preset the server works out in the user's
 * zone (`hour`, `tomorrow` at the start of their day, `nextWeek` on Monday), or until it resolves.
 */
export const SnoozeBody = Type.Object({
  until: Type.Optional(DateTime),
  preset: Type.Optional(Type.Enum(SNOOZE_PRESETS)),
  untilResolved: Type.Optional(Type.Literal(true)),
}, { additionalProperties: false });
export type SnoozeBody = Static<typeof SnoozeBody>;
