/**
 * Outage (issue #14): the SMTP server and a webhook receiver are down for an hour of injected time
 * while events keep coming, then back. With the default retry policy and circuit breaker, 100 % is
 * delivered and nothing is dead, and the pause kept the jobs' attempts low. Real SMTP and HTTP
 * receivers on loopback, SQLite and PostgreSQL; the worker driven pass by pass with the clock.
 */
import { afterEach, describe, expect } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { addEndpoint, allJobs } from './support/delivery.ts';
import { test } from './support/receivers.ts';

const MINUTE = 60_000;
const USERS = 25;

describe.each(databases)('an hour-long outage on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  test('SMTP and a webhook receiver down for 60 minutes, then up: everything delivered, none dead', { timeout: 180_000 }, async ({ smtp, http }) => {
    // Default retry policy and breaker; only the worker is driven by hand.
    t = await startApp(db, {
      smtp: `smtp://127.0.0.1:${smtp.port}`,
      publicUrl: 'https://inventory.example.com',
      endpointAllowList: ['127.0.0.1'],
      delivery: { worker: false, timeoutMs: 1_000 },
    });
    const app = t;
    app.host.addUser('root', { isAdmin: true, email: null });
    for (let i = 0; i < USERS; i++) app.host.addUser(`u${i}`, { roles: ['crew'] });
    expect((await app.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } })).status).toBe(200);
    for (let i = 0; i < USERS; i++) await addEndpoint(app, `u${i}`, 'webhook', http.url(`/u${i}`));

    await smtp.down();
    http.respondWith([], { status: 200, destroy: true });
    const started = app.clock.now().getTime();
    let passes = 0;
    // Every 30 s of the hour a worker pass; every 10 minutes a new message to everyone.
    while (app.clock.now().getTime() - started < 60 * MINUTE) {
      if ((app.clock.now().getTime() - started) % (10 * MINUTE) === 0) {
        await app.app.stockbell.send({ to: { role: 'crew' }, subject: `update ${passes}` });
      }
      await app.app.stockbell.delivery.runOnce();
      passes++;
      app.clock.advance(30_000);
    }
    const during = await allJobs(app);
    expect(during.filter((j) => j.status === 'sent')).toEqual([]);
    expect(during.filter((j) => j.status === 'dead')).toEqual([]);
    const paused = (await app.as('root', 'GET', '/admin/deliveries')).body.paused as { channel: string }[];
    expect(paused.map((p) => p.channel).sort()).toContain('email');

    await smtp.up();
    http.respondWith([], { status: 200 });
    let recovery = 0;
    for (; recovery < 120 && (await allJobs(app)).some((j) => j.status !== 'sent'); recovery++) {
      app.clock.advance(30_000);
      await app.app.stockbell.delivery.runOnce();
    }
    const jobs = await allJobs(app);
    const total = 6 * USERS * 2;
    expect(jobs).toHaveLength(total);
    expect(jobs.filter((j) => j.status === 'dead')).toEqual([]);
    expect(jobs.filter((j) => j.status !== 'sent')).toEqual([]);
    const keys = new Set(http.requests.map((r) => r.headers['idempotency-key']));
    expect(keys.size).toBe(6 * USERS);
    await smtp.waitFor(6 * USERS, 20_000);
    const attempts = jobs.map((j) => j.attempts);
    console.log(
      `outage (${db.name}): ${total} jobs over 60 min down, ${passes} passes; after recovery all sent in ${recovery * 30} s of injected time; ` +
        `attempts per job max ${Math.max(...attempts)}, mean ${(attempts.reduce((a, b) => a + b, 0) / attempts.length).toFixed(2)}; dead 0`,
    );
  });
});
