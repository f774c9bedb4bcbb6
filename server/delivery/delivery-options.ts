/**
 * The delivery part of the plugin options: the worker's retry policy and pace, and how mail
 * leaves (SMTP or a transporter). The schema is checked with the rest of the options at
 * registration (server/options.ts); what a schema cannot say is checked here.
 */
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { type Static, Type } from 'typebox';
import type { MailTransport } from '../channels/index.ts';
import { OptionError } from '../errors.ts';

const whole = (value: number, minimum: number, maximum: number, description: string) =>
  Type.Optional(Type.Integer({ minimum, maximum, default: value, description }));

export const DeliveryOptions = Type.Object({
  worker: Type.Optional(Type.Boolean({ default: true, description: 'Run the worker in this process. Several instances may all run one.' })),
  maxAttempts: whole(16, 1, 100, 'Attempts before a job is dead (with the delays below: tried for 31 to 40 hours).'),
  baseDelayMs: whole(30_000, 1, 86_400_000, 'Backoff: attempt n waits 0.8 to 1.2 times min(maxDelayMs, baseDelayMs × 2^(n-1)).'),
  maxDelayMs: whole(21_600_000, 1, 7 * 86_400_000, "Backoff cap, also the cap on a channel's Retry-After."),
  pauseAfterFailures: whole(5, 1, 1_000, 'Failures in a row that pause a destination (the email channel, an endpoint): its jobs wait, untried, for a probe.'),
  pauseMs: whole(30_000, 100, 86_400_000, 'The first pause before a probe; doubled after each failed probe.'),
  maxPauseMs: whole(600_000, 100, 86_400_000, 'The longest pause between probes.'),
  pollMs: whole(1_000, 10, 3_600_000, 'How often the worker looks for due jobs besides being woken after each event.'),
  leaseMs: whole(60_000, 100, 86_400_000, "How long a claimed job is ours; a crashed worker's jobs are taken again after it."),
  concurrency: whole(8, 1, 256, 'Sends in flight at once per process.'),
  timeoutMs: whole(10_000, 100, 300_000, 'Timeout of one send (HTTP request, SMTP connect and greeting); less than leaseMs.'),
  digestCheckMs: whole(300_000, 1_000, 3_600_000, 'How often the digest scheduler looks for users whose hour has come.'),
}, { additionalProperties: false });
export type DeliveryOptions = Static<typeof DeliveryOptions>;
export type ResolvedDeliveryOptions = Required<DeliveryOptions>;

/** Every option with its default filled in, and the relations between them checked. */
export function resolveDeliveryOptions(given: DeliveryOptions = {}): ResolvedDeliveryOptions {
  const resolved = Object.fromEntries(
    Object.entries(DeliveryOptions.properties).map(([key, schema]) => [key, given[key as keyof DeliveryOptions] ?? (schema as { default?: unknown }).default]),
  ) as ResolvedDeliveryOptions;
  if (resolved.leaseMs <= resolved.timeoutMs) {
    // A send must be able to finish inside its lease, or another worker could take the job mid-send.
    throw new OptionError('delivery.leaseMs', 'must be longer than delivery.timeoutMs');
  }
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    throw new OptionError('delivery.maxDelayMs', 'must not be less than delivery.baseDelayMs');
  }
  if (resolved.maxPauseMs < resolved.pauseMs) {
    throw new OptionError('delivery.maxPauseMs', 'must not be less than delivery.pauseMs');
  }
  return resolved;
}

/**
 * `smtp://user:pass@mail.example.com:587` (or `smtps://`), nodemailer SMTP transport options, or a
 * ready transporter (anything with `sendMail`; Stockbell does not close one it did not create).
 */
export type SmtpOption = string | SMTPTransport.Options | MailTransport | Transporter;

export const SmtpOption = Type.Union([
  Type.String({ pattern: '^smtps?://[^/]+', description: 'an smtp:// or smtps:// URL' }),
  Type.Object({}, { additionalProperties: true, description: 'nodemailer SMTP options, or a transporter with sendMail()' }),
]);

export type ResolvedSmtp =
  | { type: 'none' }
  | { type: 'url'; url: string }
  | { type: 'options'; options: SMTPTransport.Options }
  | { type: 'transport'; transport: MailTransport };

export function resolveSmtp(smtp: SmtpOption | undefined): ResolvedSmtp {
  if (smtp === undefined) return { type: 'none' };
  if (typeof smtp === 'string') return { type: 'url', url: smtp };
  if (typeof (smtp as MailTransport).sendMail === 'function') return { type: 'transport', transport: smtp as MailTransport };
  return { type: 'options', options: smtp as SMTPTransport.Options };
}

export const DEFAULT_MAIL_FROM = '"Stockbell" <stockbell@localhost>';
/** `"Name" <address>` or a bare address. */
export const MAIL_FROM_PATTERN = '^([^<>\\r\\n]*<[^\\s@<>]+@[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+)$';
