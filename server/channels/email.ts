/**
 * Email through an injected nodemailer transporter: one recipient per mail (never a list),
 * HTML + plain text (email-templates.ts), `Message-ID: <deliveryId.installation@domain>` (the
 * `publicUrl` host, else the sender's domain) and an `X-Stockbell-Delivery` header so a retried
 * job produces the same message a mail system can de-duplicate. Every mail carries RFC 8058's
 * one-click `List-Unsubscribe` when there is a link for it. The daily digest is one mail per user
 * and day, its Message-ID derived from both.
 */
import type { SendMailOptions } from 'nodemailer';
import type { Clock } from '../clock.ts';
import { type DigestOptions, renderDigestEmail } from './email-digest.ts';
import { renderNotificationEmail } from './email-templates.ts';
import { oneLine } from './text.ts';
import type { Channel, MailIdentity, OutgoingMessage, Recipient, SendContext, SendResult } from './types.ts';

/** For `render()` without a send context (previews, tests). */
const PREVIEW_IDENTITY: MailIdentity = { domain: 'stockbell.invalid', installationId: null };

/** The `publicUrl` host, else the domain of the sender's address, else `stockbell.invalid`. */
export function mailDomain(publicUrl: string | null | undefined, from: string | null | undefined): string {
  try {
    if (publicUrl) return new URL(publicUrl).hostname.replace(/^\[|\]$/g, '');
  } catch {
    // fall through to the sender
  }
  const domain = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from ?? '')?.[1];
  return domain ?? PREVIEW_IDENTITY.domain;
}

const SAFE_TOKEN = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/**
 * An id usable as the left part of a Message-ID and as a header value: kept as it is when it is
 * plain (letters, digits, `-`, `_`, dots between), otherwise `x.` + base64url of it.
 */
export function messageIdToken(value: string): string {
  return SAFE_TOKEN.test(value) && value.length <= 200 && !value.startsWith('x.')
    ? value
    : `x.${Buffer.from(value, 'utf8').toString('base64url')}`;
}

export function messageIdFor(key: string, identity: MailIdentity = PREVIEW_IDENTITY): string {
  const installation = identity.installationId ? `.${messageIdToken(identity.installationId)}` : '';
  return `<${messageIdToken(key)}${installation}@${identity.domain}>`;
}

