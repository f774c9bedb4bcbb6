/**
 * The delivery part of the plugin options: the worker's retry policy and pace, SMTP and the sender
 * address, and the initial values of the settings that steer sends (`publicUrl`, the endpoint
 * allow-list). Checked at registration: a mistake fails boot naming the option.
 */
import type { Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { MailTransport } from '../channels/index.ts';
import { OptionError } from '../errors.ts';
import { checkAllowList, checkPublicUrl } from '../settings/validation.ts';

export interface DeliveryOptions {
  /** Run the worker in this process (default true). Several instances may all run one. */
  worker?: boolean;
  /** Attempts before a job is dead (default 12). */
  maxAttempts?: number;
  /** Backoff: attempt n waits a random time up to min(maxDelayMs, baseDelayMs × 2^(n-1)) (default 5 000). */
  baseDelayMs?: number;
  /** Backoff cap, also the cap on a channel's Retry-After (default 3 600 000, one hour). */
  maxDelayMs?: number;
  /** How often the worker looks for due jobs besides being woken after each event (default 1 000). */
  pollMs?: number;
  /** How long a claimed job is ours; a crashed worker's jobs are taken again after it (default 60 000). */
  leaseMs?: number;
  /** Sends in flight at once per process (default 8). */
  concurrency?: number;
  /** Timeout of one send: HTTP request, SMTP connect and greeting (default 10 000). Must be less than leaseMs. */
  timeoutMs?: number;
  /** How often the digest scheduler looks for users whose hour has come (default 300 000, five minutes). */
  digestCheckMs?: number;
}

export type ResolvedDeliveryOptions = Required<DeliveryOptions>;

/**
 * `smtp://user:pass@mail.example.com:587` (or `smtps://`), nodemailer SMTP transport options, or a
 * ready transporter (anything with `sendMail`; Stockbell does not close one it did not create).
 */
export type SmtpOption = string | SMTPTransport.Options | MailTransport | Transporter;

export type ResolvedSmtp =
  | { type: 'none' }
  | { type: 'url'; url: string }
  | { type: 'options'; options: SMTPTransport.Options }
  | { type: 'transport'; transport: MailTransport };

export interface ResolvedDeliverySettings {
  delivery: ResolvedDeliveryOptions;
  smtp: ResolvedSmtp;
  mailFrom: string;
  publicUrl: string | null;
  endpointAllowList: string[];
}

export const DEFAULT_MAIL_FROM = '"Stockbell" <stockbell@localhost>';

const LIMITS: Record<Exclude<keyof DeliveryOptions, 'worker'>, [number, number, number]> = {
  // default, minimum, maximum
  maxAttempts: [12, 1, 100],
  baseDelayMs: [5_000, 1, 86_400_000],
  maxDelayMs: [3_600_000, 1, 7 * 86_400_000],
  pollMs: [1_000, 10, 3_600_000],
  leaseMs: [60_000, 100, 86_400_000],
  concurrency: [8, 1, 256],
  timeoutMs: [10_000, 100, 300_000],
  digestCheckMs: [300_000, 1_000, 3_600_000],
};

export function resolveDeliverySettings(o: {
  delivery?: unknown;
  smtp?: unknown;
  mailFrom?: unknown;
  publicUrl?: unknown;
  endpointAllowList?: unknown;
}): ResolvedDeliverySettings {
  const given = (o.delivery ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object' || given === null) throw new OptionError('delivery', 'must be an object');
  const delivery = { worker: true } as ResolvedDeliveryOptions;
  if (given.worker !== undefined) {
    if (typeof given.worker !== 'boolean') throw new OptionError('delivery.worker', 'must be true or false');
    delivery.worker = given.worker;
  }
  for (const [key, [fallback, min, max]] of Object.entries(LIMITS) as [keyof typeof LIMITS, [number, number, number]][]) {
    const value = given[key] ?? fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw new OptionError(`delivery.${key}`, `must be a whole number from ${min} to ${max}`);
    }
    delivery[key] = value;
  }
  if (delivery.leaseMs <= delivery.timeoutMs) {
    // A send must be able to finish inside its lease, or another worker could take the job mid-send.
    throw new OptionError('delivery.leaseMs', 'must be longer than delivery.timeoutMs');
  }
  if (delivery.maxDelayMs < delivery.baseDelayMs) {
    throw new OptionError('delivery.maxDelayMs', 'must not be less than delivery.baseDelayMs');
  }
  for (const key of Object.keys(given)) {
    if (key !== 'worker' && !(key in LIMITS)) throw new OptionError(`delivery.${key}`, 'is not a delivery option');
  }

  let smtp: ResolvedSmtp = { type: 'none' };
  if (typeof o.smtp === 'string') {
    if (!/^smtps?:\/\/[^/]+/i.test(o.smtp)) throw new OptionError('smtp', 'must be an smtp:// or smtps:// URL');
    smtp = { type: 'url', url: o.smtp };
  } else if (o.smtp && typeof o.smtp === 'object') {
    smtp = typeof (o.smtp as MailTransport).sendMail === 'function'
      ? { type: 'transport', transport: o.smtp as MailTransport }
      : { type: 'options', options: o.smtp as SMTPTransport.Options };
  } else if (o.smtp !== undefined && o.smtp !== null) {
    throw new OptionError('smtp', 'must be an SMTP URL, nodemailer transport options or a transporter');
  }

  const mailFrom = o.mailFrom ?? DEFAULT_MAIL_FROM;
  if (typeof mailFrom !== 'string' || !/^([^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/.test(mailFrom.trim())) {
    throw new OptionError('mailFrom', 'must be an address such as "Stockbell" <stockbell@example.com>');
  }

  let publicUrl: string | null = null;
  if (o.publicUrl !== undefined && o.publicUrl !== null) {
    const problem = typeof o.publicUrl === 'string' ? checkPublicUrl(o.publicUrl) : 'must be a string';
    if (problem) throw new OptionError('publicUrl', problem);
    publicUrl = o.publicUrl as string;
  }

  let endpointAllowList: string[] = [];
  if (o.endpointAllowList !== undefined) {
    if (!Array.isArray(o.endpointAllowList) || !o.endpointAllowList.every((e) => typeof e === 'string')) {
      throw new OptionError('endpointAllowList', 'must be an array of addresses, CIDR ranges or host names');
    }
    const problem = checkAllowList(o.endpointAllowList);
    if (problem) throw new OptionError('endpointAllowList', problem);
    endpointAllowList = [...o.endpointAllowList];
  }
  return { delivery, smtp, mailFrom: mailFrom.trim(), publicUrl, endpointAllowList };
}
