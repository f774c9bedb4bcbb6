/**
 * Hostile content × every channel rendering (issue #14): script tags, event handlers, `javascript:`
 * and `data:` links, Slack and Discord mentions, Markdown links, CRLF, bidi overrides and
 * 10,000-character names, in every field of every kind and in every link field, must arrive inert
 * in email (HTML, text, headers as received over SMTP), Slack, Discord, Teams and the webhook.
 */
import { describe, expect, it } from 'vitest';
import { createEndpointPolicy, type OutgoingMessage, renderWebhook, toOutgoingMessage } from '../server/channels/index.ts';
import { renderDiscord } from '../server/channels/discord.ts';
import { email } from '../server/channels/email.ts';
import { renderSlack } from '../server/channels/slack.ts';
import { renderTeams } from '../server/channels/teams.ts';
import { BIDI, HOSTILE_CASES, hostileNotifications, linkProblems, linksIn, stringsIn } from './support/hostile.ts';
import { test } from './support/receivers.ts';
import { cardParserEvents, cardSchemaErrors } from './support/validators.ts';

const HOSTS = ['inventory.example'];
const cases = HOSTILE_CASES.map((c) => [c.name, c] as [string, (typeof HOSTILE_CASES)[number]]);

function messages(text: string, link: string): OutgoingMessage[] {
  return hostileNotifications(text, link).map((n) => ({
    ...toOutgoingMessage(n, {
      deliveryId: `job-${n.id}`,
      recipient: { id: 'u1', name: text, email: 'ada@example.com' },
      publicUrl: 'https://inventory.example',
      pages: { inbox: '/inbox', settings: '/settings' },
      unsubscribe: 'https://inventory.example/plugins/stockbell/unsubscribe/abc.def',
    }),
    // A shared endpoint's or a host's own text can carry anything too.
    reason: text,
  }));
}

/** Tags our templates use; a user's `<` is always escaped, so any other tag is an injection. */
const EMAIL_TAGS = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'div', 'table', 'tbody', 'thead', 'tr', 'td', 'th', 'p', 'a', 'strong', 'h1', 'h2', 'br', 'caption', 'section', 'ul', 'li', 'span']);

function htmlProblems(html: string): string[] {
  const problems: string[] = [];
  for (const [, tag = '', attributes = ''] of html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)) {
    if (!EMAIL_TAGS.has(tag.toLowerCase())) problems.push(`tag <${tag}>`);
    if (/\son\w+\s*=/i.test(attributes)) problems.push(`event handler on <${tag}>`);
  }
  for (const [, href = ''] of html.matchAll(/\shref="([^"]*)"/g)) problems.push(...linkProblems(href.replaceAll('&amp;', '&'), HOSTS));
  if (BIDI.test(html)) problems.push('direction controls');
  return problems;
}

/** Unescaped Markdown links `[label](target)`: only ours, to the inbox or the host, may remain. */
function markdownLinkProblems(text: string): string[] {
  return [...text.matchAll(/(?<!\\)\[(?:[^\]\\]|\\.)*\]\((?:<)?([^)>\s]*)/g)].flatMap(([, target = '']) => linkProblems(target, HOSTS));
}

