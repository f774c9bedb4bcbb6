/**
 * Channel modules: each renders one message in its service's format, with its own escaping, and
 * sends it over one channel. `channels` is the registry the delivery worker looks names up in;
 * adding a channel is a module plus its entry here (docs/channels.md).
 *
 * Exports: channels, the Channel contract types, the endpoint policy, webhook signing,
 * the digest, and toOutgoingMessage.
 */
import { discord } from './discord.ts';
import { email } from './email.ts';
import { slack } from './slack.ts';
import { teams } from './teams.ts';
import type { Channel, ChannelName } from './types.ts';
import { webhook } from './webhook.ts';

export const channels: Readonly<Record<ChannelName, Channel>> = {
  email,
  slack,
  discord,
  teams,
  webhook,
};

export function isChannelName(value: unknown): value is ChannelName {
  return typeof value === 'string' && Object.hasOwn(channels, value);
}

export type * from './types.ts';
export { DEFAULT_TIMEOUT_MS, parseRetryAfter } from './http.ts';
export { createPinnedConnections, type PinnedConnections } from './pinned-connections.ts';
export {
  classifyAddress,
  createEndpointPolicy,
  type EndpointCheck,
  type EndpointPolicy,
  type EndpointPolicyOptions,
  type LookupFunction,
  validateEndpointUrl,
} from './endpoint-policy.ts';
export { type DigestContext, digestDay, mailDomain, messageIdFor, renderDigest, renderEmail, sendDigest } from './email.ts';
export { escapeSlack } from './slack.ts';
export { escapeDiscord } from './discord.ts';
export { escapeTeams } from './teams.ts';
export {
  newWebhookSecret,
  renderWebhook,
  signingKey,
  signWebhook,
  standardSignature,
  verifyWebhook,
  type VerifyOptions,
  type WebhookBody,
} from './webhook.ts';
export { type OutgoingInput, pageLinks, toOutgoingMessage } from './outgoing.ts';
export { maskUrl } from './text.ts';
