import { createHmac } from 'node:crypto';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { describe, expect } from 'vitest';
import {
  channels,
  createEndpointPolicy,
  newWebhookSecret,
  type OutgoingMessage,
  type SendContext,
  signWebhook,
  verifyWebhook,
} from '../server/channels/index.ts';
import { test } from './support/receivers.ts';

const SECRET = 'whsec_test_0123456789';
const now = new Date('2026-03-02T09:00:00Z');
const unix = Math.floor(now.getTime() / 1000);

const msg: OutgoingMessage = {
  deliveryId: 'job-9001',
  kind: 'part.low_stock',
  subject: 'Low stock: Widget Assembly',
  body: 'Widget Assembly has 2 in stock, below its minimum of 3.',
  reason: 'subscribed to Widget',
  link: 'https://inventory.example.com/parts/42',
  data: { partId: '42', partName: 'Widget Assembly', stock: 2, minimum: 3, url: 'https://inventory.example.com/parts/42' },
  createdAt: new Date('2026-03-02T08:59:00Z'),
  recipient: { id: 'u1', name: 'Ada', email: 'ada@example.com' },
};

const ctx: SendContext = { clock: { now: () => now }, endpointPolicy: createEndpointPolicy({ allow: ['127.0.0.1'] }) };

describe('webhook', () => {
  test('posts the JSON body with idempotency headers and a signature the receiver can verify', async ({ http }) => {
    const result = await channels.webhook.send(msg, { url: http.url('/in/stockbell'), secret: SECRET }, ctx);
    expect(result).toEqual({ ok: true });
    const [request] = await http.waitFor(1);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['idempotency-key']).toBe('job-9001');
    expect(request?.headers['x-stockbell-delivery']).toBe('job-9001');
    expect(JSON.parse(request?.body ?? '')).toEqual({
      id: 'job-9001',
      kind: 'part.low_stock',
      subject: 'Low stock: Widget Assembly',
      body: 'Widget Assembly has 2 in stock, below its minimum of 3.',
      reason: 'subscribed to Widget',
      link: 'https://inventory.example.com/parts/42',
      data: msg.data,
      createdAt: '2026-03-02T08:59:00.000Z',
      recipient: { id: 'u1' },
    });
    // The recipient's name and address stay home.
    expect(request?.body).not.toContain('ada@example.com');

    const header = String(request?.headers['x-stockbell-signature']);
    expect(header).toMatch(new RegExp(`^t=${unix},v1=[0-9a-f]{64}$`));
    // Independently computed: HMAC-SHA256(secret, t + "." + body)
    const expected = createHmac('sha256', SECRET).update(`${unix}.${request?.body}`).digest('hex');
    expect(header).toBe(`t=${unix},v1=${expected}`);
    expect(verifyWebhook(SECRET, request?.body ?? '', header, { now })).toBe(true);
  });

  test('a tampered body, a wrong secret or a malformed header fails verification', async ({ http }) => {
    await channels.webhook.send(msg, { url: http.url(), secret: SECRET }, ctx);
    const [request] = await http.waitFor(1);
    const body = request?.body ?? '';
    const header = String(request?.headers['x-stockbell-signature']);
    expect(verifyWebhook(SECRET, body, header, { now })).toBe(true);
    expect(verifyWebhook(SECRET, body.replace('"stock":2', '"stock":200'), header, { now })).toBe(false);
    expect(verifyWebhook(SECRET, `${body} `, header, { now })).toBe(false);
    expect(verifyWebhook('another-secret', body, header, { now })).toBe(false);
    expect(verifyWebhook(SECRET, body, header.replace(/v1=[0-9a-f]/, 'v1=0').replace(/v1=00/, 'v1=01'), { now })).toBe(false);
    expect(verifyWebhook(SECRET, body, header.replace(`t=${unix}`, `t=${unix + 1}`), { now })).toBe(false);
    for (const bad of ['', 'garbage', `t=${unix}`, `v1=${'0'.repeat(64)}`, `t=abc,v1=${'0'.repeat(64)}`]) {
      expect(verifyWebhook(SECRET, body, bad, { now }), bad).toBe(false);
    }
    expect(verifyWebhook(SECRET, body, undefined, { now })).toBe(false);
  });

  test('an old (replayed) or far-future timestamp fails, within tolerance passes', () => {
    const body = '{"id":"x"}';
    const at = (seconds: number) => signWebhook(SECRET, body, unix + seconds);
    expect(verifyWebhook(SECRET, body, at(-299), { now })).toBe(true);
    expect(verifyWebhook(SECRET, body, at(-301), { now })).toBe(false);
    expect(verifyWebhook(SECRET, body, at(-3600), { now })).toBe(false);
    expect(verifyWebhook(SECRET, body, at(301), { now })).toBe(false);
    expect(verifyWebhook(SECRET, body, at(-3600), { now, toleranceSeconds: 7200 })).toBe(true);
  });

  test('several v1 signatures (secret rotation): one valid is enough', () => {
    const body = '{"id":"y"}';
    const valid = signWebhook(SECRET, body, unix);
    const old = signWebhook('old-secret', body, unix).split(',')[1];
    expect(verifyWebhook(SECRET, body, `${valid},${old}`, { now })).toBe(true);
    expect(verifyWebhook(SECRET, body, `t=${unix},${old}`, { now })).toBe(false);
  });

  test('bytes and string bodies verify alike', () => {
    const body = '{"name":"Größe ✓"}';
    const header = signWebhook(SECRET, body, unix);
    expect(verifyWebhook(SECRET, Buffer.from(body, 'utf8'), header, { now })).toBe(true);
  });

  test('each attempt is signed with the time of that attempt', async ({ http }) => {
    let clock = now;
    const moving: SendContext = { ...ctx, clock: { now: () => clock } };
    await channels.webhook.send(msg, { url: http.url(), secret: SECRET }, moving);
    clock = new Date(now.getTime() + 3600_000);
    await channels.webhook.send(msg, { url: http.url(), secret: SECRET }, moving);
    const [first, second] = await http.waitFor(2);
    expect(first?.body).toBe(second?.body);
    expect(first?.headers['x-stockbell-signature']).toContain(`t=${unix},`);
    expect(second?.headers['x-stockbell-signature']).toContain(`t=${unix + 3600},`);
    expect(verifyWebhook(SECRET, second?.body ?? '', String(second?.headers['x-stockbell-signature']), { now: clock })).toBe(true);
  });

  test('an endpoint without a secret gets the body unsigned', async ({ http }) => {
    await channels.webhook.send(msg, { url: http.url(), secret: null }, ctx);
    const [request] = await http.waitFor(1);
    expect(request?.headers['x-stockbell-signature']).toBeUndefined();
    expect(request?.headers['idempotency-key']).toBe('job-9001');
  });
});

