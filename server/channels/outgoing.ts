/**
 * From a stored notification to the OutgoingMessage a channel sends: text rendered in the
 * recipient's language, every link (the notification's and those inside its data) made
 * absolute from `publicUrl`. The worker may build OutgoingMessage itself; this is the short way.
 */
import { absoluteLink, cleanData, renderNotification, type StoredAlert, type StoredNotification } from '../messages/index.ts';
import type { MessageLinks, OutgoingMessage, Recipient } from './types.ts';

export interface OutgoingInput {
  deliveryId: string;
  recipient: Recipient;
  locale?: string | null;
  /** The `publicUrl` setting: base for host-relative links. Without it they are dropped. */
  publicUrl: string | null;
  /** The host's inbox and settings pages (the `pages` option); without them no such links. */
  pages?: { inbox: string; settings: string };
  /** The one-click unsubscribe link for this recipient and kind (email). */
  unsubscribe?: string | null;
}

/** The links a message carries to the host's pages: the notification in the inbox, the inbox, the settings. */
export function pageLinks(
  pages: { inbox: string; settings: string } | undefined,
  publicUrl: string | null,
  notificationId?: number | string,
): MessageLinks {
  const inbox = absoluteLink(pages?.inbox, publicUrl);
  let notification: string | null = null;
  if (inbox !== null && notificationId !== undefined) {
    const url = new URL(inbox);
    url.searchParams.set('notification', String(notificationId));
    notification = url.href;
  }
  return { notification, inbox, settings: absoluteLink(pages?.settings, publicUrl) };
}

export function toOutgoingMessage(n: StoredNotification & StoredAlert, input: OutgoingInput): OutgoingMessage {
  const text = renderNotification(n, input.locale);
  return {
    deliveryId: input.deliveryId,
    kind: n.kind,
    subject: text.subject,
    body: text.body,
    reason: text.reason,
    link: absoluteLink(text.link, input.publicUrl),
    status: text.status,
    // `url` and `link` fields at any depth (short lines carry their own part URLs), made absolute.
    data: cleanData(n.data ?? {}, (link) => absoluteLink(link, input.publicUrl)),
    createdAt: n.createdAt,
    recipient: input.recipient,
    locale: input.locale ?? null,
    links: { ...pageLinks(input.pages, input.publicUrl, n.id), unsubscribe: input.unsubscribe ?? null },
  };
}
