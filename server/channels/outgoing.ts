/**
 * From a stored notification to the OutgoingMessage a channel sends: text rendered in the
 * recipient's language, every link (the notification's and those inside its data) made
 * absolute from `publicUrl`. The worker may build OutgoingMessage itself; this is the short way.
 */
import { renderNotification, type StoredNotification } from '../messages/index.ts';
import { absoluteUrl } from './text.ts';
import type { OutgoingMessage, Recipient } from './types.ts';

export interface OutgoingInput {
  deliveryId: string;
  recipient: Recipient;
  locale?: string | null;
  /** The `publicUrl` setting: base for host-relative links. Without it they are dropped. */
  publicUrl: string | null;
}

/** `url` and `link` fields, at any depth (short lines carry their own part URLs), made absolute. */
function absoluteData(value: unknown, publicUrl: string | null, depth = 0): unknown {
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => absoluteData(v, publicUrl, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = (key === 'url' || key === 'link') && typeof v === 'string' ? absoluteUrl(v, publicUrl) : absoluteData(v, publicUrl, depth + 1);
  }
  return out;
}

export function toOutgoingMessage(n: StoredNotification, input: OutgoingInput): OutgoingMessage {
  const text = renderNotification(n, input.locale);
  return {
    deliveryId: input.deliveryId,
    kind: n.kind,
    subject: text.subject,
    body: text.body,
    reason: text.reason,
    link: absoluteUrl(text.link, input.publicUrl),
    data: absoluteData(n.data ?? {}, input.publicUrl) as Record<string, unknown>,
    createdAt: n.createdAt,
    recipient: input.recipient,
    locale: input.locale ?? null,
  };
}
