/**
 * The authorization matrix, generated from the route table (issue #14): every route Stockbell
 * registers (collected by an onRoute hook, so a new route without a row here fails the suite) ×
 * (no user, another user, the owner who is not an admin, an admin) → 401 / 404 / 403 / 2xx as
 * the contract says, on both databases. And the WebSocket: no session, a foreign Origin, another
 * user's frames.
 */
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { installationKeys } from '../server/installation.ts';
import { signUnsubscribeToken, TOKEN_LIFETIME_MS } from '../server/unsubscribe/index.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { allJobs } from './support/delivery.ts';
import { type HttpReceiver, startHttpReceiver } from './support/receivers.ts';

const P = '/plugins/stockbell';
type Actor = 'nobody' | 'another' | 'owner' | 'admin';
const ACTORS: Actor[] = ['nobody', 'another', 'owner', 'admin'];
const USER: Record<Actor, string | null> = { nobody: null, another: 'ben', owner: 'ann', admin: 'root' };

/** Fresh rows owned by ann (and shared ones) for one round of a route. */
interface Rows {
  notification: string;
  endpoint: string;
  sharedEndpoint: string;
  deadDelivery: string;
  unsubscribe: string;
  /** A URL on the loopback receiver, for new endpoints. */
  hook: string;
}

/**
 * How a route is reached, and who may: `own` routes act on the caller's rows (ann's ids: 404 for
 * anyone else, admins included); `mine` routes read or change the caller's own state (2xx for any
 * user); `admin` routes are 403 for non-admins; `token` routes ignore the session.
 */
interface Row {
  access: 'own' | 'mine' | 'admin' | 'token' | 'public' | 'socket';
  request(rows: Rows): { url: string; body?: unknown };
}

