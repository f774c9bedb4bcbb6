/**
 * From a stored notification to the OutgoingMessage a channel sends: text rendered in the
 * recipient's language, every link (the notification's and those inside its data) made
 * absolute from `publicUrl`. The worker may build OutgoingMessage itself; this is the short way.
 */
import { absoluteLink, cleanData, renderNotification, type StoredNotification } from '../messages/index.ts';
import type { OutgoingMessage, Recipient } from './types.ts';

export interface OutgoingInput {
  deliveryId: string;
  recipient: Recipient;
  locale?: string | null;
  /** The `publicUrl` setting: base for host-relative links. Without it they are dropped. */
  publicUrl: string | null;
}

export function toOutgoingMessage(n: StoredNotification, input: OutgoingInput): OutgoingMessage {
  const text = renderNotification(n, input.locale);
  return {
    deliveryId: input.deliveryId,
    kind: n.kind,
    subject: text.subject,
    body: text.body,
    reason: text.reason,
    link: absoluteLink(text.link, input.publicUrl),
    // `url` and `link` fields at any depth (short lines carry their own part URLs), made absolute.
    data: cleanData(n.data ?? {}, (link) => absoluteLink(link, input.publicUrl)),
    createdAt: n.createdAt,
    recipient: input.recipient,
    locale: input.locale ?? null,
  };
}
