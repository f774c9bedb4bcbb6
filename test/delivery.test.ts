/**
 * Durable delivery end to end, on a real SQLite file and a real PostgreSQL, against real receivers
 * on loopback (an SMTP server and an HTTP server): what is planned in the event's transaction,
 * what the worker sends, how it retries, when it gives up, and what admins see.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, vi } from 'vitest';
import { verifyWebhook } from '../server/channels/index.ts';
import { pruneJobs } from '../server/delivery/job-log.ts';
import { claimJobs } from '../server/delivery/job-queue.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { addEndpoint, allJobs } from './support/delivery.ts';
import { test } from './support/receivers.ts';

const EVIL = '<img src=x onerror=alert(1)> & <b>Bolt</b>';
const PUBLIC = 'https://inventory.example.com';
const MINUTE = 60_000;

describe.each(databases)('delivery on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(smtpPort: number, options: Record<string, unknown> = {}): Promise<TestApp> {
    t = await startApp(db, {
      smtp: `smtp://127.0.0.1:${smtpPort}`,
      publicUrl: PUBLIC,
      endpointAllowList: ['127.0.0.1'],
      ...options,
    });
    t.host.addUser('root', { isAdmin: true, email: null });
    return t;
  }

  const message = (app: TestApp, userId: string, subject = 'Hello') => app.app.stockbell.send({ to: { userId }, subject });
  /** Every cell of `message` on for the webhook channel, for everyone (an admin's global default). */
  const webhooksOn = async (app: TestApp) =>
    expect((await app.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } })).status).toBe(200);

  test('sends an immediate email once, one recipient, escaped, with an absolute link and a stable Message-ID', async ({ smtp }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann', { name: 'Ann', email: 'ann@example.test' });
    const part = app.host.parts.get('1')!;
    part.name = EVIL;
    part.minimumStock = 100;
    expect((await app.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    app.host.setStock('1', 5);
    await app.app.stockbell.events.stockChanged('1');

    const [job] = await allJobs(app);
    expect(job).toMatchObject({ channel: 'email', userId: 'ann', kind: 'part.low_stock', status: 'pending', attempts: 0 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1, retried: 0, dead: 0 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });

    const [mail] = await smtp.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.messages).toHaveLength(1);
    expect(mail?.envelope.rcptTo).toEqual(['ann@example.test']);
    expect(mail?.parsed.messageId).toMatch(new RegExp(`^<${job?.key}\\.[\\w-]{8}@inventory\\.example\\.com>$`));
    expect(mail?.parsed.subject).toBe(`Low stock: ${EVIL}`);
    const html = String(mail?.parsed.html);
    // As text: `<` escaped wherever the name appears, so no element can start.
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)> &amp; &lt;b>Bolt&lt;/b>');
    expect(html).toContain(`href="${PUBLIC}/parts/1"`);
    expect(mail?.parsed.text).toContain(`${PUBLIC}/parts/1`);
    expect((await allJobs(app))[0]).toMatchObject({ status: 'sent', attempts: 1, lastError: null });
  });

  test('writes no email job for a user without an address, and still fills the inbox', async ({ smtp }) => {
    const app = await start(smtp.port);
    app.host.addUser('noel', { email: null });
    await message(app, 'noel');
    expect(await allJobs(app)).toEqual([]);
    expect((await app.as('noel', 'GET', '/notifications')).body.items).toHaveLength(1);
  });

  test('writes no immediate job in digest mode or with email off', async ({ smtp }) => {
    const app = await start(smtp.port);
    for (const [user, mode] of [['dora', 'digest'], ['otto', 'off']] as const) {
      app.host.addUser(user);
      expect((await app.as(user, 'PATCH', '/preferences', { email: { mode } })).status).toBe(200);
      await message(app, user);
    }
    expect(await allJobs(app)).toEqual([]);
  });

  test('lets the matrix decide: user override beats role default beats global default', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann', { roles: ['staff', 'buyers'] });
    app.host.addUser('ben', { roles: ['staff', 'buyers'] });
    app.host.addUser('cat', { roles: ['staff'] });
    app.host.addUser('dan', { roles: ['staff', 'buyers', 'readers'] });
    for (const user of ['ann', 'ben', 'cat', 'dan']) await addEndpoint(app, user, 'webhook', http.url(`/${user}`));
    // Global: no email for messages. Buyers: webhooks on. Readers: webhooks off (buyers' "on" wins for dan).
    expect((await app.as('root', 'PATCH', '/admin/settings', {
      defaults: { message: { email: false } },
      roleDefaults: { buyers: { message: { webhook: true } }, readers: { message: { webhook: false } } },
    })).status).toBe(200);
    expect((await app.as('ben', 'PATCH', '/preferences', { matrix: { message: { webhook: false } } })).status).toBe(200);
    expect((await app.as('cat', 'PATCH', '/preferences', { matrix: { message: { email: true } } })).status).toBe(200);

    await app.app.stockbell.send({ to: { role: 'staff' }, subject: 'Stocktake on Friday' });
    const planned = (await allJobs(app)).map((job) => `${job.userId}:${job.channel}`).sort();
    expect(planned).toEqual(['ann:webhook', 'cat:email', 'dan:webhook']);

    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 3 });
    expect(http.requests.map((r) => r.url).sort()).toEqual(['/ann', '/dan']);
    expect((await smtp.waitFor(1)).map((m) => m.envelope.rcptTo[0])).toEqual(['cat@example.test']);
  });

  test('posts to a shared endpoint once per notification, not once per recipient, without a personal reason', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    for (const user of ['ann', 'ben', 'cat']) app.host.addUser(user, { roles: ['staff'] });
    const patch = await app.as('root', 'PATCH', '/admin/settings', {
      endpoints: { add: [{ channel: 'slack', name: '#inventory', url: http.url('/services/T1/B1/secret') }] },
      defaults: { message: { slack: true, email: false } },
    });
    expect(patch.status).toBe(200);
    await app.app.stockbell.send({ to: { role: 'staff' }, subject: 'Stocktake on Friday' });
    expect((await allJobs(app)).map((job) => job.channel)).toEqual(['slack']);
    await app.app.stockbell.delivery.runOnce();
    expect(http.requests).toHaveLength(1);
    const payload = JSON.parse(http.requests[0]?.body ?? '{}');
    expect(JSON.stringify(payload)).toContain('Stocktake on Friday');
    expect(JSON.stringify(payload)).not.toContain('sent to role');
  });

  test('retries with backoff while SMTP is down and delivers once it is back', async ({ smtp }) => {
    const app = await start(smtp.port, { delivery: { worker: false, baseDelayMs: 1_000, maxDelayMs: 60_000, maxAttempts: 5 } });
    app.host.addUser('ann');
    await smtp.down();
    await message(app, 'ann');
    const sentAt = app.clock.now().getTime();

    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ retried: 1 });
    let [job] = await allJobs(app);
    expect(job).toMatchObject({ status: 'pending', attempts: 1 });
    expect(job?.lastError).toMatch(/^email: /);
    expect(job!.nextAttemptAt.getTime()).toBeGreaterThan(sentAt);
    // The first wait: 0.8 to 1.2 × the base delay.
    expect(job!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(sentAt + 800);
    expect(job!.nextAttemptAt.getTime()).toBeLessThanOrEqual(sentAt + 1_200);
    // Not due yet: nothing happens.
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });

    app.clock.advance(1_200);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ retried: 1 });
    [job] = await allJobs(app);
    expect(job?.attempts).toBe(2);
    // The second: 0.8 to 1.2 × twice the base.
    expect(job!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(app.clock.now().getTime() + 1_600);
    expect(job!.nextAttemptAt.getTime()).toBeLessThanOrEqual(app.clock.now().getTime() + 2_400);

    await smtp.up();
    app.clock.advance(2_400);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect((await allJobs(app))[0]).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
  });

  test('gives up after the last attempt: the dead job is in the admin log with its error, and an admin can retry it', async ({ smtp, http }) => {
    const app = await start(smtp.port, { delivery: { worker: false, baseDelayMs: 100, maxDelayMs: 1_000, maxAttempts: 3 } });
    app.host.addUser('ann', { email: null });
    const endpoint = await addEndpoint(app, 'ann', 'webhook', http.url('/always-fails'));
    await webhooksOn(app);
    http.respondWith([], { status: 500, body: 'boom' });
    await message(app, 'ann');
    for (let i = 0; i < 3; i++) {
      await app.app.stockbell.delivery.runOnce();
      app.clock.advance(MINUTE);
    }
    expect(http.requests).toHaveLength(3);

    const log = await app.as('root', 'GET', '/admin/deliveries?status=dead');
    expect(log.status).toBe(200);
    expect(log.body.items).toHaveLength(1);
    const [dead] = log.body.items;
    expect(dead).toMatchObject({
      channel: 'webhook',
      recipient: 'ann',
      kind: 'message',
      status: 'dead',
      attempts: 3,
      nextAttemptAt: null,
      endpoint: { id: endpoint.id, shared: false },
    });
    expect(dead.lastError).toContain('HTTP 500');
    expect(dead.lastError).toContain('gave up after 3 attempts');
    expect(dead.lastError).not.toContain('/always-fails');
    expect(log.body.counts).toMatchObject({ dead: 1, sent: 0 });

    // Only admins see or touch it.
    expect((await app.as('ann', 'GET', '/admin/deliveries')).status).toBe(403);
    expect((await app.as(null, 'GET', '/admin/deliveries')).status).toBe(401);
    expect((await app.as('ann', 'POST', `/admin/deliveries/${dead.id}/retry`)).status).toBe(403);
    expect((await allJobs(app))[0]?.status).toBe('dead');

    http.respondWith([], { status: 204 });
    const retried = await app.as('root', 'POST', `/admin/deliveries/${dead.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    expect((await app.as('root', 'GET', '/admin/deliveries?status=sent')).body.items.map((d: any) => d.id)).toEqual([dead.id]);

    // A sent job cannot be retried; an unknown one is not found.
    expect((await app.as('root', 'POST', `/admin/deliveries/${dead.id}/retry`)).status).toBe(409);
    expect((await app.as('root', 'POST', '/admin/deliveries/999999/retry')).status).toBe(404);
    expect((await app.as('root', 'POST', '/admin/deliveries/abc/retry')).body.message).toContain('params/id');
  });

  test('does not retry what cannot succeed (a 4xx) and honours Retry-After', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann', { email: null });
    await addEndpoint(app, 'ann', 'webhook', http.url('/gone'));
    await webhooksOn(app);
    http.respondWith([{ status: 410, body: 'gone' }, { status: 429, headers: { 'retry-after': '120' } }]);
    await message(app, 'ann', 'first');
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ dead: 1 });
    await message(app, 'ann', 'second');
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ retried: 1 });
    const [first, second] = await allJobs(app);
    expect(first).toMatchObject({ status: 'dead', attempts: 1 });
    expect(first?.lastError).toContain('HTTP 410');
    expect(second).toMatchObject({ status: 'pending', attempts: 1 });
    expect(second!.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(app.clock.now().getTime() + 120_000);
  });

  test('takes a crashed worker’s jobs again once their lease has expired', async ({ smtp }) => {
    const app = await start(smtp.port, { delivery: { worker: false, leaseMs: 30_000 } });
    app.host.addUser('ann');
    await message(app, 'ann');
    // A worker claims the job and dies before recording anything.
    const claimed = await claimJobs(app.ctx.db, app.clock.now(), 30_000, 10);
    expect(claimed).toHaveLength(1);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    app.clock.advance(30_001);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await allJobs(app))[0]).toMatchObject({ status: 'sent', attempts: 2 });
    await smtp.waitFor(1);
  });

  test('gives back jobs that waited so long for a free slot that their lease would end mid-send', async ({ smtp, http }) => {
    const app = await start(smtp.port, { delivery: { worker: false, concurrency: 1, leaseMs: 20_000, timeoutMs: 10_000 } });
    for (const user of ['ann', 'ben', 'cat']) {
      app.host.addUser(user, { email: null, roles: ['staff'] });
      await addEndpoint(app, user, 'webhook', http.url(`/${user}`));
    }
    await webhooksOn(app);
    await app.app.stockbell.send({ to: { role: 'staff' }, subject: 'slow' });
    http.respondWith([{ status: 204, delayMs: 300 }], { status: 204 });
    const run = app.app.stockbell.delivery.runOnce();
    await http.waitFor(1);
    app.clock.advance(15_000); // the first send takes "15 s": the others have 5 s of lease left
    expect(await run).toMatchObject({ sent: 3, released: 2, dead: 0, retried: 0 });
    expect((await allJobs(app)).map((job) => [job.status, job.attempts])).toEqual([['sent', 1], ['sent', 1], ['sent', 1]]);
    expect(new Set(http.requests.map((r) => r.url))).toEqual(new Set(['/ann', '/ben', '/cat']));
    expect(http.requests).toHaveLength(3);
  });

  test('signs webhooks: the receiver verifies the signature, and a tampered body fails', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann', { email: null });
    const endpoint = await addEndpoint(app, 'ann', 'webhook', http.url('/in'));
    expect(endpoint.secret).toMatch(/^whsec_/);
    await webhooksOn(app);
    await message(app, 'ann', 'Signed <payload>');
    await app.app.stockbell.delivery.runOnce();
    const [request] = await http.waitFor(1);
    const signature = request?.headers['x-stockbell-signature'] as string;
    const [job] = await allJobs(app);
    expect(request?.headers['idempotency-key']).toBe(job?.key);
    expect(JSON.parse(request?.body ?? '{}')).toMatchObject({ id: job?.key, kind: 'message', subject: 'Signed <payload>' });
    expect(verifyWebhook(endpoint.secret!, request!.body, signature, { now: app.clock.now() })).toBe(true);
    expect(verifyWebhook(endpoint.secret!, request!.body.replace('Signed', 'Forged'), signature, { now: app.clock.now() })).toBe(false);
    expect(verifyWebhook('whsec_someone_else', request!.body, signature, { now: app.clock.now() })).toBe(false);
  });

  test('rotating a webhook secret: both sign for a day, then only the new one; another user cannot rotate it', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann', { email: null });
    app.host.addUser('bob', { email: null });
    const endpoint = await addEndpoint(app, 'ann', 'webhook', http.url('/in'));
    await webhooksOn(app);
    expect((await app.as('bob', 'POST', `/preferences/endpoints/${endpoint.id}/secret`)).status).toBe(404);
    const rotated = await app.as('ann', 'POST', `/preferences/endpoints/${endpoint.id}/secret`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(endpoint.secret);

    const verifiers = (request: { body: string; headers: Record<string, unknown> } | undefined) => {
      const headers = Object.fromEntries(['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((h) => [h, String(request?.headers[h])]));
      vi.setSystemTime(app.clock.now());
      return (secret: string) => {
        try {
          new Webhook(secret).verify(request?.body ?? '', headers);
          return true;
        } catch {
          return false;
        }
      };
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      await message(app, 'ann', 'during the rollover');
      await app.app.stockbell.delivery.runOnce();
      const verifiesDuring = verifiers((await http.waitFor(1))[0]);
      expect([verifiesDuring(fresh), verifiesDuring(endpoint.secret!)]).toEqual([true, true]);

      app.clock.advance(25 * 3_600_000);
      await message(app, 'ann', 'after it');
      await app.app.stockbell.delivery.runOnce();
      const verifiesAfter = verifiers((await http.waitFor(2))[1]);
      expect([verifiesAfter(fresh), verifiesAfter(endpoint.secret!)]).toEqual([true, false]);
    } finally {
      vi.useRealTimers();
    }
  });

  test('holds jobs while the master switch is off and sends them when it is on again', async ({ smtp }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann');
    await message(app, 'ann');
    expect((await app.as('root', 'PATCH', '/admin/settings', { enabled: false })).status).toBe(200);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    expect((await message(app, 'ann')).notified).toBe(0);
    expect((await app.as('root', 'PATCH', '/admin/settings', { enabled: true })).status).toBe(200);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
  });

  test('prunes sent jobs after a week and dead ones after a month, keeping the rest', async ({ smtp, http }) => {
    const app = await start(smtp.port, { delivery: { worker: false, maxAttempts: 1 } });
    app.host.addUser('ann');
    await addEndpoint(app, 'ann', 'webhook', http.url('/dead'));
    await webhooksOn(app);
    http.respondWith([], { status: 500 });
    await message(app, 'ann', 'old'); // an email (sent) and a webhook (dead)
    await app.app.stockbell.delivery.runOnce();
    app.clock.advance(8 * 86_400_000);
    await message(app, 'ann', 'new');
    await app.app.stockbell.delivery.runOnce();
    expect(await pruneJobs(app.ctx.em(), app.clock.now())).toBe(1);
    expect((await allJobs(app)).map((job) => [job.kind, job.channel, job.status])).toEqual([
      ['message', 'webhook', 'dead'],
      ['message', 'email', 'sent'],
      ['message', 'webhook', 'dead'],
    ]);
    app.clock.advance(23 * 86_400_000);
    expect(await pruneJobs(app.ctx.em(), app.clock.now())).toBe(2);
    expect((await allJobs(app)).map((job) => job.status)).toEqual(['dead']);
  });

  test('marks a job dead when its notification was deleted before it could go', async ({ smtp }) => {
    const app = await start(smtp.port);
    app.host.addUser('ann');
    await message(app, 'ann');
    const [item] = (await app.as('ann', 'GET', '/notifications')).body.items;
    expect((await app.as('ann', 'DELETE', `/notifications/${item.id}`)).status).toBe(204);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ dead: 1 });
    expect((await allJobs(app))[0]?.lastError).toContain('deleted');
    expect(smtp.messages).toHaveLength(0);
  });

  test('with the worker running, sends right after the event commits, and leaves no timer behind on close', async ({ smtp }) => {
    const timersBefore = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const app = await start(smtp.port, { delivery: { worker: true, pollMs: 3_600_000 }, schedule: true });
    app.host.addUser('ann');
    await message(app, 'ann', 'right away');
    const [mail] = await smtp.waitFor(1);
    expect(mail?.parsed.subject).toBe('right away');
    await app.close();
    t = undefined;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(timersBefore);
  });
});
