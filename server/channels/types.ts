/**
 * The contract between the delivery worker and a channel module: the worker hands over one
 * rendered message for one recipient and gets back whether to stop, retry, or give up.
 */
import type { SendMailOptions } from 'nodemailer';
import type { fetch as undiciFetch } from 'undici';
import type { Clock } from '../clock.ts';
import type { ChannelName } from '../contract/index.ts';
import type { EndpointPolicy } from './endpoint-policy.ts';
import type { PinnedConnections } from './pinned-connections.ts';

export type { ChannelName } from '../contract/index.ts';

export interface Recipient {
  id: string;
  name: string;
  email: string | null;
}

/** One notification, rendered as plain text for one recipient; each channel escapes it itself. */
export interface OutgoingMessage {
  /** Idempotency key, stable across retries (the delivery job's id). */
  deliveryId: string;
  kind: string;
  subject: string;
  body: string;
  reason: string;
  /** Absolute, built from `publicUrl` by the caller; null when there is none. */
  link: string | null;
  /** What resolved an alert ("Resolved: back to 120 (min 100)"); null or absent while open and for other kinds. */
  status?: string | null;
  /** The stored facts (names, stock, short lines …); URLs inside should be absolute too. */
  data: Record<string, unknown>;
  createdAt: Date;
  recipient: Recipient;
  /** The recipient's locale, for the labels a channel adds itself (email tables). Default `en`. */
  locale?: string | null;
  /** The host's pages this message may point to; absent or null where there is no `publicUrl`. */
  links?: MessageLinks;
}

/** Absolute links to the host's Stockbell pages, made from `publicUrl` and the `pages` option. */
export interface MessageLinks {
  /** This notification in the inbox: where "See the full message" leads when a channel cuts it. */
  notification: string | null;
  inbox: string | null;
  /** The recipient's notification settings. */
  settings: string | null;
  /** One-click unsubscribe from this kind of email (or from the digest), with its signed token. */
  unsubscribe?: string | null;
}

/** A chat or webhook target. Email uses `recipient.email` instead. The URL is a secret. */
export interface Endpoint {
  url: string;
  secret?: string | null;
  /** The secret being rotated out: until the rollover ends it signs too (webhook). */
  previousSecret?: string | null;
}

/**
 * Where this installation's Message-IDs live: the right-hand side is a domain it owns (the
 * `publicUrl` host or the sender's domain), and the left-hand side carries the installation's id,
 * so two installations never make the same id for their `job-1`.
 */
export interface MailIdentity {
  domain: string;
  installationId: string | null;
}

/** What nodemailer's transporter gives us; anything with the same `sendMail` will do. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<unknown>;
}

export interface SendContext {
  /** The HTTP client (default undici's `fetch`: it takes the pinned pool as its `dispatcher`). */
  fetch?: typeof undiciFetch;
  /** Connections pinned to the addresses the policy checked, shared by a batch; default one per send. */
  connections?: PinnedConnections;
  clock: Clock;
  /** The nodemailer transporter (email only). */
  mailer?: MailTransport;
  /** Sender address for email, e.g. `"Stockbell" <stockbell@example.com>`. */
  from?: string;
  /** Where this installation's Message-IDs live (email). */
  mailIdentity?: MailIdentity;
  endpointPolicy: EndpointPolicy;
  /** Per-request timeout for HTTP channels (default 10 000 ms). */
  timeoutMs?: number;
}

export type SendResult = { ok: true } | { ok: false; retryable: boolean; error: string; retryAfterMs?: number };

export interface Channel {
  name: ChannelName;
  /** The exact payload this channel sends for the message (JSON body, or mail options). */
  render(msg: OutgoingMessage): unknown;
  send(msg: OutgoingMessage, endpoint: Endpoint | null, ctx: SendContext): Promise<SendResult>;
}
