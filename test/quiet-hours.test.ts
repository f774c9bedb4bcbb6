/**
 * Quiet hours and urgent kinds, on SQLite and PostgreSQL, to a real SMTP receiver with the injected
 * clock: external channels hold what arrives inside a user's window (in their zone) and send it
 * when the window opens; the inbox is never held; kinds an admin marks urgent pass; a digest
 * due inside the window waits for it, and lists alerts resolved since the last one apart.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type QuietRule, quietUntil } from '../server/delivery/quiet-hours.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { allJobs } from './support/delivery.ts';
import { test } from './support/receivers.ts';

describe('the quiet-hours rule', () => {
  const nights: QuietRule = { from: 19 * 60, to: 7 * 60, weekends: false };
  const at = (iso: string, rule = nights, zone = 'Europe/Berlin') => quietUntil(rule, new Date(iso), zone)?.toISOString() ?? null;

  it('holds inside a window that crosses midnight, until its end in the user’s zone', () => {
    expect(at('2026-11-25T17:59:00Z')).toBeNull(); // 18:59 in Berlin
    expect(at('2026-11-25T18:00:00Z')).toBe('2026-11-26T06:00:00.000Z'); // 19:00 → 07:00
    expect(at('2026-11-26T02:00:00Z')).toBe('2026-11-26T06:00:00.000Z');
    expect(at('2026-11-26T06:00:00Z')).toBeNull();
  });

  it('holds weekends whole, and the night before Monday until its end', () => {
    const weekends = { ...nights, weekends: true };
    expect(at('2026-11-27T19:30:00Z', weekends)).toBe('2026-11-30T06:00:00.000Z'); // Friday night → Monday 07:00
    expect(at('2026-11-28T12:00:00Z', { from: null, to: null, weekends: true })).toBe('2026-11-29T23:00:00.000Z'); // Monday 00:00
  });

  it('follows daylight saving time', () => {
    // New York leaves DST on 1 November 2026: 07:00 is 12:00Z after, 11:00Z before.
    expect(at('2026-11-01T03:00:00Z', nights, 'America/New_York')).toBe('2026-11-01T12:00:00.000Z');
    expect(at('2026-10-31T03:00:00Z', nights, 'America/New_York')).toBe('2026-10-31T11:00:00.000Z');
  });
});

describe.each(databases)('quiet hours on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(smtpPort: number) {
    t = await startApp(db, { smtp: `smtp://127.0.0.1:${smtpPort}`, mailFrom: 'stockbell@example.test' });
    t.host.addUser('ann', { timeZone: 'Europe/Berlin' });
    t.host.addUser('root', { isAdmin: true });
    t.host.parts.get('1')!.minimumStock = 100;
    expect((await t.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    const quiet = await t.as('ann', 'PATCH', '/preferences', { quietHours: { nights: { from: '19:00', to: '07:00' }, weekends: true } });
    expect(quiet.body.quietHours).toEqual({ nights: { from: '19:00', to: '07:00' }, weekends: true });
    t.clock.set('2026-11-25T19:30:00Z'); // Wednesday, 20:30 in Berlin
    return t;
  }
  const lowStock = async (app: TestApp, stock: number) => {
    app.host.setStock('1', stock);
    return app.app.stockbell.events.stockChanged('1');
  };

  test('holds an email written in the window and sends it to the SMTP server when the window opens', async ({ smtp }) => {
    const app = await start(smtp.port);
    await lowStock(app, 5);
    // The inbox is never held.
    expect((await app.as('ann', 'GET', '/notifications/unread-count')).body.count).toBe(1);
    const [job] = await allJobs(app);
    expect(job).toMatchObject({ channel: 'email', status: 'pending', nextAttemptAt: new Date('2026-11-26T06:00:00Z') });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    app.clock.set('2026-11-26T05:59:00Z');
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    expect(smtp.messages).toHaveLength(0);
    app.clock.set('2026-11-26T06:00:00Z'); // 07:00 in Berlin
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    const [mail] = await smtp.waitFor(1);
    expect(mail?.envelope.rcptTo).toEqual(['ann@example.test']);
    expect(mail?.parsed.subject).toContain('Low stock');
  });

  test('lets kinds an admin marks urgent through, and shows users which are urgent', async ({ smtp }) => {
    const app = await start(smtp.port);
    expect((await app.as('ann', 'PATCH', '/admin/settings', { urgentKinds: ['part.low_stock'] })).status).toBe(403);
    const bad = await app.as('root', 'PATCH', '/admin/settings', { urgentKinds: ['part.low_stock', 'part.lost'] });
    expect(bad).toMatchObject({ status: 400, body: { message: 'body/urgentKinds/1 is not a known kind' } });
    const set = await app.as('root', 'PATCH', '/admin/settings', { urgentKinds: ['part.low_stock'] });
    expect(set.body.urgentKinds).toEqual(['part.low_stock']);
    expect((await app.as('ann', 'GET', '/preferences')).body.urgentKinds).toEqual(['part.low_stock']);
    await lowStock(app, 5);
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    await smtp.waitFor(1);
  });

  test('holds a digest due in the window, and lists alerts resolved since the last digest apart', async ({ smtp }) => {
    const app = await start(smtp.port);
    await app.as('ann', 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 6 } });
    await lowStock(app, 5); // raised Wednesday night
    app.clock.set('2026-11-26T05:00:00Z'); // Thursday 06:00 in Berlin: digest due, still quiet
    expect(await app.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0 });
    app.clock.set('2026-11-26T06:00:00Z');
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    const [first] = await smtp.waitFor(1);
    expect(String(first?.parsed.text)).toContain('Low stock (1)');

    app.clock.set('2026-11-26T10:00:00Z');
    expect(await lowStock(app, 150)).toMatchObject({ resolved: 1 });
    await app.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Stocktake on Friday' });
    app.clock.set('2026-11-27T06:00:00Z'); // Friday 07:00 in Berlin: the window has opened
    expect(await app.app.stockbell.delivery.runDigests()).toMatchObject({ planned: 1 });
    expect(await app.app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    const second = String((await smtp.waitFor(2))[1]?.parsed.text);
    expect(second).toContain('Stocktake on Friday');
    expect(second).toContain('Resolved since your last digest (1)');
    expect(second).toContain('Resolved: back to 150 (min 100)');
    expect(second).not.toContain('Low stock (1)');
  });

  it('answers bad quiet hours with a 400 naming the field', async () => {
    t = await startApp(db);
    t.host.addUser('ann');
    const bad = await t.as('ann', 'PATCH', '/preferences', { quietHours: { nights: { from: '25:00', to: '07:00' }, weekends: false } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body/quietHours/nights/from');
    expect((await t.as('ann', 'GET', '/preferences')).body.quietHours).toEqual({ nights: null, weekends: false });
    const cleared = await t.as('ann', 'PATCH', '/preferences', { quietHours: null });
    expect(cleared.body.quietHours).toEqual({ nights: null, weekends: false });
  });
});
