/**
 * Why, and why not, over HTTP on both databases, with a real SMTP receiver and a real HTTP
 * receiver for the chat endpoint: the trace of a notification (path, permission, each channel's
 * cell and its source, what was sent where), the trace of a part, category or build that did not
 * reach a user (each reason the issue names), the admin's question about anyone, the scoping
 * (another user's notification is 404), and — the point of it all — the trace's verdict is the
 * engine's, case by case.
 */
import { afterEach, describe, expect } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { addEndpoint } from './support/delivery.ts';
import { test } from './support/receivers.ts';

const step = (trace: any, name: string) => trace.checks.find((c: any) => c.step === name);
const failing = (trace: any) => trace.checks.filter((c: any) => !c.ok).map((c: any) => c.step);
const channel = (trace: any, name: string) => trace.channels.find((c: any) => c.channel === name);

describe.each(databases)('traces on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(options: Record<string, unknown> = {}): Promise<TestApp> {
    t = await startApp(db, { endpointAllowList: ['127.0.0.1'], ...options });
    t.host.addUser('root', { isAdmin: true });
    for (const id of ['ann', 'ben']) t.host.addUser(id, { roles: ['engineering'] });
    return t;
  }
  const ok = async (app: TestApp, user: string, method: string, url: string, body?: unknown) => {
    const response = await app.as(user, method, url, body);
    expect(response.status, `${method} ${url}: ${JSON.stringify(response.body)}`).toBeLessThan(300);
    return response.body;
  };
  /** Gives the part a minimum above its stock and reports it: the part becomes low. */
  const goLow = async (app: TestApp, partId: string) => {
    app.host.parts.get(partId)!.minimumStock = app.host.totalStock(partId) + 10;
    return app.app.stockbell.events.minimumChanged(partId);
  };

  test('explains a notification: the path that matched, permission, each channel’s cell and source, what was sent', async ({ smtp, http }) => {
    const app = await start({ smtp: `smtp://127.0.0.1:${smtp.port}` });
    await ok(app, 'root', 'PATCH', '/admin/settings', { roleDefaults: { engineering: { 'part.low_stock': { teams: true } } } });
    await ok(app, 'ann', 'PATCH', '/preferences', { matrix: { 'part.low_stock': { slack: true } } });
    await addEndpoint(app, 'ann', 'slack', http.url('/services/T0/B0/ann'));
    await ok(app, 'ann', 'PUT', '/subscriptions/category/2'); // Mechanical
    await goLow(app, '81'); // Widget Assembly Variant (variant of 77), in Mechanical › Widgets
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 2 });
    await smtp.waitFor(1);

    const [n] = (await ok(app, 'ann', 'GET', '/notifications')).items;
    const trace = await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`);
    expect(trace).toMatchObject({
      kind: 'part.low_stock',
      target: { kind: 'part', id: '81', name: 'Widget Assembly Variant', url: '/parts/81' },
      told: true,
      reason: 'subscribed to Mechanical',
      notification: { id: n.id, createdAt: n.createdAt, reason: 'subscribed to Mechanical' },
      held: { quietHoursUntil: null, snoozedUntil: null },
    });
    expect(trace.checks.map((c: any) => [c.step, c.ok])).toEqual([['belowMinimum', true], ['audience', true], ['mayView', true], ['activeUser', true]]);
    expect(step(trace, 'belowMinimum')).toMatchObject({ stock: 165, minimum: 175 });
    expect(step(trace, 'audience').paths).toEqual([{
      of: { kind: 'part', id: '81', name: 'Widget Assembly Variant', url: '/parts/81', role: 'target' },
      outcome: 'subscribed',
      links: [
        { kind: 'part', id: '81', name: 'Widget Assembly Variant', url: '/parts/81', role: 'part', rule: 'none', decides: false },
        { kind: 'part', id: '77', name: 'Widget Assembly', url: '/parts/77', role: 'template', rule: 'none', decides: false },
        { kind: 'category', id: '14', name: 'Widgets', url: '/categories/14', role: 'category', rule: 'none', decides: false },
        { kind: 'category', id: '2', name: 'Mechanical', url: '/categories/2', role: 'category', rule: 'subscribed', decides: true },
      ],
    }]);
    expect(trace.channels.map((c: any) => [c.channel, c.enabled, c.source, c.outcome])).toEqual([
      ['inbox', true, 'global', 'inbox'],
      ['email', true, 'global', 'immediate'],
      ['slack', true, 'user', 'endpoints'],
      ['discord', false, 'global', 'off'],
      ['teams', true, 'role', 'noEndpoint'],
      ['webhook', false, 'global', 'off'],
    ]);
    expect(channel(trace, 'slack').endpoints).toEqual([{ name: expect.stringContaining('Slack'), shared: false }]);
    expect(trace.deliveries.map((d: any) => [d.channel, d.status, d.attempts, d.digest, d.endpoint?.shared ?? null, d.lastError])).toEqual([
      ['email', 'sent', 1, false, null, null],
      ['slack', 'sent', 1, false, false, null],
    ]);

    // Muted since: the notification keeps the reason it was given; the trace says it would not be told again.
    await ok(app, 'ann', 'PUT', '/mutes/category/14');
    const later = await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`);
    expect(later).toMatchObject({ told: false, reason: null, notification: { reason: 'subscribed to Mechanical' } });
    expect(step(later, 'audience').paths[0]).toMatchObject({ outcome: 'muted' });
    expect(step(later, 'audience').paths[0].links.filter((l: any) => l.decides).map((l: any) => [l.id, l.rule])).toEqual([['14', 'muted']]);
  });

  test('lists a failing delivery with its error, and the digest that carried a notification', async ({ smtp }) => {
    const app = await start({ smtp: `smtp://127.0.0.1:${smtp.port}` });
    await ok(app, 'ann', 'PUT', '/subscriptions/category/2');
    smtp.reject({ responseCode: 451, message: 'try later' });
    await goLow(app, '81');
    await app.app.stockbell.delivery.runOnce();
    const [first] = (await ok(app, 'ann', 'GET', '/notifications')).items;
    const failed = (await ok(app, 'ann', 'GET', `/notifications/${first.id}/trace`)).deliveries;
    expect(failed).toMatchObject([{ channel: 'email', status: 'retrying', attempts: 1, lastError: expect.stringContaining('451') }]);
    expect(Date.parse(failed[0].dueAt)).toBeGreaterThan(Date.parse(first.createdAt));

    // In digest mode the email comes with the daily digest: the trace says so, then names the digest.
    await ok(app, 'ann', 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 9, timeZone: 'UTC' } });
    await goLow(app, '73'); // Green Widget
    const [second] = (await ok(app, 'ann', 'GET', '/notifications')).items;
    expect(channel(await ok(app, 'ann', 'GET', `/notifications/${second.id}/trace`), 'email')).toMatchObject({ enabled: true, outcome: 'digest' });
    app.clock.set('2026-11-23T09:05:00Z');
    await app.app.stockbell.delivery.runDigests();
    const withDigest = await ok(app, 'ann', 'GET', `/notifications/${second.id}/trace`);
    expect(withDigest.deliveries).toMatchObject([{ channel: 'email', digest: true, status: 'pending', endpoint: null }]);
  });

  test('says a notification is snoozed, until a time or until its alert resolves', async () => {
    const app = await start();
    await ok(app, 'ann', 'PUT', '/subscriptions/part/81');
    await goLow(app, '81');
    const [n] = (await ok(app, 'ann', 'GET', '/notifications')).items;
    expect((await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`)).held).toEqual({ quietHoursUntil: null, snoozedUntil: null });
    const until = new Date(app.clock.now().getTime() + 3_600_000).toISOString();
    await ok(app, 'ann', 'POST', `/notifications/${n.id}/snooze`, { until });
    expect((await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`)).held).toEqual({ quietHoursUntil: null, snoozedUntil: until });
    await ok(app, 'ann', 'DELETE', `/notifications/${n.id}/snooze`);
    await ok(app, 'ann', 'POST', `/notifications/${n.id}/snooze`, { untilResolved: true });
    expect((await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`)).held).toEqual({ quietHoursUntil: null, snoozedUntil: null, snoozedUntilResolved: true });
  });

  test('answers 404 for another user’s notification or one that does not exist, 401 without a user, 400 naming the id', async () => {
    const app = await start();
    await app.app.stockbell.send({ to: { userId: 'ann' }, subject: 'For Ann' });
    const [n] = (await ok(app, 'ann', 'GET', '/notifications')).items;
    expect((await app.as('ben', 'GET', `/notifications/${n.id}/trace`)).body).toMatchObject({ statusCode: 404, message: `notification ${n.id} not found` });
    expect((await app.as('ann', 'GET', '/notifications/999999/trace')).status).toBe(404);
    expect((await app.as(null, 'GET', `/notifications/${n.id}/trace`)).status).toBe(401);
    expect((await app.as('ann', 'GET', '/notifications/abc/trace')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/id') });
    // A message sent to one user has no path: it reached them because it was sent to them.
    const direct = await ok(app, 'ann', 'GET', `/notifications/${n.id}/trace`);
    expect(direct).toMatchObject({ kind: 'message', target: null, told: true, notification: { reason: 'sent to you' } });
    expect(direct.deliveries).toMatchObject([{ channel: 'email', status: 'pending', attempts: 0, dueAt: n.createdAt, heldUntil: null }]);
    expect(direct.checks).toEqual([{ step: 'activeUser', ok: true }]);
  });

  test('says why not: not subscribed, muted, part inactive, not newly low, channel off, switched off', async () => {
    const app = await start();
    const trace = async (user = 'ann', path = '/trace/part/63') => ok(app, user, 'GET', path);

    // Not subscribed, and nothing low: the part has no minimum.
    let now = await trace();
    expect(now).toMatchObject({ kind: 'part.low_stock', target: { kind: 'part', id: '63', name: 'M3x8 SHCS' }, told: false, reason: null });
    expect(failing(now)).toEqual(['belowMinimum', 'audience']);
    expect(step(now, 'audience').paths[0]).toMatchObject({ outcome: 'none', of: { role: 'target' } });

    // Subscribed to Mechanical, muted under it.
    await ok(app, 'ann', 'PUT', '/subscriptions/category/2');
    await ok(app, 'ann', 'PUT', '/mutes/category/3');
    now = await trace();
    expect(step(now, 'audience').paths[0].links.map((l: any) => [l.id, l.rule, l.decides])).toEqual([
      ['63', 'none', false], ['3', 'muted', true], ['2', 'subscribed', false],
    ]);
    expect(step(now, 'audience').paths[0].outcome).toBe('muted');

    // Unmuted, low, and already told: the next change raises nothing ("not newly low"), since when.
    await ok(app, 'ann', 'DELETE', '/mutes/category/3');
    app.clock.set('2026-11-24T10:00:00Z');
    expect(await goLow(app, '63')).toMatchObject({ notified: 1 });
    now = await trace();
    expect(failing(now)).toEqual(['newlyLow']);
    expect(step(now, 'newlyLow')).toEqual({ step: 'newlyLow', ok: false, lowSince: '2026-11-24T10:00:00.000Z' });
    expect(now.reason).toBe('subscribed to Mechanical');

    // An inactive part is never low.
    app.host.parts.get('63')!.active = false;
    expect(failing(await trace())).toEqual(['partActive', 'newlyLow']);
    app.host.parts.get('63')!.active = true;

    // Email off for low stock (the user's own cell), then email in digest mode.
    await ok(app, 'ann', 'PATCH', '/preferences', { matrix: { 'part.low_stock': { email: false } } });
    expect(channel(await trace(), 'email')).toEqual({ channel: 'email', enabled: false, source: 'user', outcome: 'off', endpoints: [] });
    await ok(app, 'ann', 'PATCH', '/preferences', { matrix: { 'part.low_stock': { email: null } }, email: { mode: 'digest' } });
    expect(channel(await trace(), 'email')).toMatchObject({ enabled: true, source: 'global', outcome: 'digest' });

    // Switched off by an administrator: notifications, then low-stock alerts.
    await ok(app, 'root', 'PATCH', '/admin/settings', { enabled: false, lowStockEnabled: false });
    expect(failing(await trace())).toEqual(['enabled', 'lowStockEnabled', 'newlyLow']);
  });

  test('traces a category for messages to its followers, and a build with its short parts and responsible roles', async () => {
    const app = await start();
    await ok(app, 'ann', 'PUT', '/subscriptions/category/2');
    const category = await ok(app, 'ann', 'GET', '/trace/category/14');
    expect(category).toMatchObject({ kind: 'message', target: { kind: 'category', id: '14', name: 'Widgets' }, told: true, reason: 'subscribed to Mechanical' });
    expect(category.checks.map((c: any) => c.step)).toEqual(['enabled', 'audience', 'mayView', 'activeUser']);

    // BO0001 (15 Widget Assemblies) is short of Pink, Blue and Green Widget; engineering is responsible.
    const build = app.host.builds.get('1')!;
    build.responsible = { users: [], roles: ['engineering'] };
    build.createdBy = 'ben';
    const trace = await ok(app, 'ben', 'GET', '/trace/build/1');
    expect(trace).toMatchObject({ kind: 'build.stock_short', target: { kind: 'build', id: '1', name: 'BO0001' }, told: true, reason: 'your role engineering is responsible for BO0001' });
    expect(step(trace, 'shortLines').parts.map((p: any) => p.name)).toEqual(['Pink Widget', 'Blue Widget', 'Green Widget']);
    expect(step(trace, 'audience').responsible).toEqual({ user: false, role: 'engineering' });
    expect(step(trace, 'audience').paths.map((p: any) => [p.of.role, p.of.name, p.outcome])).toEqual([
      ['assembly', 'Widget Assembly', 'none'], ['shortPart', 'Pink Widget', 'none'], ['shortPart', 'Blue Widget', 'none'], ['shortPart', 'Green Widget', 'none'],
    ]);

    // A build that is not short traces `build.created`, which its creator is not told of.
    build.quantity = 1;
    const created = await ok(app, 'ben', 'GET', '/trace/build/1');
    expect(created).toMatchObject({ kind: 'build.created', told: false });
    expect(failing(created)).toEqual(['notCreator']);
    expect(channel(created, 'email')).toMatchObject({ enabled: false, source: 'global', outcome: 'off' });
  });

  test('keeps a target the user may not view to themselves (404), and tells an administrator why (mayView)', async () => {
    const app = await start();
    app.host.addUser('reader', { roles: ['readers'] }); // may not view build orders
    expect((await app.as('reader', 'GET', '/trace/build/1')).body).toMatchObject({ statusCode: 404, message: 'build 1 not found' });
    const forReader = await ok(app, 'root', 'GET', '/admin/trace/build/1?user=reader');
    expect(failing(forReader)).toEqual(['audience', 'mayView']);
    // An administrator may ask about a user the host does not know.
    expect(failing(await ok(app, 'root', 'GET', '/admin/trace/part/1?user=ghost'))).toContain('activeUser');
  });

  test('answers the admin route 401, 403, 400 naming the field and 404 like every other', async () => {
    const app = await start();
    expect((await app.as(null, 'GET', '/admin/trace/part/1?user=ann')).status).toBe(401);
    expect((await app.as('ann', 'GET', '/admin/trace/part/1?user=ben')).body).toMatchObject({ statusCode: 403 });
    expect((await app.as('root', 'GET', '/admin/trace/part/1')).body).toMatchObject({ statusCode: 400, message: 'querystring/user is required' });
    expect((await app.as('root', 'GET', '/admin/trace/part/1?user=a%20b')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('querystring/user') });
    expect((await app.as('root', 'GET', '/admin/trace/order/1?user=ann')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/kind') });
    expect((await app.as('root', 'GET', '/admin/trace/part/99999?user=ann')).body).toMatchObject({ statusCode: 404, message: 'part 99999 not found' });
    expect((await app.as('ann', 'GET', '/trace/part/99999')).status).toBe(404);
    expect((await app.as(null, 'GET', '/trace/part/1')).status).toBe(401);
  });

  test('reaches the engine’s verdict, user by user: told exactly when the event tells them', async () => {
    const app = await start();
    const rules: Record<string, string[]> = {
      u1: ['PUT /subscriptions/category/2'],
      u2: ['PUT /subscriptions/category/2', 'PUT /mutes/category/14'],
      u3: ['PUT /subscriptions/category/2', 'PUT /mutes/category/14', 'PUT /subscriptions/part/78'],
      u4: ['PUT /subscriptions/part/71?variants=false'],
      u5: ['PUT /subscriptions/part/71'],
      u6: ['PUT /subscriptions/part/71', 'PUT /mutes/part/72'],
      u7: ['PUT /subscriptions/category/14', 'PUT /mutes/part/71'],
      u8: ['PUT /mutes/category/2'],
      u9: ['PUT /subscriptions/part/72?variants=false', 'PUT /subscriptions/category/1'],
    };
    for (const [user, list] of Object.entries(rules)) {
      app.host.addUser(user);
      for (const rule of list) {
        const [method, path] = rule.split(' ') as [string, string];
        await ok(app, user, method, path);
      }
    }
    // Subscribed, then made inactive by the host.
    app.host.addUser('u10');
    await ok(app, 'u10', 'PUT', '/subscriptions/category/2');
    app.host.users.get('u10')!.active = false;
    const predicted = new Map<string, boolean>();
    for (const user of [...Object.keys(rules), 'u10']) {
      const trace = await ok(app, 'root', 'GET', `/admin/trace/part/78?user=${user}`);
      predicted.set(user, failing(trace).filter((s: string) => s !== 'belowMinimum').length === 0);
    }
    await goLow(app, '78'); // Red Widget: 78 → 72 → 71, in Mechanical › Widgets
    const told = new Set<string>();
    for (const user of predicted.keys()) {
      const items = (await app.as(user, 'GET', '/notifications')).body?.items ?? [];
      if (items.length > 0) told.add(user);
    }
    expect(Object.fromEntries(predicted)).toEqual(Object.fromEntries([...predicted.keys()].map((u) => [u, told.has(u)])));
    expect([...told].sort()).toEqual(['u1', 'u3', 'u5']);
  });
});
