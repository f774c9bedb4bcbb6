import { describe, expect } from 'vitest';
import {
  channels,
  createEndpointPolicy,
  digestDay,
  type OutgoingMessage,
  renderDigest,
  type SendContext,
  sendDigest,
  toOutgoingMessage,
} from '../server/channels/index.ts';
import type { StoredNotification } from '../server/messages/index.ts';
import { type SmtpReceiver, test } from './support/receivers.ts';

const EVIL = '<!channel> *bold* @everyone <img src=x onerror=alert(1)>';
const PUBLIC = 'https://inventory.example.com';
const now = new Date('2026-03-02T09:00:00Z');
const email = channels.email;
const TEMPLATE_TAGS = new Set(['html', 'head', 'meta', 'title', 'body', 'div', 'table', 'tbody', 'thead', 'tr', 'td', 'th', 'p', 'a', 'strong', 'h1', 'h2', 'br', 'caption', 'section', 'ul', 'li', 'span', 'style']);

function stored(kind: string, data: Record<string, unknown>, reason: Record<string, unknown> = { type: 'part', name: 'Widget' }): StoredNotification {
  return { id: 1, kind, data, reason, createdAt: now, targetKind: null, targetId: null };
}

const lowStock = (partName = 'Widget Assembly') =>
  stored('part.low_stock', { partId: '42', partName, stock: 2, minimum: 3, url: '/parts/42' });

const stockShort = stored(
  'build.stock_short',
  {
    buildId: '17',
    reference: 'BO0017',
    partId: '42',
    partName: 'Widget Assembly',
    quantity: 10,
    url: '/builds/17',
    lines: [
      { partId: '7', partName: 'Bolt M3', required: 20, stock: 1, minimum: 5, url: '/parts/7' },
      { partId: '8', partName: EVIL, required: 4, stock: 0, minimum: 2, url: 'javascript:alert(1)' },
    ],
  },
  { type: 'responsible', reference: 'BO0017' },
);

function outgoing(n: StoredNotification, deliveryId: string, user: { id: string; name: string; email: string | null }): OutgoingMessage {
  return toOutgoingMessage(n, { deliveryId, recipient: user, publicUrl: PUBLIC });
}

const ada = { id: 'u1', name: 'Ada Lovelace', email: 'ada@example.com' };
const bob = { id: 'u2', name: 'Bob', email: 'bob@example.com' };

function context(smtp: SmtpReceiver, overrides: Partial<SendContext> = {}): SendContext {
  return {
    clock: { now: () => now },
    mailer: smtp.transport(),
    from: '"Stockbell" <stockbell@example.com>',
    mailIdentity: { domain: 'inventory.example.com', installationId: 'inst1' },
    endpointPolicy: createEndpointPolicy(),
    ...overrides,
  };
}