describe('Standard Webhooks', () => {
  // The library checks the timestamp against the real clock: these sends use it.
  const live: SendContext = { ...ctx, clock: { now: () => new Date() } };
  const headersOf = (request: { headers: Record<string, unknown> } | undefined) =>
    Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(request?.headers[h])]));

  test('the standardwebhooks library verifies what Stockbell sends, and refuses a forged body', async ({ http }) => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await channels.webhook.send(msg, { url: http.url('/in'), secret }, live);
    const [request] = await http.waitFor(1);
    const headers = headersOf(request);
    expect(headers['webhook-id']).toBe('job-9001');
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/);
    expect(new Webhook(secret).verify(request?.body ?? '', headers)).toMatchObject({ id: 'job-9001', kind: 'part.low_stock' });
    expect(() => new Webhook(secret).verify((request?.body ?? '').replace('Widget', 'Gadget'), headers)).toThrow(WebhookVerificationError);
    expect(() => new Webhook(newWebhookSecret()).verify(request?.body ?? '', headers)).toThrow(WebhookVerificationError);
    // The old header is still there for one release, over the same body.
    expect(verifyWebhook(secret, request?.body ?? '', String(request?.headers['x-stockbell-signature']))).toBe(true);
  });

  test('during a rollover both secrets sign: a receiver with either one verifies', async ({ http }) => {
    const [current, previous] = [newWebhookSecret(), newWebhookSecret()];
    await channels.webhook.send(msg, { url: http.url('/in'), secret: current, previousSecret: previous }, live);
    const [request] = await http.waitFor(1);
    const headers = headersOf(request);
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) {
      expect(new Webhook(secret).verify(request?.body ?? '', headers)).toMatchObject({ id: 'job-9001' });
      expect(verifyWebhook(secret, request?.body ?? '', String(request?.headers['x-stockbell-signature']))).toBe(true);
    }
  });

  test('a secret made before Standard Webhooks (base64url) keeps working: the same key in base64', async ({ http }) => {
    const legacy = 'whsec_AB-_cd-_ef-_gh-_ij-_kl-_mn-_op-_';
    await channels.webhook.send(msg, { url: http.url('/in'), secret: legacy }, live);
    const [request] = await http.waitFor(1);
    // Existing receivers: the old header, signed with the whole string as before.
    expect(verifyWebhook(legacy, request?.body ?? '', String(request?.headers['x-stockbell-signature']))).toBe(true);
    // The library cannot load base64url; converted, it verifies.
    expect(() => new Webhook(legacy)).toThrow();
    const converted = legacy.replaceAll('-', '+').replaceAll('_', '/').replace(/^whsec\//, 'whsec_');
    expect(new Webhook(converted).verify(request?.body ?? '', headersOf(request))).toMatchObject({ id: 'job-9001' });
  });
});
