/**
 * Frames as a socket receives them (contract/frames.ts), serialised once where they can be shared:
 * a fan-out's 10,000 `notification` frames differ only in their id, so each (data, reason, locale)
 * is rendered and serialised once and a row adds its id and times to that text.
 */
import type { Frame, Notification } from '../contract/index.ts';
import { snoozeOf, toView } from '../inbox/notification-view.ts';
import type { NotificationRow } from '../store/notification-rows.ts';

export const unreadFrame = (count: number): string => `{"type":"unread","count":${count}}`;

export const removedFrame = (ids: readonly string[]): string => JSON.stringify({ type: 'removed', ids: [...ids] } satisfies Frame);

export const historyClearedFrame = (): string => JSON.stringify({ type: 'historyCleared' } satisfies Frame);

/** One row on its own: `updated` (resolved, snoozed, read elsewhere) or `notification` (back from a snooze). */
export const updatedFrame = (type: 'updated' | 'notification', notification: Notification): string =>
  JSON.stringify({ type, notification } satisfies Frame);

/**
 * A `notification` frame per row; rows sharing data and reason objects share their rendering. Rows
 * share a data object only when one fan-out wrote them together, so their alert state is the same
 * too (one resolution updates every recipient's row); a snooze is the row's own.
 */
export function notificationFrames(): (row: NotificationRow) => string {
  const shared = new Map<object, Map<object, Map<string, string>>>();
  return (row) => {
    const byReason = shared.get(row.data) ?? new Map<object, Map<string, string>>();
    shared.set(row.data, byReason);
    const byLocale = byReason.get(row.reason) ?? new Map<string, string>();
    byReason.set(row.reason, byLocale);
    const locale = row.locale ?? '';
    let middle = byLocale.get(locale);
    if (middle === undefined) {
      const { id: _id, createdAt: _created, readAt: _read, snooze: _snooze, ...rest } = toView(row);
      middle = JSON.stringify(rest).slice(1, -1);
      byLocale.set(locale, middle);
    }
    const readAt = row.readAt ? `"${row.readAt.toISOString()}"` : 'null';
    const snooze = JSON.stringify(snoozeOf(row.snoozedUntil));
    return `{"type":"notification","notification":{"id":${JSON.stringify(String(row.id))},${middle},"createdAt":"${row.createdAt.toISOString()}","readAt":${readAt},"snooze":${snooze}}}`;
  };
}
