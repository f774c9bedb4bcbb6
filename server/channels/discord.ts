/**
 * Discord webhooks: one embed (title linked to the notification, description, timestamp, the
 * reason as footer) and `allowed_mentions: { parse: [] }`, so nothing we send can ping anyone.
 * User text is escaped for Discord markdown (backslash before every markup character, and
 * before block markers at the start of a line) and `@everyone` / `@here` get a zero-width
 * space so they do not even look like mentions. Footers render no markdown: only the mention
 * guard applies there.
 */
import { postJson } from './http.ts';
import { fitText, multiLine, oneLine, safeHref } from './text.ts';
import type { Channel, OutgoingMessage } from './types.ts';

const ZWSP = '\u200b';

/** `@everyone` → `@\u200beveryone`, `@here` → `@\u200bhere`. */
export function neutraliseMentions(value: string): string {
  return value.replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}

/** Discord markdown escaping plus the mention guard. */
export function escapeDiscord(value: string): string {
  const escaped = value
    .replace(/[\\*_~`|<>[\]()]/g, '\\$&')
    // Headings, block quotes, lists and subtext only start a line.
    .replace(/^([ \t]*)([#>+-])/gm, '$1\\$2')
    // An ordered list marker: the dot is what gets the backslash (`1\\.`).
    .replace(/^([ \t]*\d+)\./gm, '$1\\.');
  return neutraliseMentions(escaped);
}

const TITLE_MAX = 256;
const DESCRIPTION_MAX = 4096;
const FOOTER_MAX = 2048;

export interface DiscordPayload {
  content?: string;
  embeds: {
    title: string;
    description?: string;
    url?: string;
    timestamp: string;
    footer?: { text: string };
  }[];
  allowed_mentions: { parse: [] };
}

export function renderDiscord(msg: OutgoingMessage): DiscordPayload {
  const embed: DiscordPayload['embeds'][number] = {
    title: fitText(oneLine(msg.subject), TITLE_MAX, escapeDiscord),
    timestamp: msg.createdAt.toISOString(),
  };
  const body = multiLine(msg.body);
  if (body !== '') embed.description = fitText(body, DESCRIPTION_MAX, escapeDiscord);
  const url = safeHref(msg.link);
  if (url) embed.url = url;
  const reason = oneLine(msg.reason);
  if (reason !== '') embed.footer = { text: fitText(reason, FOOTER_MAX, neutraliseMentions) };
  return { embeds: [embed], allowed_mentions: { parse: [] } };
}

/** Discord's 429 body: `{ "retry_after": 1.5, … }` in seconds. */
function retryAfterFromBody(text: string): number | undefined {
  try {
    const value = (JSON.parse(text) as { retry_after?: unknown }).retry_after;
    return typeof value === 'number' && value >= 0 ? Math.round(value * 1000) : undefined;
  } catch {
    return undefined;
  }
}

export const discord: Channel = {
  name: 'discord',
  render: renderDiscord,
  send(msg, endpoint, ctx) {
    return postJson(endpoint, ctx, {
      label: 'discord',
      body: JSON.stringify(renderDiscord(msg)),
      headers: { 'idempotency-key': msg.deliveryId, 'x-stockbell-delivery': msg.deliveryId },
      retryAfterFromBody,
    });
  },
};
