/**
 * One-click unsubscribe (RFC 8058): the signed, expiring links every email carries, and the route
 * that turns off one kind of email (or the digest) for one user, authenticated by the token alone.
 */
export { type UnsubscribeLinks, unsubscribeLinks } from './links.ts';
export { unsubscribeRoutes } from './unsubscribe.routes.ts';
export { DIGEST_SCOPE, signUnsubscribeToken, TOKEN_LIFETIME_MS, type UnsubscribeScope, verifyUnsubscribeToken } from './token.ts';
