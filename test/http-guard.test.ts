/**
 * What every route does before it looks at the input (issue #14, items 2, 4, 7 and 10): know the
 * caller (401 first, the host token on `POST /events` too), refuse cross-site and non-JSON changes,
 * name what is wrong with an unreadable body or oversized headers, and hold each user to a budget
 * of changes (429 with Retry-After). Each test names the hole it closes.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { installationKeys } from '../server/installation.ts';
import { signUnsubscribeToken, TOKEN_LIFETIME_MS } from '../server/unsubscribe/index.ts';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';
import { startHttpReceiver } from './support/receivers.ts';

const P = '/plugins/stockbell';
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function app(options: Parameters<typeof startApp>[1] = {}): Promise<TestApp> {
  t = await startApp(sqlite, { publicUrl: 'https://inventory.example', ...options });
  for (const id of ['ann', 'ben']) t.host.addUser(id);
  t.host.addUser('root', { isAdmin: true });
  return t;
}

type Headers = Record<string, string>;
const inject = (a: TestApp, method: string, url: string, headers: Headers = {}, payload?: string) =>
  a.app.inject({ method: method as 'POST', url: `${P}${url}`, headers, ...(payload === undefined ? {} : { payload }) });

const unread = async (a: TestApp, user: string) => (await a.as(user, 'GET', '/notifications/unread-count')).body.count as number;

describe('authenticate first', () => {
  it('answers 401, not a 400 describing the input, when nobody is signed in', async () => {
    const a = await app();
    const json = { 'content-type': 'application/json' };
    for (const [method, url, body] of [
      ['POST', '/notifications/delete', '{"ids":"nope"}'],
      ['GET', '/notifications?state=bogus&limit=0', undefined],
      ['PUT', '/subscriptions/planet/x y', undefined],
      ['POST', '/notifications/abc/read', undefined],
      ['PATCH', '/admin/settings', '{"retentionDays":-1}'],
      ['POST', '/events', '{"type":"nope"}'],
    ] as const) {
      const response = await inject(a, method, url, body ? json : {}, body);
      expect(response.statusCode, `${method} ${url}`).toBe(401);
      expect(response.json().code, `${method} ${url}`).toMatch(/^STOCKBELL_ERR_(UNAUTHORIZED|HOST_TOKEN)$/);
    }
    // The host token, then the input.
    const withToken = await inject(a, 'POST', '/events', { ...json, authorization: 'Bearer test-host-token-0123456789' }, '{"type":"nope"}');
    expect(withToken.statusCode).toBe(400);
    expect(withToken.json().message).toContain('body/type');
  });
});

describe('cross-site requests', () => {
  it('cannot mark a user’s notifications read with a text/plain no-cors POST from another port of the site', async () => {
    const a = await app();
    await a.app.stockbell.send({ to: { userId: 'ann' }, subject: 'one' });
    const attack = await inject(a, 'POST', '/notifications/read-all', { 'x-user': 'ann', 'content-type': 'text/plain', origin: 'http://127.0.0.1:9999', 'sec-fetch-site': 'same-site' }, '');
    expect(attack.statusCode).toBe(403);
    expect(attack.json()).toMatchObject({ statusCode: 403, code: 'STOCKBELL_ERR_CROSS_SITE' });
    // Even from the same site without the Fetch Metadata header (an older browser), text/plain is refused.
    const plain = await inject(a, 'POST', '/notifications/read-all', { 'x-user': 'ann', 'content-type': 'text/plain' }, '');
    expect(plain.statusCode).toBe(415);
    expect(plain.json()).toMatchObject({ code: 'STOCKBELL_ERR_MEDIA_TYPE', message: expect.stringContaining('text/plain') });
    const form = await inject(a, 'POST', '/notifications/delete', { 'x-user': 'ann', 'content-type': 'application/x-www-form-urlencoded' }, 'ids=1');
    expect(form.statusCode).toBe(415);
    expect(await unread(a, 'ann')).toBe(1);
  });

  it('lets the host’s own pages through: same-origin, publicUrl’s origin, an allowed origin; refuses the rest', async () => {
    const a = await app();
    await a.app.stockbell.send({ to: { userId: 'ann' }, subject: 'one' });
    const readAll = (headers: Headers) => inject(a, 'POST', '/notifications/read-all', { 'x-user': 'ann', ...headers });
    expect((await readAll({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await readAll({ origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await readAll({ 'sec-fetch-site': 'same-site', origin: 'https://shop.inventory.example' })).statusCode).toBe(403);
    expect((await readAll({ origin: 'null' })).statusCode).toBe(403);
    expect(await unread(a, 'ann')).toBe(1);
    expect((await readAll({ 'sec-fetch-site': 'same-origin', origin: 'http://localhost' })).statusCode).toBe(200);
    expect((await readAll({ origin: 'https://inventory.example' })).statusCode).toBe(200);
    await a.ctx.settings.write(a.ctx.em(), { allowedOrigins: ['https://shop.inventory.example'] }, a.clock.now());
    expect((await readAll({ 'sec-fetch-site': 'same-site', origin: 'https://shop.inventory.example' })).statusCode).toBe(200);
    // JSON with a body, and no body at all, are the two shapes a change takes.
    await a.app.stockbell.send({ to: { userId: 'ann' }, subject: 'two' });
    const [item] = (await a.as('ann', 'GET', '/notifications')).body.items;
    const json = await inject(a, 'POST', '/notifications/delete', { 'x-user': 'ann', 'content-type': 'application/json; charset=utf-8', 'sec-fetch-site': 'same-origin' }, JSON.stringify({ ids: [item.id] }));
    expect(json.statusCode).toBe(200);
  });

  it('leaves token-authenticated routes alone: a mail client’s cross-site one-click form, the host’s POST /events', async () => {
    const a = await app();
    const keys = await installationKeys(a.ctx.em(), a.clock.now());
    const token = signUnsubscribeToken(keys.unsubscribeKey, { userId: 'ann', scope: 'message' }, new Date(a.clock.now().getTime() + TOKEN_LIFETIME_MS));
    const oneClick = await inject(a, 'POST', `/unsubscribe/${token}`, { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://mail.example', 'sec-fetch-site': 'cross-site' }, 'List-Unsubscribe=One-Click');
    expect(oneClick.statusCode).toBe(200);
    const event = await inject(a, 'POST', '/events', { 'content-type': 'application/json', authorization: 'Bearer test-host-token-0123456789', origin: 'https://elsewhere.example' }, JSON.stringify({ type: 'stockChanged', partId: '1' }));
    expect(event.statusCode).toBe(202);
  });
});

describe('unreadable requests', () => {
  it('name what is wrong with a body that is not JSON, or that reaches for a prototype', async () => {
    const a = await app();
    const post = (payload: string) => inject(a, 'POST', '/notifications/delete', { 'x-user': 'ann', 'content-type': 'application/json' }, payload);
    const malformed = await post('{"ids":[');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ statusCode: 400, code: 'STOCKBELL_ERR_BODY', error: 'Bad Request' });
    expect(malformed.json().message).toMatch(/^body is not valid JSON: /);
    expect((await post('{"__proto__":{"admin":true},"ids":["1"]}')).json().message).toBe('body/__proto__ is not allowed');
    expect((await post('{"ids":["1"],"x":[{"constructor":{"prototype":{}}}]}')).json().message).toBe('body/x/0/constructor/prototype is not allowed');
    expect((await post('')).json()).toMatchObject({ code: 'STOCKBELL_ERR_BODY', message: expect.stringMatching(/^body is empty/) });
    const patch = await inject(a, 'PATCH', '/preferences', { 'x-user': 'ann', 'content-type': 'application/json' }, '{"matrix":{"__proto__":{"email":true}}}');
    expect(patch.json().message).toBe('body/matrix/__proto__ is not allowed');
  });

  it('answer 431 with the usual JSON error body when the headers are too large', async () => {
    const a = await app();
    const address = await a.listen();
    const response = await fetch(`${address}${P}/notifications`, { headers: { 'x-user': 'ann', cookie: `s=${'a'.repeat(20_000)}` } });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toMatchObject({ statusCode: 431, code: 'STOCKBELL_ERR_HEADERS_TOO_LARGE', error: 'Request Header Fields Too Large', message: expect.stringContaining('headers') });
  });
});

describe('rate limits', () => {
  it('hold each user to a budget of changes: 429 with Retry-After and the error body; other users and reads unaffected', async () => {
    const a = await app({ rateLimit: { writes: { max: 5, windowMs: 60_000 } } });
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await a.as('ann', 'POST', '/notifications/read-all')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await inject(a, 'PUT', '/subscriptions/part/1', { 'x-user': 'ann' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(limited.json()).toMatchObject({ statusCode: 429, code: 'STOCKBELL_ERR_RATE_LIMIT', error: 'Too Many Requests', message: expect.stringMatching(/try again in \d+ seconds/) });
    expect((await a.as('ben', 'POST', '/notifications/read-all')).status).toBe(200);
    expect((await a.as('ann', 'GET', '/notifications/unread-count')).status).toBe(200);
  });

  it('are tight on test sends: 200 tests of an endpoint send 5 requests, not 200', { timeout: 60_000 }, async () => {
    const receiver = await startHttpReceiver();
    try {
      const a = await app({ endpointAllowList: ['127.0.0.1'] });
      const created = await a.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: receiver.url('/hook') });
      expect(created.status).toBe(201);
      const statuses = new Map<number, number>();
      for (let i = 0; i < 200; i++) {
        const { status } = await a.as('ann', 'POST', `/preferences/endpoints/${created.body.id}/test`);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
      expect(Object.fromEntries(statuses)).toEqual({ 200: 5, 429: 195 });
      expect(receiver.requests).toHaveLength(5);
      // A budget of its own: ordinary changes still go through.
      expect((await a.as('ann', 'POST', '/notifications/read-all')).status).toBe(200);
    } finally {
      await receiver.close();
    }
  });

  it('are tight on /admin/send, and switched off with rateLimit: false', async () => {
    const a = await app({ rateLimit: { send: { max: 3, windowMs: 60_000 } } });
    const send = () => a.as('root', 'POST', '/admin/send', { to: { userId: 'ann' }, subject: 'hi' });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await send()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await a.close();
    const off = await app({ rateLimit: false });
    for (let i = 0; i < 300; i++) expect((await off.as('ann', 'POST', '/notifications/read-all')).status).toBe(200);
  });
});
