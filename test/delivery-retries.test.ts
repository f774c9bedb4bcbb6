/**
 * Retries that outlast an outage (issue #14, item 3): a floor on every delay and a horizon of more
 * than a day, modelled; a destination failing for everyone is paused and probed instead of burning
 * every job's attempts (real SMTP and HTTP receivers, both databases); admins see the pause and
 * retry every dead job of a channel or endpoint at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { backoffDelay, retryHorizon } from '../server/delivery/backoff.ts';
import { resolveDeliveryOptions } from '../server/delivery/delivery-options.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { addEndpoint, allJobs } from './support/delivery.ts';
import { test } from './support/receivers.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** A seeded generator, so the model is the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), 1 | s);
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x);
    return ((x ^ (x >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Jobs created at random moments of an outage of `outageMs`, each retried by `delay` until it
 * succeeds (first attempt after the outage) or runs out of attempts: the share that ends dead.
 */
function deadShare(outageMs: number, maxAttempts: number, delay: (attempt: number, random: () => number) => number): number {
  const random = seeded(14);
  let dead = 0;
  const jobs = 10_000;
  for (let i = 0; i < jobs; i++) {
    let at = random() * outageMs;
    let attempt = 1;
    while (at < outageMs && attempt < maxAttempts) {
      at += delay(attempt, random);
      attempt += 1;
    }
    if (at < outageMs) dead += 1;
  }
  return dead / jobs;
}

describe('the retry policy, modelled', () => {
  it('keeps trying for more than a day by default, however the jitter falls', () => {
    const defaults = resolveDeliveryOptions();
    const { minMs, maxMs } = retryHorizon(defaults);
    console.log(`default retry horizon: ${(minMs / HOUR).toFixed(1)} to ${(maxMs / HOUR).toFixed(1)} hours over ${defaults.maxAttempts} attempts`);
    expect(minMs).toBeGreaterThanOrEqual(24 * HOUR);
  });

  it('a 60-minute outage dead-letters no job (full jitter from 0, the old policy, lost some)', () => {
    const defaults = resolveDeliveryOptions();
    const now = deadShare(HOUR, defaults.maxAttempts, (attempt, random) => backoffDelay(attempt, defaults, random));
    // The policy before: 12 attempts, full jitter between 0 and min(1 h, 5 s × 2^(n-1)).
    const before = deadShare(HOUR, 12, (attempt, random) => Math.max(1, Math.floor(random() * Math.min(HOUR, 5_000 * 2 ** (attempt - 1)))));
    console.log(`60-minute outage, 10,000 jobs modelled: dead ${(now * 100).toFixed(1)} % now, ${(before * 100).toFixed(1)} % with full jitter from 0`);
    expect(now).toBe(0);
    expect(before).toBeGreaterThan(0.02);
    // Even a 12-hour outage is ridden out without the circuit breaker's help.
    expect(deadShare(12 * HOUR, defaults.maxAttempts, (attempt, random) => backoffDelay(attempt, defaults, random))).toBe(0);
  });
});

