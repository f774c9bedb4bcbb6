/**
 * Slack incoming webhooks: a section block (the subject linked to the notification, then the body)
 * and a context block with the reason, all `mrkdwn` with `verbatim: true` so Slack does not
 * auto-link channel names or URLs. Slack's own escaping is the whole rule: `&`, `<` and `>`
 * become entities, so `<!channel>`, `<@U123>` and `<url|label>` in user text arrive as text.
 * Every text stays within Slack's limits whatever the input, the `&` → `&amp;` growth included.
 */
import { catalogFor } from '../messages/index.ts';
import { chatChannel, chatLink } from './chat-channel.ts';
import { fitBody, fitText, multiLine, oneLine } from './text.ts';
import type { OutgoingMessage } from './types.ts';

/** Slack's mrkdwn escaping: `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`. */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** `<url|label>` around an already escaped label; in the URL `&` is escaped and `|<>` percent-encoded. */
function linkTo(href: string, escapedLabel: string): string {
  const target = href.replace(/&/g, '&amp;').replace(/[|<>]/g, (c) => encodeURIComponent(c));
  return `<${target}|${escapedLabel}>`;
}

/** `<url|label>` with the label escaped; the plain escaped label when the URL may not be linked. */
export function slackLink(url: string | null, label: string): string {
  const href = chatLink(url);
  return href ? linkTo(href, escapeSlack(label)) : escapeSlack(label);
}

// Slack's documented limits: a section's text 3,000 characters, a context element's text 3,000 and
// the message's top-level `text` 40,000 (we keep it to a subject's worth).
export const SLACK_LIMITS = { section: 3000, context: 3000, text: 3000 } as const;
const SUBJECT_MAX = 250;
/** The body always keeps at least this much of the section. */
const BODY_MIN = 200;

interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

export interface SlackPayload {
  text: string;
  blocks: ({ type: 'section'; text: MrkdwnText } | { type: 'context'; elements: MrkdwnText[] })[];
  unfurl_links: false;
  unfurl_media: false;
}

const mrkdwn = (text: string): MrkdwnText => ({ type: 'mrkdwn', text, verbatim: true });

export function renderSlack(msg: OutgoingMessage): SlackPayload {
  const subject = fitText(oneLine(msg.subject), SUBJECT_MAX, escapeSlack);
  const fullMessage = chatLink(msg.links?.notification);
  const more = fullMessage ? `_${linkTo(fullMessage, escapeSlack(catalogFor(msg.locale).chat.fullMessage))}_` : null;
  // The subject links to the notification's page, unless that link would crowd out the body and
  // the "See the full message" link: the inbox has it too.
  const href = chatLink(msg.link);
  const linked = href ? `*${linkTo(href, subject)}*` : null;
  const reserved = 1 + BODY_MIN + 1 + (more?.length ?? 0);
  const title = linked && linked.length + reserved <= SLACK_LIMITS.section ? linked : `*${subject}*`;
  const body = multiLine(msg.body);
  const section = body === '' ? title : `${title}\n${fitBody(body, SLACK_LIMITS.section - title.length - 1, escapeSlack, more)}`;
  const blocks: SlackPayload['blocks'] = [{ type: 'section', text: mrkdwn(section) }];
  const reason = oneLine(msg.reason);
  if (reason !== '') blocks.push({ type: 'context', elements: [mrkdwn(fitText(reason, SLACK_LIMITS.context, escapeSlack))] });
  return { text: fitText(oneLine(msg.subject), SLACK_LIMITS.text, escapeSlack), blocks, unfurl_links: false, unfurl_media: false };
}

export const slack = chatChannel('slack', renderSlack);
