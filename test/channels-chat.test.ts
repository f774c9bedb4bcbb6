import { describe, expect } from 'vitest';
import {
  type Channel,
  type ChannelName,
  channels,
  createEndpointPolicy,
  type OutgoingMessage,
  parseRetryAfter,
  type SendContext,
} from '../server/channels/index.ts';
import { type HttpReceiver, test } from './support/receivers.ts';

const EVIL = '<!channel> *bold* @everyone <img src=x onerror=alert(1)>';
const now = new Date('2026-03-02T09:00:00Z');
const SECRET_PATH = '/services/T0001/B0002/s3cr3tT0k3n';

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    deliveryId: 'job-42',
    kind: 'part.low_stock',
    subject: `Low stock: ${EVIL}`,
    body: `${EVIL} has 2 in stock, below its minimum of 3.`,
    reason: `subscribed to ${EVIL}`,
    link: 'https://inventory.example.com/parts/42',
    data: { partId: '42', partName: EVIL, stock: 2, minimum: 3, url: 'https://inventory.example.com/parts/42' },
    createdAt: now,
    recipient: { id: 'u1', name: 'Ada', email: 'ada@example.com' },
    ...overrides,
  };
}

function context(overrides: Partial<SendContext> = {}): SendContext {
  return { clock: { now: () => now }, endpointPolicy: createEndpointPolicy({ allow: ['127.0.0.1'] }), ...overrides };
}

async function sendTo(http: HttpReceiver, channel: Channel, msg = message(), ctx = context()) {
  const result = await channel.send(msg, { url: http.url(SECRET_PATH) }, ctx);
  return { result, request: http.requests.at(-1) };
}

describe('slack', () => {
  test('posts blocks with mrkdwn in which <, > and & from users are escaped', async ({ http }) => {
    const { result, request } = await sendTo(http, channels.slack);
    expect(result).toEqual({ ok: true });
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe(SECRET_PATH);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('job-42');
    const payload = JSON.parse(request?.body ?? '{}');
    expect(payload).toEqual(channels.slack.render(message()));
    // Nothing Slack would read as a control sequence survives.
    expect(request?.body).not.toContain('<!channel>');
    expect(request?.body).not.toContain('<img');
    expect(payload.text).toBe('Low stock: &lt;!channel&gt; *bold* @everyone &lt;img src=x onerror=alert(1)&gt;');
    const section = payload.blocks[0];
    expect(section.type).toBe('section');
    expect(section.text.type).toBe('mrkdwn');
    expect(section.text.text).toBe(
      '*<https://inventory.example.com/parts/42|Low stock: &lt;!channel&gt; *bold* @everyone &lt;img src=x onerror=alert(1)&gt;>*\n' +
        '&lt;!channel&gt; *bold* @everyone &lt;img src=x onerror=alert(1)&gt; has 2 in stock, below its minimum of 3.',
    );
    expect(payload.blocks[1]).toEqual({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: 'subscribed to &lt;!channel&gt; *bold* @everyone &lt;img src=x onerror=alert(1)&gt;', verbatim: true }],
    });
  });

  test('& is escaped first, and a link target cannot break out of <url|label>', () => {
    const payload = channels.slack.render(
      message({ subject: 'A & B > C', body: '', reason: '', link: 'https://x.example/a|b?c=1&d=2' }),
    ) as { blocks: { text: { text: string } }[] };
    expect(payload.blocks).toHaveLength(1);
    expect(payload.blocks[0]?.text.text).toBe('*<https://x.example/a%7Cb?c=1&amp;d=2|A &amp; B &gt; C>*');
  });

  test('a link that is not http(s) is not linked', () => {
    const payload = channels.slack.render(message({ subject: 'S', link: 'javascript:alert(1)' })) as { blocks: { text: { text: string } }[] };
    expect(payload.blocks[0]?.text.text.startsWith('*S*')).toBe(true);
    expect(JSON.stringify(payload)).not.toContain('javascript');
  });

  test('long text stays within Slack limits', () => {
    const payload = channels.slack.render(message({ body: '<'.repeat(10_000) })) as { text: string; blocks: { text: { text: string } }[] };
    expect(payload.blocks[0]?.text.text.length).toBeLessThanOrEqual(3000);
    expect(payload.blocks[0]?.text.text).toMatch(/(&lt;)+…$/);
  });
});

