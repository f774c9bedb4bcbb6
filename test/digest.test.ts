/**
 * The daily digest on an injected clock, on SQLite and PostgreSQL, to a real SMTP receiver: at the
 * user's hour in the user's time zone, everything since the last digest grouped by kind, nothing
 * when nothing is new, and never twice for one local day — not after a second pass, not after a
 * restart.
 */
import { afterEach, describe, expect } from 'vitest';
import type { StockbellOptions } from '../server/options.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases, type TestDatabase } from './support/databases.ts';
import { allJobs } from './support/delivery.ts';
import type { MemoryHost } from './support/memory-host.ts';
import { test } from './support/receivers.ts';

/** One database for several app lifetimes (a restart); dropped when the test ends. */
function kept(db: TestDatabase): { db: TestDatabase; drop: () => Promise<void> } {
  const created = db.create();
  const { cleanup, ...config } = created;
  return { db: { name: db.name, create: () => ({ ...config, cleanup: async () => {} }) }, drop: cleanup };
}

describe.each(databases)('digest on $name', (base) => {
  let t: TestApp | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await t?.close();
    await drop?.();
    t = undefined;
    drop = undefined;
  });

  async function start(db: TestDatabase, smtpPort: number, at: string, host?: MemoryHost, options: Omit<Partial<StockbellOptions>, 'host'> = {}) {
    const app = await startApp(db, {
      smtp: `smtp://127.0.0.1:${smtpPort}`,
      publicUrl: 'https://inventory.example.com',
      kinds: [{ id: 'host.calibration_due', label: 'Calibration due' }],
      ...(host ? { host } : {}),
      ...options,
    });
    app.clock.set(at);
    return app;
  }

  const send = (app: TestApp, userId: string, subject: string, kind = 'message') =>
    app.app.stockbell.send({ to: { userId }, subject, kind });

  test('arrives at the user’s hour in their zone, grouped by kind, and only once — even after a restart', async ({ smtp }) => {
    const database = kept(base);
    drop = database.drop;
    // Berlin is UTC+1 in November: 08:00 there is 07:00 UTC.
    t = await start(database.db, smtp.port, '2026-11-23T05:00:00Z');
    const host = t.host;
    host.addUser('dora', { name: 'Dora', timeZone: 'Europe/Berlin' });
    const part = host.parts.get('1')!;
    part.minimumStock = 100;
    expect((await t.as('dora', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    const prefs = await t.as('dora', 'PATCH', '/preferences', {
      email: { mode: 'digest', digestHour: 8 },
      matrix: { 'host.calibration_due': { email: false } },
    });
    expect(prefs.body.email).toEqual({ mode: 'digest', digestHour: 8, timeZone: 'Europe/Berlin' });

    host.setStock('1', 5);
    await t.app.stockbell.events.stockChanged('1');
    t.clock.advance(60_000);
    await send(t, 'dora', 'Stocktake on Friday');
    await send(t, 'dora', 'Calibrate the scales', 'host.calibration_due');
    t.clock.advance(60_000);
    await send(t, 'dora', 'Lunch <b>order</b>');
    expect(await allJobs(t)).toEqual([]); // digest mode: nothing immediate

    t.clock.set('2026-11-23T06:59:00Z'); // 07:59 in Berlin
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ users: 1, due: 0, planned: 0 });

    t.clock.set('2026-11-23T07:00:00Z'); // 08:00 in Berlin
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ due: 1, planned: 1 });
    expect(await t.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.rcptTo).toEqual(['dora@example.test']);
    expect(mail?.parsed.subject).toBe('Your daily digest: 3 notifications');
    expect(mail?.parsed.messageId).toEqual(expect.stringMatching(/^<digest\.2026-11-23\.dora\.[\w-]{8}@inventory\.example\.com>$/));
    const text = String(mail?.parsed.text);
    expect(text.indexOf('Low stock (1)')).toBeGreaterThan(-1);
    expect(text.indexOf('Messages (2)')).toBeGreaterThan(text.indexOf('Low stock (1)'));
    expect(text).toContain('Stocktake on Friday');
    expect(text).not.toContain('Calibrate'); // email is off for that kind
    expect(String(mail?.parsed.html)).toContain('Lunch &lt;b>order&lt;/b>');

    // A second pass the same day does nothing; neither does a restart.
    t.clock.set('2026-11-23T07:05:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ due: 0, planned: 0 });
    await t.close();
    t = await start(database.db, smtp.port, '2026-11-23T07:30:00Z', host);
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ due: 0, planned: 0 });

    // Something new after today's digest waits for tomorrow's.
    t.clock.set('2026-11-23T10:00:00Z');
    await send(t, 'dora', 'Forklift service');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 0 });
    t.clock.set('2026-11-24T06:30:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 0 });
    t.clock.set('2026-11-24T07:01:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    await t.app.stockbell.delivery.runOnce();
    const second = (await smtp.waitFor(2))[1];
    expect(second?.parsed.subject).toBe('Your daily digest: 1 notification');
    expect(String(second?.parsed.text)).toContain('Forklift service');
    expect(String(second?.parsed.text)).not.toContain('Stocktake');

    // A day with nothing new sends nothing.
    t.clock.set('2026-11-25T07:01:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ due: 1, planned: 0 });
    expect(await t.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(2);
  });

  test('follows each user’s own zone and hour, and the global default hour when they chose none', async ({ smtp }) => {
    t = await start(base, smtp.port, '2026-11-23T12:00:00Z');
    t.host.addUser('yuki', { timeZone: 'Asia/Tokyo' });
    t.host.addUser('dora', { timeZone: 'Europe/Berlin' });
    t.host.addUser('sam'); // no zone from the host: UTC, set in preferences instead
    for (const user of ['yuki', 'dora', 'sam']) {
      expect((await t.as(user, 'PATCH', '/preferences', { email: { mode: 'digest' } })).status).toBe(200);
    }
    expect((await t.as('sam', 'PATCH', '/preferences', { email: { timeZone: 'America/New_York', digestHour: 6 } })).status).toBe(200);
    t.host.addUser('root', { isAdmin: true });
    expect((await t.as('root', 'PATCH', '/admin/settings', { defaultDigestHour: 7 })).status).toBe(200);
    t.clock.set('2026-11-23T20:00:00Z');
    for (const user of ['yuki', 'dora', 'sam']) await send(t, user, `for ${user}`);

    t.clock.set('2026-11-23T22:00:00Z'); // Tokyo 07:00 (24th) → yuki, at the global hour 7
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    t.clock.set('2026-11-24T06:00:00Z'); // Berlin 07:00 → dora
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    t.clock.set('2026-11-24T10:59:00Z'); // New York 05:59 → not yet
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 0 });
    t.clock.set('2026-11-24T11:00:00Z'); // New York 06:00 → sam
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    await t.app.stockbell.delivery.runOnce();
    const mails = await smtp.waitFor(3);
    expect(mails.map((m) => [m.envelope.rcptTo[0], m.parsed.messageId])).toEqual([
      ['yuki@example.test', expect.stringMatching(/^<digest\.2026-11-24\.yuki\.[\w-]{8}@inventory\.example\.com>$/)],
      ['dora@example.test', expect.stringMatching(/^<digest\.2026-11-24\.dora\.[\w-]{8}@inventory\.example\.com>$/)],
      ['sam@example.test', expect.stringMatching(/^<digest\.2026-11-24\.sam\.[\w-]{8}@inventory\.example\.com>$/)],
    ]);
  });

  test('starts from the switch: what was already emailed immediately is not in the first digest', async ({ smtp }) => {
    t = await start(base, smtp.port, '2026-11-23T05:00:00Z');
    t.host.addUser('ann');
    await send(t, 'ann', 'before the switch');
    await t.app.stockbell.delivery.runOnce();
    await smtp.waitFor(1);
    expect((await t.as('ann', 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 9 } })).status).toBe(200);
    await send(t, 'ann', 'after the switch');
    t.clock.set('2026-11-23T09:00:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    await t.app.stockbell.delivery.runOnce();
    const digest = (await smtp.waitFor(2))[1];
    expect(digest?.parsed.subject).toBe('Your daily digest: 1 notification');
    expect(String(digest?.parsed.text)).toContain('after the switch');
    expect(String(digest?.parsed.text)).not.toContain('before the switch');
  });

  test('starts at the next digest hour when switched on after today’s', async ({ smtp }) => {
    t = await start(base, smtp.port, '2026-11-23T15:00:00Z');
    t.host.addUser('ann');
    expect((await t.as('ann', 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 8 } })).status).toBe(200);
    await send(t, 'ann', 'afternoon news');
    t.clock.set('2026-11-23T15:05:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 0 });
    t.clock.set('2026-11-24T08:00:00Z');
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
  });

  test('is retried like any delivery when SMTP is down at digest time', async ({ smtp }) => {
    t = await start(base, smtp.port, '2026-11-23T05:00:00Z', undefined, { delivery: { worker: false, baseDelayMs: 1_000 } });
    t.host.addUser('ann');
    expect((await t.as('ann', 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 8 } })).status).toBe(200);
    await send(t, 'ann', 'one');
    t.clock.set('2026-11-23T08:00:00Z');
    await smtp.down();
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    expect(await t.app.stockbell.delivery.runOnce()).toMatchObject({ retried: 1 });
    await smtp.up();
    t.clock.advance(1_200); // the first retry waits 0.8 to 1.2 × baseDelayMs
    expect(await t.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    expect((await smtp.waitFor(1))[0]?.parsed.messageId).toEqual(expect.stringMatching(/^<digest\.2026-11-23\.ann\.[\w-]{8}@inventory\.example\.com>$/));
    expect(await t.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 0 });
  });
});
