/** The caller's inbox and history (PRODUCT §5): a notification as the API shows it, and its routes' shapes. */
import { type Static, Type } from 'typebox';
import { DateTime, NotificationId, Nullable } from './common.ts';

export const TargetRef = Type.Object({ kind: Type.String(), id: Type.String() });

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
});
export type Notification = Static<typeof Notification>;

export const NotificationState = Type.Enum(['unread', 'read', 'all']);
export type NotificationState = Static<typeof NotificationState>;

export const NotificationQuery = Type.Object({
  state: Type.Enum(['unread', 'read', 'all'], { default: 'all' }),
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