const MATRIX: Record<string, Row> = {
  'GET /assets/*': { access: 'public', request: () => ({ url: '/assets/nothing-here.js' }) },
  'GET /openapi.json': { access: 'public', request: () => ({ url: '/openapi.json' }) },
  'GET /unsubscribe/:token': { access: 'token', request: (r) => ({ url: `/unsubscribe/${r.unsubscribe}` }) },
  'POST /unsubscribe/:token': { access: 'token', request: (r) => ({ url: `/unsubscribe/${r.unsubscribe}` }) },
  'POST /events': { access: 'token', request: () => ({ url: '/events', body: { type: 'stockChanged', partId: '1' } }) },
  'GET /ws': { access: 'socket', request: () => ({ url: '/ws' }) },
  'GET /notifications': { access: 'mine', request: () => ({ url: '/notifications?state=all' }) },
  'GET /notifications/unread-count': { access: 'mine', request: () => ({ url: '/notifications/unread-count' }) },
  'POST /notifications/:id/read': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}/read` }) },
  'POST /notifications/:id/unread': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}/unread` }) },
  'POST /notifications/mark': { access: 'mine', request: (r) => ({ url: '/notifications/mark', body: { ids: [r.notification], read: true } }) },
  'POST /notifications/:id/snooze': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}/snooze`, body: { preset: 'hour' } }) },
  'DELETE /notifications/:id/snooze': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}/snooze` }) },
  'POST /notifications/read-all': { access: 'mine', request: () => ({ url: '/notifications/read-all' }) },
  'DELETE /notifications/:id': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}` }) },
  'POST /notifications/delete': { access: 'mine', request: (r) => ({ url: '/notifications/delete', body: { ids: [r.notification] } }) },
  'DELETE /notifications': { access: 'mine', request: () => ({ url: '/notifications?state=read' }) },
  'GET /subscriptions': { access: 'mine', request: () => ({ url: '/subscriptions' }) },
  'GET /subscriptions/:kind/:id': { access: 'mine', request: () => ({ url: '/subscriptions/part/1' }) },
  'PUT /subscriptions/:kind/:id': { access: 'mine', request: () => ({ url: '/subscriptions/part/1' }) },
  'DELETE /subscriptions/:kind/:id': { access: 'mine', request: () => ({ url: '/subscriptions/part/1' }) },
  'PUT /mutes/:kind/:id': { access: 'mine', request: () => ({ url: '/mutes/category/3' }) },
  'DELETE /mutes/:kind/:id': { access: 'mine', request: () => ({ url: '/mutes/category/3' }) },
  'GET /notifications/:id/trace': { access: 'own', request: (r) => ({ url: `/notifications/${r.notification}/trace` }) },
  'GET /trace/:kind/:id': { access: 'mine', request: () => ({ url: '/trace/part/1' }) },
  'GET /admin/trace/:kind/:id': { access: 'admin', request: () => ({ url: '/admin/trace/part/1?user=ann' }) },
  'GET /preferences': { access: 'mine', request: () => ({ url: '/preferences' }) },
  'PATCH /preferences': { access: 'mine', request: () => ({ url: '/preferences', body: { email: { mode: 'immediate' } } }) },
  'POST /preferences/endpoints': { access: 'mine', request: (r) => ({ url: '/preferences/endpoints', body: { channel: 'webhook', url: r.hook } }) },
  'DELETE /preferences/endpoints/:id': { access: 'own', request: (r) => ({ url: `/preferences/endpoints/${r.endpoint}` }) },
  'POST /preferences/endpoints/:id/secret': { access: 'own', request: (r) => ({ url: `/preferences/endpoints/${r.endpoint}/secret` }) },
  'POST /preferences/endpoints/:id/test': { access: 'own', request: (r) => ({ url: `/preferences/endpoints/${r.endpoint}/test` }) },
  'GET /admin/settings': { access: 'admin', request: () => ({ url: '/admin/settings' }) },
  'PATCH /admin/settings': { access: 'admin', request: () => ({ url: '/admin/settings', body: { retentionDays: 30 } }) },
  'POST /admin/endpoints/:id/secret': { access: 'admin', request: (r) => ({ url: `/admin/endpoints/${r.sharedEndpoint}/secret` }) },
  'POST /admin/endpoints/:id/test': { access: 'admin', request: (r) => ({ url: `/admin/endpoints/${r.sharedEndpoint}/test` }) },
  'GET /admin/deliveries': { access: 'admin', request: () => ({ url: '/admin/deliveries' }) },
  'POST /admin/deliveries/:id/retry': { access: 'admin', request: (r) => ({ url: `/admin/deliveries/${r.deadDelivery}/retry` }) },
  'POST /admin/deliveries/retry': { access: 'admin', request: () => ({ url: '/admin/deliveries/retry', body: { channel: 'webhook' } }) },
  'POST /admin/send': { access: 'admin', request: () => ({ url: '/admin/send', body: { to: { userId: 'ann' }, subject: 'hi' } }) },
};

/** What the contract says each actor gets. */
function expected(access: Row['access'], actor: Actor, method: string, url: string): number[] {
  const ok = [200, 201, 202, 204];
  switch (access) {
    case 'public':
      // The same answer for everyone, signed in or not: the document, or a 404 for a file that is not there.
      return url.startsWith('/assets/') ? [404] : [200];
    case 'token':
      // The session neither helps nor hurts: the token decides (a valid one here).
      return url === '/events' ? [202] : [200];
    case 'mine':
      return actor === 'nobody' ? [401] : ok;
    case 'own':
      return actor === 'nobody' ? [401] : actor === 'owner' ? ok : [404];
    case 'admin':
      return actor === 'nobody' ? [401] : actor === 'admin' ? ok : [403];
    default:
      throw new Error(`${method} ${url}: no HTTP expectation`);
  }
}

describe.each(databases)('authorization matrix on $name', (db) => {
  let t: TestApp;
  let receiver: HttpReceiver;
  beforeAll(async () => {
    receiver = await startHttpReceiver();
    t = await startApp(db, { rateLimit: false, endpointAllowList: ['127.0.0.1'], delivery: { worker: false, maxAttempts: 1 } });
    for (const id of ['ann', 'ben']) t.host.addUser(id, { email: null });
    t.host.addUser('root', { isAdmin: true, email: null });
  });
  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  });

  async function freshRows(): Promise<Rows> {
    // At most ten personal endpoints: the previous round's go first.
    for (const e of (await t.as('ann', 'GET', '/preferences')).body.endpoints as { id: string }[]) await t.as('ann', 'DELETE', `/preferences/endpoints/${e.id}`);
    const before = (await t.as('root', 'GET', '/admin/settings')).body.endpoints as { id: string }[];
    if (before.length > 0) await t.as('root', 'PATCH', '/admin/settings', { endpoints: { remove: before.map((e) => e.id) } });
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'for ann' });
    const notification = (await t.as('ann', 'GET', '/notifications?state=all')).body.items[0].id as string;
    const endpoint = (await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: receiver.url('/ann') })).body.id as string;
    const shared = await t.as('root', 'PATCH', '/admin/settings', { endpoints: { add: [{ channel: 'webhook', url: receiver.url('/shared') }] } });
    const sharedEndpoint = (shared.body.endpoints as { id: string }[]).at(-1)?.id as string;
    // A dead delivery: one attempt against a failing receiver.
    receiver.respondWith([{ status: 500 }]);
    await t.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } });
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'to die' });
    await t.app.stockbell.delivery.runOnce();
    receiver.respondWith([]);
    const deadDelivery = String((await allJobs(t)).filter((j) => j.status === 'dead').at(-1)?.id);
    const keys = await installationKeys(t.ctx.em(), t.clock.now());
    const unsubscribe = signUnsubscribeToken(keys.unsubscribeKey, { userId: 'ann', scope: 'message' }, new Date(t.clock.now().getTime() + TOKEN_LIFETIME_MS));
    return { notification, endpoint, sharedEndpoint, deadDelivery, unsubscribe, hook: receiver.url('/new') };
  }

  it('has a row for every route Stockbell registers, and each actor gets what the contract says', { timeout: 180_000 }, async () => {
    const registered = t.routes.filter((r) => r.url.startsWith(P)).map((r) => `${r.method} ${r.url.slice(P.length)}`);
    expect(registered.filter((key) => !(key in MATRIX)), 'routes without a row in the matrix').toEqual([]);
    expect(Object.keys(MATRIX).filter((key) => !registered.includes(key)), 'rows for routes that no longer exist').toEqual([]);

    const outcomes: string[] = [];
    let checked = 0;
    for (const key of registered) {
      const row = MATRIX[key] as Row;
      if (row.access === 'socket') continue;
      const method = key.split(' ')[0] as string;
      // One set of rows per route; whoever may change them goes last.
      const rows = await freshRows();
      const last: Actor = row.access === 'admin' ? 'admin' : 'owner';
      const actors: Actor[] = [...ACTORS.filter((a) => a !== last), last];
      for (const actor of actors) {
        const { url, body } = row.request(rows);
        const headers: Record<string, string> = {};
        const user = USER[actor];
        if (user) headers['x-user'] = user;
        if (url === '/events') headers.authorization = 'Bearer test-host-token-0123456789';
        let payload: string | undefined;
        if (url.startsWith('/unsubscribe/') && method === 'POST') {
          headers['content-type'] = 'application/x-www-form-urlencoded';
          payload = 'List-Unsubscribe=One-Click';
        } else if (body !== undefined) {
          headers['content-type'] = 'application/json';
          payload = JSON.stringify(body);
        }
        const response = await t.app.inject({ method: method as 'GET', url: `${P}${url}`, headers, ...(payload === undefined ? {} : { payload }) });
        const want = expected(row.access, actor, method, url.split('?')[0] as string);
        if (!want.includes(response.statusCode)) outcomes.push(`${key} as ${actor}: ${response.statusCode} (${response.body.slice(0, 120)}), expected ${want.join('/')}`);
        // Lists never show another user's rows.
        if (actor === 'another' && key === 'GET /notifications') expect(response.json().items.map((n: { subject: string }) => n.subject)).not.toContain('for ann');
        checked++;
      }
    }
    expect(outcomes).toEqual([]);
    console.log(`authorization matrix (${db.name}): ${registered.length} routes, ${checked} route × actor requests`);
  });

  it('WebSocket: 401 without a session, 403 from a foreign Origin, and another user’s frames never arrive', async () => {
    const origin = await t.listen();
    const url = `${origin.replace('http', 'ws')}${P}/ws`;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(url, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => {
          resolve(101);
          socket.terminate();
        });
        socket.on('error', () => {});
      });
    expect(await status({ origin })).toBe(401);
    expect(await status({ 'x-user': 'ann', origin: 'https://evil.example' })).toBe(403);
    const ben = new WebSocket(url, { headers: { 'x-user': 'ben', origin } });
    const frames: string[] = [];
    ben.on('message', (data) => frames.push(String(data)));
    await once(ben, 'open');
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'only for ann' });
    await t.app.stockbell.send({ to: { userId: 'ben' }, subject: 'for ben' });
    for (let i = 0; i < 100 && !frames.some((f) => f.includes('for ben')); i++) await new Promise((r) => setTimeout(r, 20));
    ben.terminate();
    expect(frames.some((f) => f.includes('for ben'))).toBe(true);
    expect(frames.some((f) => f.includes('only for ann'))).toBe(false);
  });
});
