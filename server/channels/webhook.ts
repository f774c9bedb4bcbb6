/**
 * Generic webhook: a JSON body signed with HMAC-SHA256 over `<unix seconds>.<body>`:
 *
 *   X-Stockbell-Signature: t=1767261600,v1=5257a869e7…
 *
 * The timestamp is signed with the body, so a receiver that checks it (verifyWebhook does,
 * 5 minutes by default) rejects a replayed request, and the idempotency key
 * (`Idempotency-Key`, `X-Stockbell-Delivery`, and `id` in the body) lets it drop the repeats
 * at-least-once delivery produces. Each attempt is signed afresh with the current time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { postJson } from './http.ts';
import type { Channel, OutgoingMessage } from './types.ts';

export interface WebhookBody {
  id: string;
  kind: string;
  subject: string;
  body: string;
  reason: string;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  recipient: { id: string };
}

export function renderWebhook(msg: OutgoingMessage): WebhookBody {
  return {
    id: msg.deliveryId,
    kind: msg.kind,
    subject: msg.subject,
    body: msg.body,
    reason: msg.reason,
    link: msg.link,
    data: msg.data,
    createdAt: msg.createdAt.toISOString(),
    recipient: { id: msg.recipient.id },
  };
}

function hmac(secret: string, timestamp: number, body: string | Uint8Array): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}

/**
 * The `X-Stockbell-Signature` value for `body` (the exact bytes sent) at `timestamp`
 * (unix seconds): `t=<timestamp>,v1=<hex hmac-sha256(secret, timestamp + "." + body)>`.
 */
export function signWebhook(secret: string, body: string | Uint8Array, timestamp: number): string {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) throw new TypeError('timestamp must be whole unix seconds');
  return `t=${timestamp},v1=${hmac(secret, timestamp, body).toString('hex')}`;
}

export interface VerifyOptions {
  /** The receiver's current time (default: now). */
  now?: Date;
  /** How far the signed timestamp may be from `now`, either way (default 300 s). */
  toleranceSeconds?: number;
}

/**
 * True when `header` carries a valid signature of `body` (the raw request bytes, not re-serialised
 * JSON) made with `secret` at a time within the tolerance of `now`. Compares in constant time;
 * accepts several `v1=` values (secret rotation).
 */
export function verifyWebhook(
  secret: string,
  body: string | Uint8Array,
  header: string | null | undefined,
  options: VerifyOptions = {},
): boolean {
  if (typeof header !== 'string' || secret === '') return false;
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,15}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === null || signatures.length === 0) return false;
  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (!(Math.abs(now - timestamp) <= tolerance)) return false;
  const expected = hmac(secret, timestamp, body);
  let ok = false;
  for (const signature of signatures) ok = timingSafeEqual(signature, expected) || ok;
  return ok;
}

export const webhook: Channel = {
  name: 'webhook',
  render: renderWebhook,
  send(msg, endpoint, ctx) {
    const body = JSON.stringify(renderWebhook(msg));
    const headers: Record<string, string> = {
      'idempotency-key': msg.deliveryId,
      'x-stockbell-delivery': msg.deliveryId,
      'x-stockbell-kind': msg.kind,
    };
    if (endpoint?.secret) {
      headers['x-stockbell-signature'] = signWebhook(endpoint.secret, body, Math.floor(ctx.clock.now().getTime() / 1000));
    }
    return postJson(endpoint, ctx, { label: 'webhook', body, headers });
  },
};
