/** The one-click unsubscribe link an email carries: the route's URL on `publicUrl` with a fresh token. */
import { absoluteLink } from '../messages/index.ts';
import { signUnsubscribeToken, TOKEN_LIFETIME_MS } from './token.ts';

export type UnsubscribeLinks = (userId: string, scope: string) => string | null;

/** Links made with the installation's key; none without a `publicUrl` (there is nowhere to point). */
export function unsubscribeLinks(key: string, prefix: string, publicUrl: string | null, now: Date): UnsubscribeLinks {
  const expiresAt = new Date(now.getTime() + TOKEN_LIFETIME_MS);
  return (userId, scope) => absoluteLink(`${prefix}/unsubscribe/${signUnsubscribeToken(key, { userId, scope }, expiresAt)}`, publicUrl);
}
