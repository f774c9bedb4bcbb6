/**
 * Generic webhook: a JSON body signed the Standard Webhooks way (standardwebhooks.com), so a
 * receiver verifies it with that project's library in any language:
 *
 *   webhook-id: <delivery id>            the idempotency key, the same on every retry
 *   webhook-timestamp: <unix seconds>    of this attempt
 *   webhook-signature: v1,<base64 HMAC-SHA256(key, id + "." + timestamp + "." + body)>
 *
 * The key is the secret's base64 part, decoded (`whsec_<base64>`). During a secret rollover the
 * old secret signs too, and both signatures are sent, space-separated, as the spec allows.
 *
 * The old `X-Stockbell-Signature: t=<unix>,v1=<hex>` header (HMAC over `t.body` with the whole
 * secret string) is still sent for one release, so receivers can move at their own pace.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { withoutBidiControls } from '../messages/index.ts';
import { postJson } from './http.ts';
import type { Channel, Endpoint, OutgoingMessage } from './types.ts';

const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` and 32 random bytes in base64, the form Standard Webhooks libraries load. */
export function newWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/**
 * The HMAC key of a secret: its part after `whsec_`, base64-decoded. Secrets made before Standard
 * Webhooks were base64url; Node decodes both alphabets to the same bytes, so they keep working
 * (a receiver converts `-` to `+` and `_` to `/` to load one into a Standard Webhooks library).
 */
export function signingKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
}

/** `webhook-signature`: `v1,<base64>` for each secret, space-separated. */
export function standardSignature(secrets: readonly string[], id: string, timestamp: number, body: string): string {
  return secrets
    .map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`)
    .join(' ');
}

/** The secrets that sign now: the current one, and the previous one during a rollover. */
function secretsOf(endpoint: Endpoint | null): string[] {
  return [endpoint?.secret, endpoint?.previousSecret].filter((s): s is string => typeof s === 'string' && s !== '');
}

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

/** The body as JSON: text as it is (the receiver escapes for its own output), less direction controls. */
export function renderWebhook(msg: OutgoingMessage): WebhookBody {
  return {
    id: msg.deliveryId,
    kind: msg.kind,
    subject: withoutBidiControls(msg.subject),
    body: withoutBidiControls(msg.body),
    reason: withoutBidiControls(msg.reason),
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
 * @deprecated Kept for one release beside Standard Webhooks' headers.
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
 * @deprecated Receivers should verify `webhook-signature` with a Standard Webhooks library.
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
    const secrets = secretsOf(endpoint);
    if (secrets.length > 0) {
      const timestamp = Math.floor(ctx.clock.now().getTime() / 1000);
      headers['webhook-id'] = msg.deliveryId;
      headers['webhook-timestamp'] = String(timestamp);
      headers['webhook-signature'] = standardSignature(secrets, msg.deliveryId, timestamp, body);
      // The old header, for one release: one v1= per secret, as before.
      headers['x-stockbell-signature'] = [
        `t=${timestamp}`,
        ...secrets.map((secret) => `v1=${hmac(secret, timestamp, body).toString('hex')}`),
      ].join(',');
    }
    return postJson(endpoint, ctx, { label: 'webhook', body, headers });
  },
};
