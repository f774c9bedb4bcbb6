/**
 * Admin routes on SQLite and PostgreSQL: settings (validated, stored, live), role defaults, shared
 * endpoints, the delivery log, and the send API over HTTP — 401 without a user and 403 for anyone
 * else, before the input is even looked at, and nothing changed by a refused request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { allJobs } from './support/delivery.ts';
import { type HttpReceiver, startHttpReceiver } from './support/receivers.ts';

describe.each(databases)('admin API on $name', (db) => {
  let t: TestApp;
  let http: HttpReceiver;
  beforeEach(async () => {
    http = await startHttpReceiver();
    t = await startApp(db);
    t.host.addUser('root', { isAdmin: true, email: null });
    t.host.addUser('ann', { roles: ['buyers'] });
    t.host.addUser('ben', { roles: ['buyers'] });
  });
  afterEach(async () => {
    await t?.close();
    await http?.close();
  });

  const settings = async () => (await t.as('root', 'GET', '/admin/settings')).body;
  const patch = (body: unknown, user = 'root') => t.as(user, 'PATCH', '/admin/settings', body);
  const allow = () => patch({ endpointAllowList: ['127.0.0.1'] });

  it('shows the global settings, the defaults matrix, role defaults and shared endpoints', async () => {
    const body = await settings();
    expect(body).toMatchObject({
      enabled: true,
      lowStockEnabled: true,
      retentionDays: 30,
      defaultDigestHour: 8,
      publicUrl: null,
      allowedOrigins: [],
      endpointAllowList: [],
      roleDefaults: {},
      endpoints: [],
    });
    expect(body.defaults['part.low_stock']).toEqual({ inbox: true, email: true, slack: false, discord: false, teams: false, webhook: false });
    expect(body.defaults['build.created'].email).toBe(false);
  });

  it('changes settings live, for the next request and the next send, without a restart', async () => {
    const changed = await patch({
      retentionDays: 7,
      defaultDigestHour: 6,
      publicUrl: 'https://inventory.example.com/',
      allowedOrigins: ['https://inventory.example.com', 'http://localhost:3000'],
      endpointAllowList: ['127.0.0.1', '10.0.0.0/8', '*.corp.example'],
      lowStockEnabled: false,
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      retentionDays: 7,
      defaultDigestHour: 6,
      publicUrl: 'https://inventory.example.com',
      allowedOrigins: ['https://inventory.example.com', 'http://localhost:3000'],
      endpointAllowList: ['127.0.0.1', '10.0.0.0/8', '*.corp.example'],
      lowStockEnabled: false,
    });
    expect(await settings()).toEqual(changed.body);
    expect((await t.as('ann', 'GET', '/preferences')).body.email.digestHour).toBe(6);

    // The allow-list just set lets a loopback endpoint through; publicUrl makes the link absolute.
    const endpoint = await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/ann') });
    expect(endpoint.status).toBe(201);
    expect((await patch({ defaults: { message: { webhook: true, email: false } } })).status).toBe(200);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Linked', link: '/parts/7' });
    await t.app.stockbell.delivery.runOnce();
    expect(JSON.parse((await http.waitFor(1))[0]?.body ?? '{}').link).toBe('https://inventory.example.com/parts/7');

    expect((await patch({ publicUrl: 'https://stock.example.org' })).status).toBe(200);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Linked again', link: '/parts/8' });
    await t.app.stockbell.delivery.runOnce();
    expect(JSON.parse((await http.waitFor(2))[1]?.body ?? '{}').link).toBe('https://stock.example.org/parts/8');
  });

  it('sets and clears defaults per role and the global matrix', async () => {
    let body = (await patch({ roleDefaults: { buyers: { 'part.low_stock': { slack: true } }, auditors: { message: { email: false } } } })).body;
    expect(body.roleDefaults).toEqual({ buyers: { 'part.low_stock': { slack: true } }, auditors: { message: { email: false } } });
    expect((await t.as('ann', 'GET', '/preferences')).body.matrix['part.low_stock'].slack).toEqual({ enabled: true, source: 'role' });
    body = (await patch({ roleDefaults: { buyers: { 'part.low_stock': { slack: null } }, auditors: null } })).body;
    expect(body.roleDefaults).toEqual({});
    body = (await patch({ defaults: { 'build.created': { email: true } } })).body;
    expect(body.defaults['build.created'].email).toBe(true);
    body = (await patch({ defaults: { 'build.created': { email: null } } })).body;
    expect(body.defaults['build.created'].email).toBe(false);
  });

  it.each([
    [{ retentionDays: -1 }, 'body/retentionDays'],
    [{ retentionDays: 'thirty' }, 'body/retentionDays'],
    [{ defaultDigestHour: 24 }, 'body/defaultDigestHour'],
    [{ enabled: 'yes' }, 'body/enabled'],
    [{ publicUrl: 'ftp://files.example.com' }, 'body/publicUrl must use http or https'],
    [{ publicUrl: 'not a url' }, 'body/publicUrl'],
    [{ allowedOrigins: ['https://inventory.example.com/app'] }, 'body/allowedOrigins/0 must be an origin only'],
    [{ endpointAllowList: ['not an address!'] }, 'body/endpointAllowList entry "not an address!"'],
    [{ endpointAllowList: ['10.0.0.0/99'] }, 'body/endpointAllowList entry "10.0.0.0/99"'],
    [{ defaults: { nope: { email: true } } }, 'body/defaults/nope is not a known kind'],
    [{ defaults: { message: { inbox: false } } }, 'body/defaults/message/inbox'],
    [{ roleDefaults: { buyers: { message: { pigeon: true } } } }, 'body/roleDefaults/buyers/message/pigeon'],
    [{ roleDefaults: { constructor: { message: { email: false } } } }, 'body/roleDefaults/constructor is not a role name'],
    [{ endpoints: { add: [{ channel: 'slack', url: 'gopher://x' }] } }, 'body/endpoints/add/0/url'],
    [{ endpoints: { add: [{ channel: 'slack', url: 'http://127.0.0.1:1/x' }] } }, 'body/endpoints/add/0/url endpoint address 127.0.0.1 is a loopback address'],
    [{ endpoints: { remove: ['12345'] } }, 'body/endpoints/remove/0'],
    [{ endpoints: { update: [{ id: '12345', name: 'x' }] } }, 'body/endpoints/update/0/id'],
    [{ colour: 'red' }, 'body/colour is not allowed'],
    // A valid change next to an invalid one: all or nothing.
    [{ retentionDays: 5, publicUrl: 'mailto:x@example.com' }, 'body/publicUrl'],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (body, message) => {
    const before = await settings();
    const response = await patch(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
    expect(await settings()).toEqual(before);
  });

  it("offers the host's roles, named, when the adapter lists them; null (a role is typed) when it does not", async () => {
    expect((await settings()).roles).toBeNull();
    Object.assign(t.host, {
      listRoles: async () => [{ id: 'buyers', name: 'Purchasing' }, { id: 'ops' }, { id: 'buyers', name: 'again' }, { id: 'qa', name: '  ' }],
    });
    expect((await settings()).roles).toEqual([
      { id: 'buyers', name: 'Purchasing' },
      { id: 'ops', name: 'ops' },
      { id: 'qa', name: 'qa' },
    ]);
    // Sent back with a change, like the other read-only parts of the view: accepted and ignored.
    const view = await settings();
    const saved = await patch({ roles: [{ id: 'x', name: 'y' }], kinds: view.kinds, channels: view.channels, retentionDays: 9 });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ retentionDays: 9, roles: view.roles });
  });

  it('answers 401 without a user and 403 for a non-admin on every admin route, even with bad input', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'one' });
    const [job] = await allJobs(t);
    const before = await settings();
    const routes = [
      ['GET', '/admin/settings'],
      ['PATCH', '/admin/settings', { enabled: false }],
      ['PATCH', '/admin/settings', { colour: 'red' }],
      ['GET', '/admin/deliveries'],
      ['GET', '/admin/deliveries?status=bogus'],
      ['POST', `/admin/deliveries/${job?.id}/retry`],
      ['POST', '/admin/send', { to: { userId: 'ben' }, subject: 'hi' }],
      ['POST', '/admin/send', {}],
      ['POST', '/admin/endpoints/1/test'],
    ] as const;
    for (const [method, url, body] of routes) {
      expect((await t.as(null, method, url, body)).status, `${method} ${url}`).toBe(401);
      expect((await t.as('ann', method, url, body)).status, `${method} ${url}`).toBe(403);
    }
    expect(await settings()).toEqual(before);
    expect((await t.as('ben', 'GET', '/notifications')).body.items).toEqual([]);
  });

  it('manages shared endpoints: add (the webhook secret shown once), rename, re-point, test, remove', async () => {
    await allow();
    let body = (await patch({
      endpoints: { add: [{ channel: 'slack', name: '#inventory', url: http.url('/services/A/B/slacksecretC') }, { channel: 'webhook', url: http.url('/erp') }] },
    })).body;
    expect(body.endpoints).toHaveLength(2);
    const [slack, hook] = body.endpoints;
    expect(slack).toEqual({ id: expect.any(String), channel: 'slack', name: '#inventory', url: `${http.origin}/…retC` });
    expect(hook.secret).toMatch(/^whsec_/);
    expect((await settings()).endpoints.every((e: any) => e.secret === undefined)).toBe(true);

    body = (await patch({ endpoints: { update: [{ id: slack.id, name: '#stores', url: http.url('/services/A/B/otherD') }] } })).body;
    expect(body.endpoints[0]).toMatchObject({ name: '#stores', url: `${http.origin}/…herD` });

    const tested = await t.as('root', 'POST', `/admin/endpoints/${slack.id}/test`);
    expect(tested.body).toEqual({ ok: true, error: null });
    expect((await http.waitFor(1))[0]?.url).toBe('/services/A/B/otherD');
    expect((await t.as('root', 'POST', '/admin/endpoints/999999/test')).status).toBe(404);
    // A personal endpoint is not a shared one.
    const personal = (await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/ann') })).body;
    expect((await t.as('root', 'POST', `/admin/endpoints/${personal.id}/test`)).status).toBe(404);
    expect((await patch({ endpoints: { remove: [personal.id] } })).status).toBe(400);

    body = (await patch({ endpoints: { remove: [slack.id, hook.id] } })).body;
    expect(body.endpoints).toEqual([]);
    expect((await t.as('ann', 'GET', '/preferences')).body.endpoints).toHaveLength(1);
  });

  it('pages the delivery log by status and cursor', async () => {
    for (let i = 0; i < 5; i++) await t.app.stockbell.send({ to: { userId: 'ann' }, subject: `m${i}` });
    const first = await t.as('root', 'GET', '/admin/deliveries?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    expect(first.body.items[0]).toMatchObject({ channel: 'email', recipient: 'ann', kind: 'message', status: 'pending', attempts: 0, lastError: null, endpoint: null });
    expect(first.body.items[0].nextAttemptAt).toBe(t.clock.now().toISOString());
    const second = await t.as('root', 'GET', `/admin/deliveries?limit=2&cursor=${first.body.nextCursor}`);
    const third = await t.as('root', 'GET', `/admin/deliveries?limit=2&cursor=${second.body.nextCursor}`);
    const ids = [...first.body.items, ...second.body.items, ...third.body.items].map((d: any) => Number(d.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(5);
    expect(third.body.nextCursor).toBeNull();
    expect((await t.as('root', 'GET', '/admin/deliveries?status=pending')).body.items).toHaveLength(5);
    expect((await t.as('root', 'GET', '/admin/deliveries?status=dead')).body).toMatchObject({ items: [], counts: { pending: 5, dead: 0 } });

    for (const [query, field] of [['status=lost', 'querystring/status'], ['limit=0', 'querystring/limit'], ['limit=101', 'querystring/limit'], ['cursor=x', 'querystring/cursor'], ['colour=red', 'querystring/colour']]) {
      const response = await t.as('root', 'GET', `/admin/deliveries?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.body.message).toContain(field);
    }
  });

  it("names each delivery's recipient from one batched getUsers per page, with the address on email deliveries", async () => {
    t.host.addUser('cy', { name: 'Cy <Sales>', email: 'cy@example.test' });
    t.host.addUser('gone');
    await allow();
    const hook = await t.as('cy', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/cy'), signed: false });
    expect(hook.status).toBe(201);
    await t.as('cy', 'PATCH', '/preferences', { matrix: { message: { webhook: true } } });
    for (const userId of ['ann', 'cy', 'gone']) await t.app.stockbell.send({ to: { userId }, subject: 'Hi' });
    t.host.users.delete('gone');
    t.host.resetCalls();

    const log = await t.as('root', 'GET', '/admin/deliveries');
    expect(log.status).toBe(200);
    expect(t.host.calls.getUsers).toBe(1);
    const seen = log.body.items.map((d: any) => [d.recipient, d.channel, d.recipientName, d.recipientEmail]);
    expect(seen).toEqual(expect.arrayContaining([
      ['ann', 'email', 'ann', 'ann@example.test'],
      ['cy', 'email', 'Cy <Sales>', 'cy@example.test'],
      ['cy', 'webhook', 'Cy <Sales>', null],
      ['gone', 'email', null, null],
    ]));
    expect(seen).toHaveLength(4);
  });

  it('sends over HTTP to a user, a role, or followers, and refuses bad input naming the field', async () => {
    expect((await t.as('root', 'POST', '/admin/send', { to: { userId: 'ann' }, subject: 'Hello Ann', body: 'Body', link: '/parts/1' })).body)
      .toMatchObject({ duplicate: false, notified: 1 });
    expect((await t.as('root', 'POST', '/admin/send', { to: { role: 'buyers' }, subject: 'Hello buyers', kind: 'host.memo', key: 'memo-1' })).body)
      .toMatchObject({ notified: 2 });
    expect((await t.as('root', 'POST', '/admin/send', { to: { role: 'buyers' }, subject: 'Hello buyers', key: 'memo-1' })).body)
      .toMatchObject({ duplicate: true, notified: 0 });
    expect((await t.as('ann', 'PUT', '/subscriptions/category/1')).status).toBe(200);
    expect((await t.as('root', 'POST', '/admin/send', { to: { followers: { kind: 'category', id: '1' } }, subject: 'Electronics news' })).body)
      .toMatchObject({ notified: 1 });
    expect((await t.as('ann', 'GET', '/notifications')).body.items.map((n: any) => n.subject)).toEqual(['Electronics news', 'Hello buyers', 'Hello Ann']);
    expect((await t.as('root', 'POST', '/admin/send', { to: { followers: { kind: 'part', id: '999999' } }, subject: 'x' })).status).toBe(404);

    for (const [body, field] of [
      [{ to: { userId: 'ann' } }, 'body/subject is required'],
      [{ to: { userId: 'ann' }, subject: '   ' }, 'body/subject'],
      [{ subject: 'x' }, 'body/to is required'],
      [{ to: {}, subject: 'x' }, 'body/to'],
      [{ to: { followers: { kind: 'build', id: '1' } }, subject: 'x' }, 'body/to'],
      [{ to: { userId: 'ann' }, subject: 'x', kind: 'Not A Kind' }, 'body/kind'],
      [{ to: { userId: 'ann' }, subject: 'x', colour: 'red' }, 'body/colour is not allowed'],
    ] as const) {
      const response = await t.as('root', 'POST', '/admin/send', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.message).toContain(field);
    }
    expect((await t.as('ann', 'GET', '/notifications')).body.items).toHaveLength(3);
  });
});
