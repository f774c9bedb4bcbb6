/** What the server pushes on `GET {prefix}/ws`; the protocol is server → client only. */
import { type Static, Type } from 'typebox';
import { Notification } from './notifications.ts';

export const NotificationFrame = Type.Object({ type: Type.Literal('notification'), notification: Notification });
/** The caller's unread count: sent first on connect, and after anything that changes it. */
export const UnreadFrame = Type.Object({ type: Type.Literal('unread'), count: Type.Integer() });
/** Notifications deleted elsewhere (another tab, another device): drop them. */
export const RemovedFrame = Type.Object({ type: Type.Literal('removed'), ids: Type.Array(Type.String()) });

/** The user deleted all their history elsewhere: drop every read notification (too many ids to list). */
export const HistoryClearedFrame = Type.Object({ type: Type.Literal('historyCleared') });

export const Frame = Type.Union([NotificationFrame, UnreadFrame, RemovedFrame, HistoryClearedFrame]);
export type Frame = Static<typeof Frame>;
