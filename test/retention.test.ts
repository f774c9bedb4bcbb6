/** The daily retention job, on an injected clock. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScheduledRetention } from '../server/delivery/retention.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

const DAY = 86_400_000;

describe.each(databases)('retention on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    t.host.addUser('ann');
  });
  afterEach(async () => t?.close());

  const subjects = async () => (await t.as('ann', 'GET', '/notifications?state=all&limit=100')).body.items.map((n: any) => n.subject);

  it('deletes rows older than retentionDays (default 30), read or not, and keeps the rest', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'old' });
    t.clock.advance(10 * DAY);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'recent' });
    t.clock.advance(20 * DAY + 1);
    expect(await t.app.stockbell.jobs.retention()).toBe(1);
    expect(await subjects()).toEqual(['recent']);
    expect(await t.app.stockbell.jobs.retention()).toBe(0);
  });

  it('runs from its timer once per UTC day, however many times the timer fires that day', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'old' });
    t.clock.set('2026-12-24T03:15:00Z');
    expect(await runScheduledRetention(t.ctx)).toBe(1);
    expect(await runScheduledRetention(t.ctx)).toBeNull();
    t.clock.set('2026-12-24T23:59:59Z');
    expect(await runScheduledRetention(t.ctx)).toBeNull();
    t.clock.set('2026-12-25T03:15:00Z');
    expect(await runScheduledRetention(t.ctx)).toBe(0);
    // Asked for by hand, it runs whatever the timer did.
    expect(await t.app.stockbell.jobs.retention()).toBe(0);
  });

  it('keeps everything when retentionDays is 0', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'kept' });
    await t.ctx.settings.write(t.ctx.em(), { retentionDays: 0 }, t.clock.now());
    t.clock.advance(400 * DAY);
    expect(await t.app.stockbell.jobs.retention()).toBe(0);
    expect(await subjects()).toEqual(['kept']);
  });
});
