/**
 * Slack incoming webhooks: `text` (the notification fallback) and Block Kit `blocks`, both mrkdwn.
 * Slack's only escapes are `&`, `<` and `>`; escaping them in every user-controlled string makes
 * `<!channel>`, `<@U123>` and `<url|label>` inside a part name plain text. `verbatim: true`
 * stops Slack from auto-linking channel names and URLs in what we send.
 */
import { postJson } from './http.ts';
import { clip, fitText, multiLine, oneLine, safeHref } from './text.ts';
import type { Channel, OutgoingMessage } from './types.ts';

/** Slack's mrkdwn escaping: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`. */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>` with the label escaped; plain escaped label when the URL is not http(s). */
export function slackLink(url: string | null, label: string): string {
  const href = safeHref(url);
  if (!href) return escapeSlack(label);
  const target = href.replace(/&/g, '&amp;').replace(/[|<>]/g, (c) => encodeURIComponent(c));
  return `<${target}|${escapeSlack(label)}>`;
}

const SECTION_MAX = 3000;
const CONTEXT_MAX = 2000;
const TEXT_MAX = 3000;

export interface SlackPayload {
  text: string;
  blocks: Record<string, unknown>[];
  unfurl_links: false;
  unfurl_media: false;
}

export function renderSlack(msg: OutgoingMessage): SlackPayload {
  const subject = oneLine(msg.subject);
  const body = multiLine(msg.body);
  const title = `*${slackLink(msg.link, clip(subject, 250))}*`;
  const room = SECTION_MAX - title.length - 1;
  const section = body === '' || room < 20 ? title : `${title}\n${fitText(body, room, escapeSlack)}`;
  const blocks: Record<string, unknown>[] = [{ type: 'section', text: { type: 'mrkdwn', text: section, verbatim: true } }];
  const reason = oneLine(msg.reason);
  if (reason !== '') {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitText(reason, CONTEXT_MAX, escapeSlack), verbatim: true }] });
  }
  return { text: fitText(subject, TEXT_MAX, escapeSlack), blocks, unfurl_links: false, unfurl_media: false };
}

export const slack: Channel = {
  name: 'slack',
  render: renderSlack,
  send(msg, endpoint, ctx) {
    return postJson(endpoint, ctx, {
      label: 'slack',
      body: JSON.stringify(renderSlack(msg)),
      headers: { 'idempotency-key': msg.deliveryId, 'x-stockbell-delivery': msg.deliveryId },
    });
  },
};
