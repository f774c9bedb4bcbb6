/**
 * Microsoft Teams (incoming webhooks and Workflows): a message with one Adaptive Card. Card
 * text is Teams' markdown subset, so user text gets a backslash before every markup character
 * (`* _ ~ \` [ ] ( ) < > #`), before list markers at the start of a line, and a zero-width
 * space inside `{{` so Adaptive Card date functions cannot fire. Body lines become separate
 * text blocks (Teams joins single newlines). Plain `@name` is never a Teams mention: those
 * need `<at>` plus an entity, and `<` is escaped.
 */
import { catalogFor } from '../messages/index.ts';
import { postJson } from './http.ts';
import { clip, multiLine, oneLine, safeHref } from './text.ts';
import type { Channel, OutgoingMessage } from './types.ts';

/** Teams markdown escaping for Adaptive Card `TextBlock.text`. */
export function escapeTeams(value: string): string {
  return value
    .replace(/[\\*_~`[\]()<>#]/g, '\\$&')
    .replace(/^([ \t]*)([+-])/gm, '$1\\$2')
    // An ordered list marker: the dot is what gets the backslash (`1\\.`).
    .replace(/^([ \t]*\d+)\./gm, '$1\\.')
    .replace(/\{\{/g, '{\u200b{');
}

const MAX_BODY_LINES = 50;
const LINE_MAX = 2000;

export interface TeamsPayload {
  type: 'message';
  attachments: {
    contentType: 'application/vnd.microsoft.card.adaptive';
    contentUrl: null;
    content: Record<string, unknown>;
  }[];
}

export function renderTeams(msg: OutgoingMessage): TeamsPayload {
  const text = (s: string) => escapeTeams(clip(s, LINE_MAX));
  const body: Record<string, unknown>[] = [
    { type: 'TextBlock', text: text(oneLine(msg.subject)), weight: 'Bolder', size: 'Medium', wrap: true, style: 'heading' },
  ];
  const lines = multiLine(msg.body).split('\n');
  if (lines.length > MAX_BODY_LINES) lines.splice(MAX_BODY_LINES - 1, lines.length, '…');
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    body.push({ type: 'TextBlock', text: text(line), wrap: true, spacing: i === 0 ? 'Default' : 'None' });
  }
  const reason = oneLine(msg.reason);
  if (reason !== '') body.push({ type: 'TextBlock', text: text(reason), isSubtle: true, size: 'Small', wrap: true });
  const content: Record<string, unknown> = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    msteams: { width: 'Full' },
    body,
  };
  const url = safeHref(msg.link);
  if (url) content.actions = [{ type: 'Action.OpenUrl', title: catalogFor(msg.locale).chat.open, url }];
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content }],
  };
}

export const teams: Channel = {
  name: 'teams',
  render: renderTeams,
  send(msg, endpoint, ctx) {
    return postJson(endpoint, ctx, {
      label: 'teams',
      body: JSON.stringify(renderTeams(msg)),
      headers: { 'idempotency-key': msg.deliveryId, 'x-stockbell-delivery': msg.deliveryId },
    });
  },
};