describe('discord', () => {
  test('one embed, mentions disabled, markdown and @everyone neutralised', async ({ http }) => {
    const { result, request } = await sendTo(http, channels.discord);
    expect(result).toEqual({ ok: true });
    const payload = JSON.parse(request?.body ?? '{}');
    expect(payload).toEqual(channels.discord.render(message()));
    expect(payload.allowed_mentions).toEqual({ parse: [] });
    expect(payload.embeds).toHaveLength(1);
    const [embed] = payload.embeds;
    expect(embed.title).toBe('Low stock: \\<!channel\\> \\*bold\\* @\u200beveryone \\<img src=x onerror=alert\\(1\\)\\>');
    expect(embed.description).toContain('\\*bold\\*');
    expect(embed.description).not.toMatch(/@everyone/);
    expect(embed.url).toBe('https://inventory.example.com/parts/42');
    expect(embed.timestamp).toBe('2026-03-02T09:00:00.000Z');
    expect(embed.footer.text).toBe('subscribed to <!channel> *bold* @\u200beveryone <img src=x onerror=alert(1)>');
    expect(request?.body).not.toMatch(/@everyone|@here/);
  });

  test('block markdown at line starts, masked links and @here are escaped', () => {
    const payload = channels.discord.render(
      message({ body: '# Big\n> quote\n- item\n1. first\n[click](https://evil.example) @here ||spoiler|| `code` ~~x~~ _i_' }),
    ) as { embeds: { description: string }[] };
    expect(payload.embeds[0]?.description).toBe(
      '\\# Big\n\\> quote\n\\- item\n1\\. first\n\\[click\\]\\(https://evil.example\\) @\u200bhere \\|\\|spoiler\\|\\| \\`code\\` \\~\\~x\\~\\~ \\_i\\_',
    );
  });

  test('no link, no body, no reason: just the title', () => {
    const payload = channels.discord.render(message({ link: null, body: '', reason: '' })) as { embeds: Record<string, unknown>[] };
    expect(Object.keys(payload.embeds[0] ?? {}).sort()).toEqual(['timestamp', 'title']);
  });

  test("a 429 without Retry-After uses the body's retry_after", async ({ http }) => {
    http.respondWith([{ status: 429, headers: { 'content-type': 'application/json' }, body: '{"message":"You are being rate limited.","retry_after":1.5,"global":false}' }]);
    const { result } = await sendTo(http, channels.discord);
    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 1500 });
  });
});

describe('teams', () => {
  test('an Adaptive Card whose text is escaped for Teams markdown', async ({ http }) => {
    const { result, request } = await sendTo(http, channels.teams);
    expect(result).toEqual({ ok: true });
    const payload = JSON.parse(request?.body ?? '{}');
    expect(payload).toEqual(channels.teams.render(message()));
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(card.type).toBe('AdaptiveCard');
    expect(card.body[0].text).toBe('Low stock: \\<!channel\\> \\*bold\\* @everyone \\<img src=x onerror=alert\\(1\\)\\>');
    for (const block of card.body) expect(block.text).not.toMatch(/(^|[^\\])[<>*_[\]()]/);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open', url: 'https://inventory.example.com/parts/42' }]);
  });

  test('each body line is its own block; list markers, links and {{functions}} are inert', () => {
    const payload = channels.teams.render(
      message({ body: 'Short:\n- Bolt\n1. Nut\n[x](https://evil.example) {{DATE(2026-01-01T00:00:00Z)}}', reason: '' }),
    ) as { attachments: { content: { body: { text: string }[] } }[] };
    const texts = payload.attachments[0]?.content.body.map((b) => b.text);
    expect(texts).toEqual([
      'Low stock: \\<!channel\\> \\*bold\\* @everyone \\<img src=x onerror=alert\\(1\\)\\>',
      'Short:',
      '\\- Bolt',
      '1\\. Nut',
      '\\[x\\]\\(https://evil.example\\) {\u200b{DATE\\(2026-01-01T00:00:00Z\\)}}',
    ]);
  });
});

