/**
 * Unsubscribe tokens: who (a user id), from what (a kind, or `digest`) and until when, signed with
 * the installation's key. A token cannot be forged, changed to another user or kind, or used after
 * it expires: all three are inside the HMAC.
 *
 *   <base64url(JSON [userId, scope, expiresUnix])>.<base64url(HMAC-SHA256(key, first part))>
 */
import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/** What a token turns off: one kind of email, or the daily digest. */
export interface UnsubscribeScope {
  userId: string;
  /** A kind (`part.low_stock`, a host kind …) or `digest`. */
  scope: string;
}

export const DIGEST_SCOPE = 'digest';
/** How long a link in an email works: long enough for the mail to be read late. */
export const TOKEN_LIFETIME_MS = 90 * 86_400_000;
export const TOKEN_PATTERN = '^[A-Za-z0-9_-]{1,600}\\.[A-Za-z0-9_-]{43}$';

// A key made into a KeyObject once: an HMAC given the raw bytes imports them again on every call,
// 37 µs against 5 µs on Node 24, and every email signs its links (bench/queue.ts's profile).
// Installation keys are few; the cap only guards against a caller passing endless keys.
const keyObjects = new Map<string, KeyObject>();

function mac(key: string, payload: string): Buffer {
  let secret = keyObjects.get(key);
  if (!secret) {
    if (keyObjects.size >= 16) keyObjects.clear();
    secret = createSecretKey(Buffer.from(key, 'base64url'));
    keyObjects.set(key, secret);
  }
  return createHmac('sha256', secret).update(payload).digest();
}

export function signUnsubscribeToken(key: string, what: UnsubscribeScope, expiresAt: Date): string {
  const payload = Buffer.from(JSON.stringify([what.userId, what.scope, Math.floor(expiresAt.getTime() / 1000)])).toString('base64url');
  return `${payload}.${mac(key, payload).toString('base64url')}`;
}

/** The token's user and scope when it is genuine and not expired at `now`; null otherwise. */
export function verifyUnsubscribeToken(key: string, token: string, now: Date): UnsubscribeScope | null {
  const [payload = '', signature = '', extra] = token.split('.');
  if (extra !== undefined || payload === '' || signature === '') return null;
  const expected = mac(key, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 3) return null;
  const [userId, scope, expires] = fields as unknown[];
  if (typeof userId !== 'string' || typeof scope !== 'string' || typeof expires !== 'number') return null;
  if (now.getTime() >= expires * 1000) return null;
  return { userId, scope };
}
