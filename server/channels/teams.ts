/**
 * Microsoft Teams (incoming webhooks and Workflows): a message with one Adaptive Card. Card
 * text is Teams' markdown subset, so user text gets a backslash before every markup character
 * (`* _ ~ \` [ ] ( ) < > #`), before list markers at the start of a line, and a zero-width
 * space inside `{{` so Adaptive Card date functions cannot fire. Body lines become separate
 * text blocks (Teams joins single newlines). Plain `@name` is never a Teams mention: those
 * need `<at>` plus an entity, and `<` is escaped. A body longer than the card's budget is cut
 * visibly and followed by a link to the whole of it in the inbox.
 */
import { catalogFor } from '../messages/index.ts';
import { chatChannel, chatLink } from './chat-channel.ts';
import { fitText, multiLine, oneLine } from './text.ts';
import type { OutgoingMessage } from './types.ts';

/** Teams markdown escaping for Adaptive Card `TextBlock.text`. */
export function escapeTeams(value: string): string {
  return value
    .replace(/[\\*_~`[\]()<>#]/g, '\\$&')
    .replace(/^([ \t]*)([+-])/gm, '$1\\$2')
    // An ordered list marker: the dot is what gets the backslash (`1\\.`).
    .replace(/^([ \t]*\d+)\./gm, '$1\\.')
    .replace(/\{\{/g, '{\u200b{');
}

/** The card's schema version: 1.5 is the first with `style: "heading"`, and Teams renders 1.5. */
export const CARD_VERSION = '1.5';
// Teams refuses a message over about 28 KB; these keep the worst case (every character escaped,
// three bytes each in UTF-8) well under it.
export const TEAMS_LIMITS = { subject: 250, body: 6000, bodyLines: 50, reason: 500, bytes: 28_000 } as const;

type TextBlock = { type: 'TextBlock'; text: string; wrap: true } & Record<string, unknown>;

export interface TeamsPayload {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: {
      $schema: string;
      type: 'AdaptiveCard';
      version: typeof CARD_VERSION;
      msteams: { width: 'Full' };
      body: TextBlock[];
      actions?: { type: 'Action.OpenUrl'; title: string; url: string }[];
    };
  }[];
}

/** `[label](url)` for a TextBlock, the URL's parentheses and spaces encoded so it cannot end early. */
function markdownLink(href: string, label: string): string {
  return `[${escapeTeams(label)}](${href.replace(/[()\s]/g, (c) => encodeURIComponent(c))})`;
}

/** Body lines (Teams joins single newlines), within the line and character budgets, cut visibly. */
function bodyLines(body: string, more: string | null): string[] {
  const lines = body.split('\n').filter((line) => line.trim() !== '');
  const kept: string[] = [];
  let room = TEAMS_LIMITS.body;
  for (const line of lines) {
    const escaped = escapeTeams(line);
    const last = kept.length === TEAMS_LIMITS.bodyLines - 1;
    if (escaped.length <= room && !(last && kept.length + 1 < lines.length)) {
      kept.push(escaped);
      room -= escaped.length;
      continue;
    }
    // The first line that does not fit is cut, and is the last.
    kept.push(fitText(line, Math.max(1, Math.min(room, escaped.length - 1)), escapeTeams));
    if (more) kept.push(more);
    return kept;
  }
  return kept;
}

export function renderTeams(msg: OutgoingMessage): TeamsPayload {
  const body: TextBlock[] = [
    {
      type: 'TextBlock',
      text: fitText(oneLine(msg.subject), TEAMS_LIMITS.subject, escapeTeams),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
      style: 'heading',
    },
  ];
  const fullMessage = chatLink(msg.links?.notification);
  const more = fullMessage ? markdownLink(fullMessage, catalogFor(msg.locale).chat.fullMessage) : null;
  for (const [i, line] of bodyLines(multiLine(msg.body), more).entries()) {
    body.push({ type: 'TextBlock', text: line, wrap: true, spacing: i === 0 ? 'Default' : 'None' });
  }
  const reason = oneLine(msg.reason);
  if (reason !== '') body.push({ type: 'TextBlock', text: fitText(reason, TEAMS_LIMITS.reason, escapeTeams), isSubtle: true, size: 'Small', wrap: true });
  const content: TeamsPayload['attachments'][number]['content'] = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: CARD_VERSION,
    msteams: { width: 'Full' },
    body,
  };
  const url = chatLink(msg.link);
  if (url) content.actions = [{ type: 'Action.OpenUrl', title: catalogFor(msg.locale).chat.open, url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

export const teams = chatChannel('teams', renderTeams);
