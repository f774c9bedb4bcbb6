/**
 * Every chat payload against its platform's own rules, for every sample kind, hostile text,
 * non-ASCII names and the worst case at every length limit: Teams with the Adaptive Cards 1.5
 * schema and the `adaptivecards` parser at the card's declared version; Slack and Discord
 * type-checked against `@slack/types` and `discord-api-types` (by `npm run typecheck`) and measured
 * against their documented limits. A message cut to fit ends with an ellipsis and a link to the
 * whole of it in the inbox, the same way on every channel.
 */
import type { ContextBlock, KnownBlock, SectionBlock } from '@slack/types';
import type { APIEmbed, RESTPostAPIWebhookWithTokenJSONBody } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { channels } from '../server/channels/index.ts';
import { DISCORD_LIMITS, renderDiscord } from '../server/channels/discord.ts';
import { renderSlack, SLACK_LIMITS } from '../server/channels/slack.ts';
import { CARD_VERSION, renderTeams, TEAMS_LIMITS } from '../server/channels/teams.ts';
import { outgoingOf, type Sample, samples } from './support/samples.ts';
import { cardParserEvents, cardSchemaErrors } from './support/validators.ts';

const all = samples().map((s) => [s.name, s] as [string, Sample]);
const FULL_MESSAGE = 'See the full message';

describe('teams', () => {
  it.each(all)('%s: valid Adaptive Card at its declared version', (_name, sample) => {
    const card = renderTeams(outgoingOf(sample)).attachments[0]?.content as unknown as Record<string, unknown>;
    expect(card.version).toBe(CARD_VERSION);
    expect(cardSchemaErrors(card)).toEqual([]);
    expect(cardParserEvents(card)).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(renderTeams(outgoingOf(sample))))).toBeLessThan(TEAMS_LIMITS.bytes);
  });

  it('the validators can fail: a heading at 1.4 and an unknown element are reported', () => {
    const card = renderTeams(outgoingOf(samples()[0] as Sample)).attachments[0]?.content as unknown as Record<string, unknown>;
    expect(cardParserEvents({ ...card, version: '1.4' }).join()).toMatch(/style.*1\.5/);
    expect(cardSchemaErrors({ ...card, body: [{ type: 'TextBlok', text: 'x' }] })).not.toEqual([]);
  });
});

describe('slack', () => {
  it.each(all)('%s: every text within its limit', (_name, sample) => {
    const payload = renderSlack(outgoingOf(sample));
    // Compile-time check against Slack's own types.
    const blocks: KnownBlock[] = payload.blocks;
    const [section, context] = blocks as [SectionBlock, ContextBlock | undefined];
    expect(section.text?.text.length).toBeLessThanOrEqual(SLACK_LIMITS.section);
    for (const element of context?.elements ?? []) {
      expect('text' in element && element.text.length).toBeLessThanOrEqual(SLACK_LIMITS.context);
    }
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(blocks.length).toBeLessThanOrEqual(50);
  });
});

describe('discord', () => {
  it.each(all)('%s: every field and the embed total within Discord limits', (_name, sample) => {
    // Compile-time check against Discord's own types.
    const payload: RESTPostAPIWebhookWithTokenJSONBody = renderDiscord(outgoingOf(sample));
    const embed = payload.embeds?.[0] as APIEmbed;
    expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect(embed.footer?.text.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.footer);
    const total = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(payload.allowed_mentions).toEqual({ parse: [] });
  });
});

describe('a long message is cut the same visible way on every channel', () => {
  const long = samples().find((s) => s.name.startsWith('message at every send-API limit')) as Sample;
  const emoji = samples().find((s) => s.name.includes('emoji body')) as Sample;
  const texts = (sample: Sample) => ({
    slack: renderSlack(outgoingOf(sample)).blocks[0]?.type === 'section' ? (renderSlack(outgoingOf(sample)).blocks[0] as { text: { text: string } }).text.text : '',
    discord: renderDiscord(outgoingOf(sample)).embeds[0]?.description ?? '',
    teams: renderTeams(outgoingOf(sample)).attachments[0]?.content.body.map((b) => b.text).join('\n') ?? '',
  });

  it.each(['slack', 'discord', 'teams'] as const)('%s: ellipsis, then "See the full message" linking to the notification in the inbox', (channel) => {
    for (const sample of [long, emoji]) {
      const text = texts(sample)[channel];
      expect(text).toContain('…');
      expect(text).toContain(FULL_MESSAGE);
      const inbox = new URL(`/inbox?notification=${sample.notification.id}`, sample.publicUrl).href;
      // Each platform's link syntax, with & escaped for Slack.
      expect(text.replaceAll('&amp;', '&')).toContain(inbox.replace(/[()]/g, encodeURIComponent));
    }
  });

  it('cuts at a character boundary: no half emoji, no broken surrogate pair', () => {
    for (const text of Object.values(texts(emoji))) {
      // A lone surrogate would be a half character.
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
      expect(text).toMatch(/👩🏽‍🔧…/u);
    }
  });

  it('leaves a message that fits alone', () => {
    const short = outgoingOf(samples()[0] as Sample);
    for (const name of ['slack', 'discord', 'teams'] as const) {
      expect(JSON.stringify(channels[name].render(short))).not.toContain(FULL_MESSAGE);
    }
  });
});