describe('email', () => {
  test('low stock: one mail to exactly its recipient, Message-ID from the delivery id, part, stock, minimum and an absolute link', async ({ smtp }) => {
    const result = await email.send(outgoing(lowStock(), 'job-101', ada), null, context(smtp));
    expect(result).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.envelope.rcptTo).toEqual(['ada@example.com']);
    expect(mail?.envelope.mailFrom).toBe('stockbell@example.com');
    const p = mail!.parsed;
    expect(p.messageId).toBe('<job-101.inst1@inventory.example.com>');
    expect(p.headers.get('x-stockbell-delivery')).toBe('job-101');
    expect(p.to && !Array.isArray(p.to) ? p.to.value : []).toEqual([{ name: 'Ada Lovelace', address: 'ada@example.com' }]);
    expect(p.cc).toBeUndefined();
    expect(p.bcc).toBeUndefined();
    expect(p.subject).toBe('Low stock: Widget Assembly');
    expect(p.date?.toISOString()).toBe(now.toISOString());
    // Plain-text part
    expect(p.text).toContain('Widget Assembly has 2 in stock, below its minimum of 3.');
    expect(p.text).toContain('In stock: 2');
    expect(p.text).toContain('Minimum: 3');
    expect(p.text).toContain('https://inventory.example.com/parts/42');
    expect(p.text).toContain('Why you got this: subscribed to Widget.');
    // HTML part: the facts in a table and only absolute links
    const html = String(p.html);
    expect(html).toMatch(/<th[^>]*>Part<\/th><td[^>]*><a href="https:\/\/inventory\.example\.com\/parts\/42"[^>]*>Widget Assembly<\/a>/);
    expect(html).toMatch(/<th[^>]*>In stock<\/th><td[^>]*><strong[^>]*>2<\/strong>/);
    expect(html).toMatch(/<th[^>]*>Minimum<\/th><td[^>]*>3<\/td>/);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/inventory\.example\.com\//);
  });

  test('user text is escaped in the HTML part and kept as text in the plain part', async ({ smtp }) => {
    await email.send(outgoing(lowStock(EVIL), 'job-evil', ada), null, context(smtp));
    const [mail] = await smtp.waitFor(1);
    const html = String(mail?.parsed.html);
    expect(html).not.toContain('<img');
    // Only the template's own elements exist: user text added none.
    const tags = new Set([...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]?.toLowerCase()));
    expect([...tags].filter((t) => !TEMPLATE_TAGS.has(t ?? ''))).toEqual([]);
    expect(html).toContain('&lt;img src=x onerror=alert(1)');
    expect(html).toContain('&lt;!channel');
    expect(mail?.parsed.subject).toBe(`Low stock: ${EVIL}`);
    expect(mail?.parsed.text).toContain(EVIL);
  });

  test('build short of stock: the short lines in a table, an unsafe line link rendered as plain text', async ({ smtp }) => {
    await email.send(outgoing(stockShort, 'job-102', ada), null, context(smtp));
    const [mail] = await smtp.waitFor(1);
    const html = String(mail?.parsed.html);
    expect(mail?.parsed.subject).toBe('BO0017: not enough stock for Widget Assembly');
    expect(html).toContain('<caption');
    expect(html).toMatch(/<th scope="col"[^>]*>Part<\/th><th scope="col"[^>]*>In stock<\/th><th scope="col"[^>]*>Required<\/th><th scope="col"[^>]*>Minimum<\/th>/);
    const table = /<caption[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    const rows = [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => m[1] ?? '');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/href="https:\/\/inventory\.example\.com\/parts\/7"[^>]*>Bolt M3<\/a>.*>1<\/strong>.*>20<\/td>.*>5<\/td>/);
    expect(rows[1]).not.toContain('href=');
    expect(rows[1]).toContain('&lt;img');
    expect(html).not.toContain('javascript:');
    expect(mail?.parsed.text).toContain('- Bolt M3: 1 in stock / 20 required, minimum 5');
    expect(mail?.parsed.text).toContain('Why you got this: responsible for BO0017.');
  });

  test('every recipient gets their own mail; no mail ever lists two addresses', async ({ smtp }) => {
    const ctx = context(smtp);
    await email.send(outgoing(lowStock(), 'job-a', ada), null, ctx);
    await email.send(outgoing(lowStock(), 'job-b', bob), null, ctx);
    await smtp.waitFor(2);
    expect(smtp.messages.map((m) => m.envelope.rcptTo)).toEqual([['ada@example.com'], ['bob@example.com']]);
    expect(smtp.messages.map((m) => m.parsed.messageId)).toEqual(['<job-a.inst1@inventory.example.com>', '<job-b.inst1@inventory.example.com>']);
  });

  test('a retried delivery carries the same Message-ID', async ({ smtp }) => {
    const msg = outgoing(lowStock(), 'job-7', ada);
    await email.send(msg, null, context(smtp));
    await email.send(msg, null, context(smtp));
    await smtp.waitFor(2);
    expect(new Set(smtp.messages.map((m) => m.parsed.messageId))).toEqual(new Set(['<job-7.inst1@inventory.example.com>']));
  });

  test('a delivery id that is not a plain token is encoded into a valid Message-ID', () => {
    const mail = email.render(outgoing(lowStock(), 'a b<c>@d', ada)) as { messageId: string; headers: Record<string, string> };
    expect(mail.messageId).toMatch(/^<x\.[A-Za-z0-9_-]+@stockbell\.invalid>$/);
    expect(mail.headers['X-Stockbell-Delivery']).toBe(mail.messageId.slice(1, -'@stockbell.invalid>'.length));
  });

  test('a recipient without an email address gets nothing, and retrying will not help', async ({ smtp }) => {
    const result = await email.send(outgoing(lowStock(), 'job-x', { ...ada, email: null }), null, context(smtp));
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(smtp.messages).toHaveLength(0);
  });

  test('an address that is really a list is refused, not sent', async ({ smtp }) => {
    for (const address of ['ada@example.com, eve@example.com', 'ada@example.com\r\nBcc: eve@example.com', 'Eve <eve@example.com>']) {
      const result = await email.send(outgoing(lowStock(), 'job-l', { ...ada, email: address }), null, context(smtp));
      expect(result, address).toMatchObject({ ok: false, retryable: false });
    }
    expect(smtp.messages).toHaveLength(0);
  });

  test('no transport or no sender configured: not retryable', async ({ smtp }) => {
    const msg = outgoing(lowStock(), 'job-c', ada);
    expect(await email.send(msg, null, context(smtp, { mailer: undefined }))).toMatchObject({ ok: false, retryable: false });
    expect(await email.send(msg, null, context(smtp, { from: undefined }))).toMatchObject({ ok: false, retryable: false });
  });

  test('SMTP down is retryable, and the same message goes through once it is back', async ({ smtp }) => {
    const msg = outgoing(lowStock(), 'job-down', ada);
    await smtp.down();
    const failed = await email.send(msg, null, context(smtp));
    expect(failed).toMatchObject({ ok: false, retryable: true });
    expect(smtp.messages).toHaveLength(0);
    await smtp.up();
    expect(await email.send(msg, null, context(smtp))).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.parsed.messageId).toBe('<job-down.inst1@inventory.example.com>');
  });

  test('a temporary SMTP rejection (451) is retryable, a permanent one (550) is not', async ({ smtp }) => {
    smtp.reject({ responseCode: 451, message: 'try later' });
    const temporary = await email.send(outgoing(lowStock(), 'job-451', ada), null, context(smtp));
    expect(temporary).toMatchObject({ ok: false, retryable: true });
    if (!temporary.ok) expect(temporary.error).toContain('451');
    smtp.reject({ responseCode: 550, message: 'no such user' });
    const permanent = await email.send(outgoing(lowStock(), 'job-550', ada), null, context(smtp));
    expect(permanent).toMatchObject({ ok: false, retryable: false });
    if (!permanent.ok) expect(permanent.error).toContain('550');
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('daily digest', () => {
  const messages = (user: typeof ada) => [
    outgoing(stored('message', { subject: 'Stocktake Friday', body: 'Bring gloves.', link: '/news/1' }, { type: 'direct' }), 'm1', user),
    outgoing(lowStock(), 'm2', user),
    outgoing(stockShort, 'm3', user),
    outgoing(lowStock('Resistor 10k'), 'm4', user),
    outgoing(stored('acme.calibration', { subject: 'Scale 3 due' }), 'm5', user),
  ];

  test('one mail grouping everything by kind, Message-ID from user and day', async ({ smtp }) => {
    const result = await sendDigest(ada, messages(ada), { ...context(smtp), timeZone: 'Europe/Berlin' });
    expect(result).toEqual({ ok: true });
    const [mail] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.envelope.rcptTo).toEqual(['ada@example.com']);
    expect(mail?.parsed.messageId).toBe('<digest.2026-03-02.u1.inst1@inventory.example.com>');
    expect(mail?.parsed.subject).toBe('Your daily digest: 5 notifications');
    const text = mail?.parsed.text ?? '';
    const order = ['Low stock (2)', 'Build orders short of stock (1)', 'Messages (1)', 'Other notifications (acme.calibration) (1)'];
    const positions = order.map((heading) => text.indexOf(heading));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(text).toContain('Low stock: Resistor 10k');
    expect(text).toContain('https://inventory.example.com/news/1');
    const html = String(mail?.parsed.html);
    expect(html.match(/<h2/g)).toHaveLength(4);
    expect(html).toContain('&lt;img');
    const tags = new Set([...html.matchAll(/<\/?([a-z][a-z0-9]*)/gi)].map((m) => m[1]?.toLowerCase()));
    expect([...tags].filter((t) => !TEMPLATE_TAGS.has(t ?? ''))).toEqual([]);
    // Times are shown in the user's zone: 09:00 UTC is 10:00 in Berlin.
    expect(text).toContain('10:00');
  });

  test('the same user and day always give the same Message-ID; another day or user another', () => {
    const clock = (iso: string) => ({ now: () => new Date(iso) });
    const id = (user: typeof ada, iso: string, timeZone?: string) =>
      renderDigest(user, messages(user), { clock: clock(iso), ...(timeZone ? { timeZone } : {}) })?.messageId;
    expect(id(ada, '2026-03-02T06:00:00Z')).toBe(id(ada, '2026-03-02T20:00:00Z'));
    expect(id(ada, '2026-03-03T06:00:00Z')).toBe('<digest.2026-03-03.u1@stockbell.invalid>');
    expect(id(bob, '2026-03-02T06:00:00Z')).toBe('<digest.2026-03-02.u2@stockbell.invalid>');
    // 23:30 UTC on the 2nd is already the 3rd in Tokyo.
    expect(id(ada, '2026-03-02T23:30:00Z', 'Asia/Tokyo')).toBe('<digest.2026-03-03.u1@stockbell.invalid>');
  });

  test('nothing new: no mail', async ({ smtp }) => {
    expect(renderDigest(ada, [], { clock: { now: () => now } })).toBeNull();
    expect(await sendDigest(ada, [], context(smtp))).toEqual({ ok: true });
    expect(smtp.messages).toHaveLength(0);
  });

  test('digestDay follows the time zone and survives a bad one', () => {
    expect(digestDay(new Date('2026-03-02T23:30:00Z'))).toBe('2026-03-02');
    expect(digestDay(new Date('2026-03-02T23:30:00Z'), 'Asia/Tokyo')).toBe('2026-03-03');
    expect(digestDay(new Date('2026-03-02T01:30:00Z'), 'America/New_York')).toBe('2026-03-01');
    expect(digestDay(new Date('2026-03-02T23:30:00Z'), 'Not/AZone')).toBe('2026-03-02');
  });
});
