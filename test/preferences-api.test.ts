/**
 * `GET/PATCH /preferences` and personal endpoints, on SQLite and PostgreSQL: the matrix with each
 * cell's source, the effective-value rule, email settings, endpoints masked and owned — and for
 * every route: 400 naming the field, 401 without a user, 404 for another user's endpoint, and
 * nothing changed by a refused request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { type HttpReceiver, startHttpReceiver } from './support/receivers.ts';

describe.each(databases)('preferences API on $name', (db) => {
  let t: TestApp;
  let http: HttpReceiver;
  beforeEach(async () => {
    http = await startHttpReceiver();
    t = await startApp(db, { endpointAllowList: ['127.0.0.1'], kinds: [{ id: 'host.calibration_due', label: 'Calibration due' }] });
    t.host.addUser('ann', { roles: ['buyers'], timeZone: 'Europe/Berlin' });
    t.host.addUser('ben', { roles: ['buyers', 'readers'] });
    t.host.addUser('root', { isAdmin: true });
  });
  afterEach(async () => {
    await t?.close();
    await http?.close();
  });

  const prefs = async (user = 'ann') => (await t.as(user, 'GET', '/preferences')).body;
  const patch = (body: unknown, user = 'ann') => t.as(user, 'PATCH', '/preferences', body);

  it('shows the defaults: inbox always on, email for what needs action, chat off; email settings from the host', async () => {
    const body = await prefs();
    expect(body.kinds.map((k: any) => k.id)).toEqual(['part.low_stock', 'build.stock_short', 'build.created', 'message', 'host.calibration_due']);
    expect(body.kinds.at(-1)).toEqual({ id: 'host.calibration_due', label: 'Calibration due' });
    expect(body.channels).toEqual(['inbox', 'email', 'slack', 'discord', 'teams', 'webhook']);
    expect(body.matrix['part.low_stock']).toEqual({
      inbox: { enabled: true, source: 'global' },
      email: { enabled: true, source: 'global' },
      slack: { enabled: false, source: 'global' },
      discord: { enabled: false, source: 'global' },
      teams: { enabled: false, source: 'global' },
      webhook: { enabled: false, source: 'global' },
    });
    expect(body.matrix['build.stock_short'].email.enabled).toBe(true);
    expect(body.matrix['build.created'].email.enabled).toBe(false);
    expect(body.email).toEqual({ mode: 'immediate', digestHour: 8, timeZone: 'Europe/Berlin' });
    expect((await prefs('ben')).email.timeZone).toBe('UTC');
    expect(body.endpoints).toEqual([]);
  });

  it('applies the effective-value rule: user override, else any role default that enables, else global', async () => {
    const admin = await t.as('root', 'PATCH', '/admin/settings', {
      defaults: { message: { slack: true } },
      roleDefaults: { buyers: { message: { webhook: true, email: false } }, readers: { message: { webhook: false, teams: false } } },
    });
    expect(admin.status).toBe(200);
    let ann = await prefs();
    expect(ann.matrix.message).toMatchObject({
      slack: { enabled: true, source: 'global' },
      webhook: { enabled: true, source: 'role' },
      email: { enabled: false, source: 'role' },
    });
    // ben is a buyer and a reader: buyers enable webhooks, so they are on; readers alone turn teams off.
    expect((await prefs('ben')).matrix.message).toMatchObject({
      webhook: { enabled: true, source: 'role' },
      teams: { enabled: false, source: 'role' },
    });

    const changed = await patch({ matrix: { message: { webhook: false, email: { enabled: true } }, 'build.created': { email: true } } });
    expect(changed.status).toBe(200);
    expect(changed.body.matrix.message).toMatchObject({ webhook: { enabled: false, source: 'user' }, email: { enabled: true, source: 'user' } });
    expect(changed.body.matrix['build.created'].email).toEqual({ enabled: true, source: 'user' });

    // null clears the override: back to what the role says.
    ann = (await patch({ matrix: { message: { webhook: null } } })).body;
    expect(ann.matrix.message.webhook).toEqual({ enabled: true, source: 'role' });
    expect(ann.matrix.message.email).toEqual({ enabled: true, source: 'user' });
    // Another user's matrix is untouched.
    expect((await prefs('ben')).matrix['build.created'].email).toEqual({ enabled: false, source: 'global' });
  });

  it('takes back a whole view (read-only parts ignored) and changes email settings', async () => {
    const view = await prefs();
    const response = await patch({ ...view, matrix: {}, email: { mode: 'digest', digestHour: 17, timeZone: 'America/New_York' } });
    expect(response.status).toBe(200);
    expect(response.body.email).toEqual({ mode: 'digest', digestHour: 17, timeZone: 'America/New_York' });
    const reset = await patch({ email: { digestHour: null, timeZone: null } });
    expect(reset.body.email).toEqual({ mode: 'digest', digestHour: 8, timeZone: 'Europe/Berlin' });
    expect((await patch({ email: { timeZone: 'UTC' } })).body.email.timeZone).toBe('UTC');
  });

  it.each([
    [{ matrix: { nope: { email: true } } }, 'body/matrix/nope is not a known kind'],
    [{ matrix: { message: { inbox: false } } }, 'body/matrix/message/inbox'],
    [{ matrix: { message: { pigeon: true } } }, 'body/matrix/message/pigeon is not a channel'],
    [{ matrix: { message: { email: 'yes' } } }, 'body/matrix/message/email'],
    [{ email: { mode: 'weekly' } }, 'body/email/mode'],
    [{ email: { digestHour: 24 } }, 'body/email/digestHour'],
    [{ email: { digestHour: 7.5 } }, 'body/email/digestHour'],
    [{ email: { timeZone: 'Mars/Olympus_Mons' } }, 'body/email/timeZone'],
    [{ email: { colour: 'red' } }, 'body/email/colour is not allowed'],
    [{ colour: 'red' }, 'body/colour is not allowed'],
  ])('refuses %j with a 400 naming the field, and changes nothing', async (body, message) => {
    const before = await prefs();
    const response = await patch(body);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
    expect(await prefs()).toEqual(before);
  });

  it('answers 401 on every route without a user, before looking at the input', async () => {
    const { id } = (await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/ann') })).body;
    for (const [method, url, body] of [
      ['GET', '/preferences'],
      ['PATCH', '/preferences', { matrix: { message: { email: false } } }],
      ['PATCH', '/preferences', { colour: 'red' }],
      ['POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/x') }],
      ['POST', '/preferences/endpoints', {}],
      ['DELETE', `/preferences/endpoints/${id}`],
      ['POST', `/preferences/endpoints/${id}/test`],
    ] as const) {
      expect((await t.as(null, method, url, body)).status, `${method} ${url}`).toBe(401);
      expect((await t.as('mallory', method, url, body)).status, `${method} ${url} as an unknown user`).toBe(401);
    }
    expect((await prefs()).endpoints).toHaveLength(1);
    expect(http.requests).toHaveLength(0);
  });

  it('adds personal endpoints with masked URLs and a webhook secret shown once', async () => {
    const slackUrl = http.url('/services/T000/B000/XXXXsecretXXXXabcd');
    const slack = await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'slack', url: slackUrl, name: 'My Slack' });
    expect(slack.status).toBe(201);
    expect(slack.body).toMatchObject({ channel: 'slack', name: 'My Slack', secret: null });
    expect(slack.body.url).toBe(`${http.origin}/…abcd`);
    const hook = await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/hook') });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(hook.body.name).toBe(`Webhook (${new URL(http.origin).host})`);

    const unsigned = await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/plain'), signed: false });
    expect(unsigned.body.secret).toBeNull();
    expect((await t.as('ann', 'DELETE', `/preferences/endpoints/${unsigned.body.id}`)).status).toBe(204);

    const listed = (await prefs()).endpoints;
    expect(listed).toEqual([
      { id: slack.body.id, channel: 'slack', name: 'My Slack', url: `${http.origin}/…abcd` },
      { id: hook.body.id, channel: 'webhook', name: hook.body.name, url: `${http.origin}/…` },
    ]);
    expect(JSON.stringify(await prefs())).not.toContain('secret');
    expect(JSON.stringify(await prefs())).not.toContain('XXXX');
    expect((await prefs('ben')).endpoints).toEqual([]);
  });

  it.each([
    [{ channel: 'email', url: 'https://hooks.example.com/x' }, 'body/channel'],
    [{ channel: 'slack' }, 'body/url is required'],
    [{ channel: 'slack', url: 'javascript:alert(1)' }, 'body/url endpoint URL must use http or https'],
    [{ channel: 'slack', url: 'https://user:pw@hooks.example.com/x' }, 'body/url endpoint URL must not contain a user name or password'],
    [{ channel: 'slack', url: 'http://10.0.0.7/hook' }, 'body/url endpoint address 10.0.0.7 is a private address'],
    [{ channel: 'slack', url: 'http://[::1]:9/hook' }, 'body/url endpoint address ::1 is a loopback address'],
    [{ channel: 'slack', url: 'https://x.example', extra: 1 }, 'body/extra is not allowed'],
    [{ channel: 'slack', url: 'https://x.example', signed: true }, 'body/signed applies to webhook endpoints only'],
  ])('refuses endpoint %j with a 400 naming the field', async (body, message) => {
    const response = await t.as('ann', 'POST', '/preferences/endpoints', body);
    expect(response.status).toBe(400);
    expect(response.body.message).toContain(message);
    expect((await prefs()).endpoints).toEqual([]);
  });

  it('keeps at most ten personal endpoints per user', async () => {
    for (let i = 0; i < 10; i++) expect((await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url(`/${i}`) })).status).toBe(201);
    const eleventh = await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/10') });
    expect(eleventh.status).toBe(400);
    expect(eleventh.body.message).toContain('10 endpoints');
    expect((await prefs()).endpoints).toHaveLength(10);
  });

  it('removes and tests only the caller’s own endpoints: another user’s is 404 and untouched', async () => {
    const own = (await t.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/ann') })).body;
    const bens = (await t.as('ben', 'POST', '/preferences/endpoints', { channel: 'discord', url: http.url('/ben') })).body;

    expect((await t.as('ann', 'DELETE', `/preferences/endpoints/${bens.id}`)).status).toBe(404);
    expect((await t.as('ann', 'POST', `/preferences/endpoints/${bens.id}/test`)).status).toBe(404);
    expect((await t.as('ann', 'DELETE', '/preferences/endpoints/999999')).status).toBe(404);
    expect((await t.as('ann', 'DELETE', '/preferences/endpoints/abc')).body.message).toContain('params/id');
    expect((await prefs('ben')).endpoints).toHaveLength(1);
    expect(http.requests).toHaveLength(0);

    const tested = await t.as('ann', 'POST', `/preferences/endpoints/${own.id}/test`);
    expect(tested).toEqual({ status: 200, body: { ok: true, error: null } });
    const [request] = await http.waitFor(1);
    expect(request?.url).toBe('/ann');
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ subject: 'Stockbell test message', recipient: { id: 'ann' } });
    expect(request?.headers['x-stockbell-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);

    http.respondWith([{ status: 404, body: 'no_service' }]);
    const failed = await t.as('ann', 'POST', `/preferences/endpoints/${own.id}/test`);
    expect(failed.status).toBe(200);
    expect(failed.body.ok).toBe(false);
    expect(failed.body.error).toContain('HTTP 404');
    expect(failed.body.error).not.toContain('/ann');

    expect((await t.as('ann', 'DELETE', `/preferences/endpoints/${own.id}`)).status).toBe(204);
    expect((await t.as('ann', 'DELETE', `/preferences/endpoints/${own.id}`)).status).toBe(404);
    expect((await prefs()).endpoints).toEqual([]);
  });

  it('lists the shared endpoints by name only', async () => {
    const url = http.url('/services/team/secret');
    expect((await t.as('root', 'PATCH', '/admin/settings', { endpoints: { add: [{ channel: 'slack', name: '#inventory', url }] } })).status).toBe(200);
    const body = await prefs();
    expect(body.sharedEndpoints).toEqual([{ id: expect.any(String), channel: 'slack', name: '#inventory' }]);
    expect(JSON.stringify(body)).not.toContain('/services');
    // Not the user's to remove.
    expect((await t.as('ann', 'DELETE', `/preferences/endpoints/${body.sharedEndpoints[0].id}`)).status).toBe(404);
  });
});
