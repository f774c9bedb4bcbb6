/**
 * Emails as mail systems and phones see them: parsed by mailparser with their headers checked
 * (one-click List-Unsubscribe, Message-ID on the installation's domain), HTML run through
 * html-validate, rendered in Chromium at 375 px (nothing wider than the phone) in light and dark,
 * and a digest of 500 items under Gmail's clipping size with "and N more" leading to the inbox.
 */
import { HtmlValidate } from 'html-validate';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEndpointPolicy, type OutgoingMessage, renderDigest, type SendContext } from '../server/channels/index.ts';
import { DIGEST_LIMITS } from '../server/channels/email-digest.ts';
import { email } from '../server/channels/email.ts';
import { CHROMIUM, CHROMIUM_ARGS } from './browser/fixtures.ts';
import { test } from './support/receivers.ts';
import { outgoingOf, recipient, type Sample, samples } from './support/samples.ts';

const now = new Date('2026-03-02T09:00:00Z');
const links = {
  notification: 'https://inventory.example/inbox?notification=5',
  inbox: 'https://inventory.example/inbox',
  settings: 'https://inventory.example/settings',
  unsubscribe: 'https://inventory.example/plugins/stockbell/unsubscribe/abc.def',
};
const all = samples().map((s) => [s.name, s] as [string, Sample]);
const message = (sample: Sample): OutgoingMessage => ({ ...outgoingOf(sample), links });

// The standard rules (the recommended ones less the purely stylistic), less those that cannot
// hold for email: inline styles are how mail is styled (clients drop <style> or support it in
// part), and Outlook's Word engine lays tables out only by the old width/cellpadding/align
// attributes.
const validator = new HtmlValidate({
  extends: ['html-validate:standard'],
  rules: { 'no-inline-style': 'off', 'no-deprecated-attr': 'off', 'long-title': 'off' },
});

async function htmlProblems(html: string): Promise<string[]> {
  const report = await validator.validateString(html);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`));
}

function digestOf(count: number) {
  const base = samples();
  const messages = Array.from({ length: count }, (_, i) => ({
    ...message(base[i % base.length] as Sample),
    deliveryId: `d${i}`,
    createdAt: new Date(now.getTime() - i * 60_000),
    links: { ...links, notification: `https://inventory.example/inbox?notification=${i}` },
  }));
  return renderDigest(recipient, messages, { clock: { now: () => now }, timeZone: 'Europe/Berlin', links });
}

describe('email HTML', () => {
  it.each(all)('%s: valid HTML', async (_name, sample) => {
    const mail = email.render(message(sample)) as { html: string };
    expect(await htmlProblems(mail.html)).toEqual([]);
  });

  it('the digest is valid HTML too, and the validator can fail', async () => {
    expect(await htmlProblems(String(digestOf(40)?.html))).toEqual([]);
    expect(await htmlProblems('<!doctype html><html lang="en"><head><title>x</title></head><body><p><div>bad</div></p></body></html>')).not.toEqual([]);
  });

  it('light and dark: color-scheme declared and dark styles present', () => {
    const { html } = email.render(message(samples()[0] as Sample)) as { html: string };
    expect(html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(html).toContain('@media (prefers-color-scheme: dark)');
  });
});

describe('the digest', () => {
  it('at 500 items stays under Gmail clipping size, capped per group with "and N more" to the inbox', () => {
    const mail = digestOf(500);
    const html = String(mail?.html);
    expect(Buffer.byteLength(html)).toBeLessThan(102 * 1024);
    expect(html).toMatch(/and \d+ more in your inbox/);
    expect(html).toContain(`href="${links.inbox}"`);
    const shown = html.match(/<li /g)?.length ?? 0;
    expect(shown).toBeGreaterThan(20);
    expect(shown).toBeLessThanOrEqual(DIGEST_LIMITS.perGroup * 4);
    expect(String(mail?.text)).toMatch(new RegExp(`and \\d+ more in your inbox: ${links.inbox.replaceAll('.', '\\.')}`));
  });

  it('every time carries its zone', () => {
    const text = String(digestOf(3)?.text);
    // 09:00 UTC is 10:00 in Berlin, and the zone is named.
    expect(text).toMatch(/Mar 2, 2026, 10:00 AM GMT\+1/);
  });
});

describe('headers, as a mail system reads them', () => {
  const ctx = (smtp: { transport(): SendContext['mailer'] }): SendContext => ({
    clock: { now: () => now },
    mailer: smtp.transport(),
    from: '"Stockbell" <stockbell@mail.example>',
    mailIdentity: { domain: 'inventory.example', installationId: 'inst1' },
    endpointPolicy: createEndpointPolicy(),
  });

  test('one-click List-Unsubscribe (RFC 8058) and a Message-ID on the installation domain', async ({ smtp }) => {
    expect(await email.send(message(samples()[0] as Sample), null, ctx(smtp))).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    // mailparser gathers the List-* headers under `list`.
    expect(mail?.parsed.headers.get('list')).toEqual({ unsubscribe: { url: links.unsubscribe }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
    expect(mail?.parsed.messageId).toBe('<job-1.inst1@inventory.example>');
    // The footer leads to the settings, the unsubscribe page and the inbox, in both parts.
    for (const url of [links.settings, links.unsubscribe, links.inbox]) {
      expect(mail?.parsed.html).toContain(`href="${url}"`);
      expect(mail?.parsed.text).toContain(url);
    }
  });

  test('the digest carries them too', async ({ smtp }) => {
    const mail = digestOf(3);
    expect(mail?.headers).toMatchObject({ 'List-Unsubscribe': `<${links.unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' });
    await smtp.transport()?.sendMail({ ...mail, from: 'stockbell@mail.example' });
    const [received] = await smtp.waitFor(1);
    expect(received?.parsed.headers.get('list')).toEqual({ unsubscribe: { url: links.unsubscribe }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
  });
});

describe('on a phone, in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => browser?.close());

  async function widthAt(html: string, width: number, colorScheme: 'light' | 'dark' = 'light') {
    const page = await browser.newPage({ viewport: { width, height: 800 }, colorScheme });
    try {
      await page.setContent(html);
      return await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        background: getComputedStyle(document.body).backgroundColor,
      }));
    } finally {
      await page.close();
    }
  }

  it('a long word or URL in the body wraps: nothing is wider than 375 px', async () => {
    const sample = samples()[0] as Sample;
    const token = `https://inventory.example/${'x'.repeat(300)}`;
    const long = { ...message(sample), body: `See ${token} and ${'W'.repeat(400)}` };
    for (const html of [(email.render(long) as { html: string }).html, String(renderDigest(recipient, [long], { clock: { now: () => now } })?.html)]) {
      expect((await widthAt(html, 375)).scroll).toBeLessThanOrEqual(375);
    }
    // The check can fail: the same page without wrapping is wider.
    const unwrapped = (email.render(long) as { html: string }).html.replaceAll('overflow-wrap:anywhere;word-break:break-word', '');
    expect((await widthAt(unwrapped, 375)).scroll).toBeGreaterThan(375);
  });

  it('switches to dark colours when the reader prefers dark', async () => {
    const { html } = email.render(message(samples()[0] as Sample)) as { html: string };
    const light = await widthAt(html, 600, 'light');
    const dark = await widthAt(html, 600, 'dark');
    expect(light.background).toBe('rgb(243, 244, 246)');
    expect(dark.background).toBe('rgb(17, 24, 39)');
  });
});