describe.each(['slack', 'discord', 'teams', 'webhook'] satisfies ChannelName[])('%s: what the answer means', (name) => {
  const channel = channels[name];

  test('429 with Retry-After in seconds: retryable after that long', async ({ http }) => {
    http.respondWith([{ status: 429, headers: { 'retry-after': '2' }, body: 'slow down' }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 2000 });
  });

  test('429 with Retry-After as an HTTP date: measured from the injected clock', async ({ http }) => {
    http.respondWith([{ status: 429, headers: { 'retry-after': 'Mon, 02 Mar 2026 09:00:30 GMT' } }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterMs: 30_000 });
  });

  test('a sequence 429, 500, 200: retry, retry, done', async ({ http }) => {
    http.respondWith([{ status: 429, headers: { 'retry-after': '2' } }, { status: 500 }, { status: 200 }]);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await sendTo(http, channel)).result);
    expect(results).toEqual([
      expect.objectContaining({ ok: false, retryable: true, retryAfterMs: 2000 }),
      expect.objectContaining({ ok: false, retryable: true }),
      { ok: true },
    ]);
    expect(http.requests).toHaveLength(3);
    expect(new Set(http.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set(['job-42']));
  });

  test.for([500, 502, 503, 408])('HTTP %i is retryable', async (status, { http }) => {
    http.respondWith([{ status }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: true });
    if (!result.ok) expect(result.error).toContain(`HTTP ${status}`);
  });

  test.for([400, 403, 404, 410])('HTTP %i is not retryable', async (status, { http }) => {
    http.respondWith([{ status, body: 'invalid_payload' }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: false });
    if (!result.ok) expect(result.error).toContain('invalid_payload');
  });

  test('a redirect is not followed', async ({ http }) => {
    http.respondWith([{ status: 302, headers: { location: http.url('/elsewhere') } }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(http.requests.map((r) => r.url)).toEqual([SECRET_PATH]);
  });

  test('no answer within the timeout: retryable', async ({ http }) => {
    http.respondWith([{ status: 200, delayMs: 2000 }]);
    const started = Date.now();
    const { result } = await sendTo(http, channel, message(), context({ timeoutMs: 150 }));
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  test('a dropped connection: retryable', async ({ http }) => {
    http.respondWith([{ status: 200, destroy: true }]);
    const { result } = await sendTo(http, channel);
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  test("errors never show the endpoint's secret path", async ({ http }) => {
    http.respondWith([{ status: 404, body: `no_service for ${SECRET_PATH}` }, { status: 200, delayMs: 2000 }]);
    const errors: string[] = [];
    for (const ctx of [context(), context({ timeoutMs: 100 })]) {
      const { result } = await sendTo(http, channel, message(), ctx);
      if (!result.ok) errors.push(result.error);
    }
    await http.close();
    const { result: down } = await sendTo(http, channel);
    if (!down.ok) errors.push(down.error);
    expect(errors).toHaveLength(3);
    for (const error of errors) {
      expect(error).toContain(http.origin);
      expect(error).not.toContain('s3cr3tT0k3n');
      expect(error).not.toContain('T0001');
    }
  });

  test('no endpoint: not retryable, nothing sent', async ({ http }) => {
    const result = await channel.send(message(), null, context());
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(http.requests).toHaveLength(0);
  });

  test('an endpoint the policy refuses is never contacted', async ({ http }) => {
    const result = await channel.send(message(), { url: http.url(SECRET_PATH) }, context({ endpointPolicy: createEndpointPolicy() }));
    expect(result).toMatchObject({ ok: false, retryable: false });
    if (!result.ok) expect(result.error).toContain('loopback');
    expect(http.requests).toHaveLength(0);
  });
});

describe('parseRetryAfter', () => {
  test('seconds, HTTP dates, the past and garbage', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
