/**
 * A notification as the API and the socket show it: rendered from its stored data, in the
 * recipient's locale, at read time (PRODUCT "Messages are data").
 */
import type { Notification } from '../contract/index.ts';
import { cleanData, renderNotification } from '../messages/index.ts';
import { UNTIL_RESOLVED } from '../store/entities.ts';
import type { NotificationRow } from '../store/notification-rows.ts';

/** An inbox row as committed, with its owner and event: what the live side pushes. */
export type CommittedRow = NotificationRow & { userId: string; eventId: number };

export function toView(row: NotificationRow): Notification {
  const targetKind = row.targetKind ?? null;
  const targetId = row.targetId ?? null;
  const text = renderNotification({ ...row, targetKind, targetId }, row.locale ?? undefined);
  return {
    id: String(row.id),
    kind: row.kind,
    subject: text.subject,
    body: text.body,
    link: text.link,
    reason: text.reason,
    target: targetKind && targetId ? { kind: targetKind, id: targetId } : null,
    // Links in the facts pass the same rule as `link`; text loses direction controls.
    data: cleanData(row.data),
    createdAt: row.createdAt.toISOString(),
    readAt: row.readAt ? row.readAt.toISOString() : null,
    alert: alertOf(row, text.status),
    snooze: snoozeOf(row.snoozedUntil),
  };
}

function alertOf(row: NotificationRow, status: string | null): Notification['alert'] {
  if (row.alertState !== 'open' && row.alertState !== 'resolved') return null;
  return { state: row.alertState, resolvedAt: row.resolvedAt ? row.resolvedAt.toISOString() : null, status };
}

export function snoozeOf(until: Date | null | undefined): Notification['snooze'] {
  if (!until) return null;
  const untilResolved = until.getTime() === UNTIL_RESOLVED.getTime();
  return { until: untilResolved ? null : until.toISOString(), untilResolved };
}
