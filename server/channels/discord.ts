/**
 * Discord webhooks: one embed (title linked to the notification, description, timestamp, the
 * reason as footer) and `allowed_mentions: { parse: [] }`, so nothing we send can ping anyone.
 * User text is escaped for Discord markdown (backslash before every markup character, and
 * before block markers at the start of a line) and `@everyone` / `@here` get a zero-width
 * space so they do not even look like mentions. Footers render no markdown: only the mention
 * guard applies there. The embed stays within every one of Discord's limits, the 6,000-character
 * total included; a body cut to fit ends with a link to the whole of it in the inbox.
 */
import { catalogFor } from '../messages/index.ts';
import { chatChannel, chatLink } from './chat-channel.ts';
import { fitBody, fitText, multiLine, oneLine } from './text.ts';
import type { OutgoingMessage } from './types.ts';

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

// Discord's documented embed limits: title 256, description 4,096, footer 2,048, and 6,000 for
// all the embed's text together.
export const DISCORD_LIMITS = { title: 256, description: 4096, footer: 2048, total: 6000 } as const;

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

/** `[label](<url>)`: the URL's parentheses encoded so it cannot end the link early. */
function markdownLink(href: string, label: string): string {
  return `[${escapeDiscord(label)}](<${href.replace(/[()<>]/g, (c) => encodeURIComponent(c))}>)`;
}

export function renderDiscord(msg: OutgoingMessage): DiscordPayload {
  const embed: DiscordPayload['embeds'][number] = {
    title: fitText(oneLine(msg.subject), DISCORD_LIMITS.title, escapeDiscord),
    timestamp: msg.createdAt.toISOString(),
  };
  const reason = oneLine(msg.reason);
  if (reason !== '') embed.footer = { text: fitText(reason, DISCORD_LIMITS.footer, neutraliseMentions) };
  const body = multiLine(msg.body);
  if (body !== '') {
    const fullMessage = chatLink(msg.links?.notification);
    const more = fullMessage ? markdownLink(fullMessage, catalogFor(msg.locale).chat.fullMessage) : null;
    const room = Math.min(DISCORD_LIMITS.description, DISCORD_LIMITS.total - embed.title.length - (embed.footer?.text.length ?? 0));
    embed.description = fitBody(body, room, escapeDiscord, more);
  }
  const url = chatLink(msg.link);
  if (url) embed.url = url;
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

export const discord = chatChannel('discord', renderDiscord, { retryAfterFromBody });