/** RFC 8058 one-click unsubscribe headers, when there is a link. */
function unsubscribeHeaders(url: string | null | undefined): Record<string, string> {
  return url ? { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
}

/** `YYYY-MM-DD` of `now` in `timeZone` (default UTC): the day a digest belongs to. */
export function digestDay(now: Date, timeZone?: string | null): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    parts = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function digestKey(userId: string, day: string): string {
  return `digest.${day}.${messageIdToken(userId)}`;
}

/** One plain address, nothing a mail system could read as a list or a second header. */
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+\.[^\s@,;:<>()[\]"\\]+$/;

export function isSingleAddress(value: string): boolean {
  return value.length <= 254 && SINGLE_ADDRESS.test(value);
}

/** Mail options for one notification, everything but `from` and `date` (they come from the send context). */
export function renderEmail(msg: OutgoingMessage, identity: MailIdentity = PREVIEW_IDENTITY): SendMailOptions {
  const content = renderNotificationEmail(msg);
  const token = messageIdToken(msg.deliveryId);
  return {
    to: { name: oneLine(msg.recipient.name), address: msg.recipient.email ?? '' },
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: messageIdFor(msg.deliveryId, identity),
    headers: {
      'X-Stockbell-Delivery': token,
      'X-Stockbell-Kind': messageIdToken(msg.kind),
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      ...unsubscribeHeaders(msg.links?.unsubscribe),
    },
  };
}

export interface DigestContext extends DigestOptions {
  clock: Clock;
  from?: string;
  mailIdentity?: MailIdentity;
  /** The day the digest is for (`YYYY-MM-DD`); default: today in `timeZone` by `clock`. */
  day?: string;
}

/**
 * The daily digest as mail options: one mail grouping `messages` by kind, `Message-ID`
 * `<digest.<day>.<user>.<installation>@<domain>>` so the same user and day always give the same id.
 * Null when there is nothing to send.
 */
export function renderDigest(recipient: Recipient, messages: readonly OutgoingMessage[], ctx: DigestContext): SendMailOptions | null {
  if (messages.length === 0) return null;
  const now = ctx.clock.now();
  const key = digestKey(recipient.id, ctx.day ?? digestDay(now, ctx.timeZone));
  const content = renderDigestEmail(recipient, messages, ctx);
  const mail: SendMailOptions = {
    to: { name: oneLine(recipient.name), address: recipient.email ?? '' },
    subject: content.subject,
    text: content.text,
    html: content.html,
    messageId: messageIdFor(key, ctx.mailIdentity),
    date: now,
    headers: {
      'X-Stockbell-Delivery': key,
      'X-Stockbell-Kind': 'digest',
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      ...unsubscribeHeaders(ctx.links?.unsubscribe),
    },
  };
  if (ctx.from) mail.from = ctx.from;
  return mail;
}

// Errors that are about the configuration or the message, not the moment: retrying cannot help.
const PERMANENT_CODES = new Set(['ECONFIG', 'ENOAUTH', 'EENVELOPE', 'EMAXRECIPIENTS', 'EFILEACCESS', 'EURLACCESS', 'EREQUIRETLS']);

/** A nodemailer error as a SendResult: SMTP 5xx (but 503) is permanent, 4xx and connection trouble are not. */
export function mailErrorResult(err: unknown): SendResult {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; permanent?: unknown; response?: unknown; message?: unknown };
  const message = oneLine(String(typeof e.response === 'string' ? e.response : (e.message ?? err))).slice(0, 300);
  if (typeof e.responseCode === 'number') {
    const permanent = typeof e.permanent === 'boolean' ? e.permanent : e.responseCode >= 500 && e.responseCode !== 503;
    return { ok: false, retryable: !permanent, error: `email: SMTP ${e.responseCode}: ${message}` };
  }
  const code = typeof e.code === 'string' ? e.code : null;
  return {
    ok: false,
    retryable: !(code && PERMANENT_CODES.has(code)),
    error: `email: ${code ? `${code}: ` : ''}${message}`,
  };
}

function preflight(recipient: Recipient, ctx: SendContext): SendResult | null {
  if (!ctx.mailer) return { ok: false, retryable: false, error: 'email: no mail transport configured' };
  if (!ctx.from) return { ok: false, retryable: false, error: 'email: no sender (from) address configured' };
  if (!recipient.email) return { ok: false, retryable: false, error: 'email: the recipient has no email address' };
  if (!isSingleAddress(recipient.email)) {
    return { ok: false, retryable: false, error: 'email: the recipient address is not one valid address' };
  }
  return null;
}

async function deliver(ctx: SendContext, mail: SendMailOptions): Promise<SendResult> {
  try {
    // preflight() made sure the mailer exists.
    await ctx.mailer?.sendMail(mail);
    return { ok: true };
  } catch (err) {
    return mailErrorResult(err);
  }
}

export async function sendDigest(
  recipient: Recipient,
  messages: readonly OutgoingMessage[],
  ctx: SendContext & DigestOptions & { day?: string },
): Promise<SendResult> {
  const refused = preflight(recipient, ctx);
  if (refused) return refused;
  const mail = renderDigest(recipient, messages, ctx);
  // Nothing new: nothing is sent, and that is a success.
  if (!mail) return { ok: true };
  return deliver(ctx, mail);
}

export const email: Channel = {
  name: 'email',
  render: renderEmail,
  async send(msg, _endpoint, ctx) {
    const refused = preflight(msg.recipient, ctx);
    if (refused) return refused;
    return deliver(ctx, { ...renderEmail(msg, ctx.mailIdentity), from: ctx.from, date: ctx.clock.now() });
  },
};