describe.each(cases)('%s', (_name, hostile) => {
  const all = messages(hostile.text, hostile.link);

  it('email HTML and text: only our tags, no handlers, links only to the host, no direction controls', () => {
    for (const msg of all) {
      const mail = email.render(msg) as { html: string; text: string; subject: string; to: { name: string } };
      expect(htmlProblems(mail.html), msg.kind).toEqual([]);
      expect(BIDI.test(mail.text) || BIDI.test(mail.subject), msg.kind).toBe(false);
      expect(mail.subject, msg.kind).not.toMatch(/[\r\n]/);
      expect(mail.to.name, msg.kind).not.toMatch(/[\r\n]/);
      for (const [, url = ''] of mail.text.matchAll(/(\b[a-z][a-z0-9+.-]*:\/\/\S+)/gi)) {
        if (!url.startsWith('https://evil.example')) expect(linkProblems(url, HOSTS), msg.kind).toEqual([]);
      }
    }
  });

  test('email headers as a mail system receives them: one recipient, no injected header', async ({ smtp }) => {
    const ctx = { clock: { now: () => new Date() }, mailer: smtp.transport(), from: 'stockbell@mail.example', endpointPolicy: createEndpointPolicy() };
    for (const msg of all) expect(await email.send(msg, null, ctx)).toEqual({ ok: true });
    const received = await smtp.waitFor(all.length);
    for (const mail of received) {
      expect(mail.envelope.rcptTo).toEqual(['ada@example.com']);
      expect(mail.parsed.headers.has('bcc')).toBe(false);
      expect(mail.parsed.bcc).toBeUndefined();
      expect(String(mail.parsed.subject)).not.toMatch(/[\r\n]/);
      expect(BIDI.test(String(mail.parsed.subject))).toBe(false);
    }
  });

  it('Slack: no mention, no link but ours, no direction controls', () => {
    for (const msg of all) {
      const payload = renderSlack(msg);
      const texts = [payload.text, ...payload.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : b.elements.map((e) => e.text)))];
      for (const text of texts) {
        expect(text, msg.kind).not.toMatch(/<[!@#]/);
        for (const [, inner = ''] of text.matchAll(/<([^>]*)>/g)) expect(linkProblems(inner.split('|')[0]?.replaceAll('&amp;', '&') ?? '', HOSTS), msg.kind).toEqual([]);
        expect(BIDI.test(text), msg.kind).toBe(false);
      }
    }
  });

  it('Discord: nobody pinged, no Markdown link but ours, no direction controls', () => {
    for (const msg of all) {
      const payload = renderDiscord(msg);
      expect(payload.allowed_mentions).toEqual({ parse: [] });
      const embed = payload.embeds[0];
      for (const text of [embed?.title ?? '', embed?.description ?? '', embed?.footer?.text ?? '']) {
        expect(text, msg.kind).not.toMatch(/@(everyone|here)/);
        expect(BIDI.test(text), msg.kind).toBe(false);
      }
      // Title and description render Markdown (the footer does not): escaped, they carry no mention or link of theirs.
      for (const text of [embed?.title ?? '', embed?.description ?? '']) {
        expect(text, msg.kind).not.toMatch(/(?<!\\)<@/);
        expect(markdownLinkProblems(text), msg.kind).toEqual([]);
      }
      if (embed?.url) expect(linkProblems(embed.url, HOSTS)).toEqual([]);
    }
  });

  it('Teams: still a valid card; no mention, template or Markdown link but ours; no direction controls', () => {
    for (const msg of all) {
      const card = renderTeams(msg).attachments[0]?.content;
      expect(cardSchemaErrors(card as unknown as Record<string, unknown>)).toEqual([]);
      expect(cardParserEvents(card as unknown as Record<string, unknown>)).toEqual([]);
      for (const block of card?.body ?? []) {
        expect(block.text, msg.kind).not.toMatch(/(?<!\\)<at>/);
        expect(block.text, msg.kind).not.toContain('{{');
        expect(markdownLinkProblems(block.text), msg.kind).toEqual([]);
        expect(BIDI.test(block.text), msg.kind).toBe(false);
      }
      for (const action of card?.actions ?? []) expect(linkProblems(action.url, HOSTS)).toEqual([]);
    }
  });

  it('webhook: every link field safe or null, no direction controls', () => {
    for (const msg of all) {
      const body = renderWebhook(msg);
      for (const link of [body.link, ...linksIn(body.data)]) {
        if (link !== null) expect(linkProblems(String(link), HOSTS), msg.kind).toEqual([]);
      }
      expect(stringsIn(body).some((s) => BIDI.test(s)), msg.kind).toBe(false);
    }
  });
});

it('the checks can fail: raw hostile text trips every one of them', () => {
  const raw = HOSTILE_CASES.map((c) => c.text).join(' ');
  expect(htmlProblems(`<p>${raw}</p>`)).not.toEqual([]);
  expect(markdownLinkProblems(raw)).not.toEqual([]);
  expect(linkProblems('https://bank.example@evil.example/', HOSTS)).not.toEqual([]);
  expect(BIDI.test(raw)).toBe(true);
});
