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

/** A notification shown already changed (an alert resolved, a snooze set or ended elsewhere): show it as it is now. */
export const UpdatedFrame = Type.Object({ type: Type.Literal('updated'), notification: Notification });

export const Frame = Type.Union([NotificationFrame, UnreadFrame, RemovedFrame, HistoryClearedFrame, UpdatedFrame]);
export type Frame = Static<typeof Frame>;

/**
 * Close codes the server ends a socket with on purpose (4000–4999 are the application's). After
 * these a client must not reconnect on its own timer, or it would fight the server: it waits until
 * the user is back (the tab becomes visible, the network returns).
 */
export const CLOSE_CODES = {
  /** The user opened more sockets than `live.maxSocketsPerUser`: this, the oldest, made way. */
  replaced: 4000,
  /** The host signed the user out (`app.stockbell.disconnect`). */
  signedOut: 4001,
} as const;
/** Sent by a client, which the protocol never asks for: the socket is closed (policy violation). */
export const CLOSE_CLIENT_FRAME = 1008;