describe.each(databases)('paused destinations on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(smtpPort: number, delivery: Record<string, unknown> = {}): Promise<TestApp> {
    t = await startApp(db, {
      smtp: `smtp://127.0.0.1:${smtpPort}`,
      publicUrl: 'https://inventory.example.com',
      endpointAllowList: ['127.0.0.1'],
      delivery: { worker: false, timeoutMs: 1_000, ...delivery },
    });
    t.host.addUser('root', { isAdmin: true, email: null });
    return t;
  }

  test('SMTP down for everyone: after 5 failures the rest wait untried, one probe at a time, and all go once it is back', async ({ smtp }) => {
    const app = await start(smtp.port);
    for (let i = 0; i < 20; i++) app.host.addUser(`u${i}`, { roles: ['crew'] });
    await smtp.down();
    await app.app.stockbell.send({ to: { role: 'crew' }, subject: 'Stocktake' });

    // Until the fifth failure comes back, 8 sends are in flight and each failure frees a slot for
    // another: at most 5 + 8 - 1 jobs spend an attempt; the rest never start.
    const first = await app.app.stockbell.delivery.runOnce();
    expect(first).toMatchObject({ claimed: 20, dead: 0, sent: 0 });
    expect(first.retried).toBeGreaterThanOrEqual(5);
    expect(first.retried).toBeLessThanOrEqual(12);
    expect(first.paused).toBe(20 - first.retried);
    let jobs = await allJobs(app);
    expect(jobs.filter((j) => j.attempts === 1)).toHaveLength(first.retried);
    expect(jobs.filter((j) => j.attempts === 0 && /^paused: email failed \d+ times in a row/.test(j.lastError ?? ''))).toHaveLength(first.paused);

    // Admins see the pause.
    const log = await app.as('root', 'GET', '/admin/deliveries');
    expect(log.body.paused).toEqual([
      expect.objectContaining({ channel: 'email', endpoint: null, failures: first.retried, lastError: expect.stringMatching(/^email: /) }),
    ]);

    // A probe after the pause: one job tried, it fails, the pause doubles.
    app.clock.advance(30_000);
    const probe = await app.app.stockbell.delivery.runOnce();
    expect(probe.retried + probe.paused).toBe(probe.claimed);
    expect(probe.retried).toBe(1);
    jobs = await allJobs(app);
    expect(jobs.reduce((sum, j) => sum + j.attempts, 0)).toBe(first.retried + 1);
    expect((await app.as('root', 'GET', '/admin/deliveries')).body.paused[0].failures).toBe(first.retried + 1);

    await smtp.up();
    // Within the longest pause and a retry's delay, everything has gone, nothing is dead.
    for (let i = 0; i < 20 && (await allJobs(app)).some((j) => j.status !== 'sent'); i++) {
      app.clock.advance(MINUTE);
      await app.app.stockbell.delivery.runOnce();
    }
    jobs = await allJobs(app);
    expect(jobs.map((j) => j.status)).toEqual(Array(20).fill('sent'));
    expect(Math.max(...jobs.map((j) => j.attempts))).toBeLessThanOrEqual(3);
    await smtp.waitFor(20);
    expect((await app.as('root', 'GET', '/admin/deliveries')).body.paused).toEqual([]);
  });

  test('a failing endpoint is paused on its own: other endpoints and email keep going', async ({ smtp, http }) => {
    const app = await start(smtp.port);
    const good = await (async () => {
      const { startHttpReceiver } = await import('./support/receivers.ts');
      return startHttpReceiver();
    })();
    try {
      for (let i = 0; i < 8; i++) app.host.addUser(`u${i}`, { roles: ['crew'] });
      // One shared endpoint down, one up.
      const patched = await app.as('root', 'PATCH', '/admin/settings', {
        defaults: { message: { webhook: true } },
        endpoints: { add: [{ channel: 'webhook', url: http.url('/down'), name: 'down' }, { channel: 'webhook', url: good.url('/up'), name: 'up' }] },
      });
      expect(patched.status).toBe(200);
      for (let i = 0; i < 8; i++) await addEndpoint(app, `u${i}`, 'webhook', http.url(`/personal-down-${i}`));
      http.respondWith([], { status: 503, body: 'down' });
      for (let i = 0; i < 6; i++) await app.app.stockbell.send({ to: { userId: `u${i % 8}` }, subject: `m${i}` });
      await app.app.stockbell.delivery.runOnce();
      const paused = (await app.as('root', 'GET', '/admin/deliveries')).body.paused;
      expect(paused).toEqual([expect.objectContaining({ channel: 'webhook', endpoint: expect.objectContaining({ name: 'down' }) })]);
      expect(good.requests).toHaveLength(6);
      // Email is another destination: all sent.
      const email = (await allJobs(app)).filter((j) => j.channel === 'email');
      expect(email.map((j) => j.status)).toEqual(Array(6).fill('sent'));
    } finally {
      await good.close();
    }
  });

  test('admins retry every dead job of an endpoint at once; other dead jobs stay; the input is checked', async ({ smtp, http }) => {
    const app = await start(smtp.port, { maxAttempts: 1 });
    app.host.addUser('ann', { email: null });
    app.host.addUser('ben', { email: null });
    await app.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } });
    const anns = await addEndpoint(app, 'ann', 'webhook', http.url('/ann'));
    await addEndpoint(app, 'ben', 'webhook', http.url('/ben'));
    http.respondWith([], { status: 500, body: 'boom' });
    for (const user of ['ann', 'ann', 'ann', 'ben']) await app.app.stockbell.send({ to: { userId: user }, subject: 'x' });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ dead: 4 });

    expect((await app.as('ann', 'POST', '/admin/deliveries/retry', { endpoint: anns.id })).status).toBe(403);
    const bad = await app.as('root', 'POST', '/admin/deliveries/retry', { channel: 'pigeon' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body/channel');
    expect((await allJobs(app)).filter((j) => j.status === 'dead')).toHaveLength(4);

    const retried = await app.as('root', 'POST', '/admin/deliveries/retry', { endpoint: anns.id });
    expect(retried).toEqual({ status: 200, body: { retried: 3 } });
    const jobs = await allJobs(app);
    expect(jobs.filter((j) => j.status === 'pending' && j.attempts === 0)).toHaveLength(3);
    expect(jobs.filter((j) => j.status === 'dead').map((j) => j.endpointId)).toEqual([jobs[3]?.endpointId]);
    http.respondWith([], { status: 200 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 3 });
    expect((await app.as('root', 'POST', '/admin/deliveries/retry', { channel: 'webhook' })).body).toEqual({ retried: 1 });
  });
});
