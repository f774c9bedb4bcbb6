/**
 * Snooze and bulk read/unread through the API, on SQLite and PostgreSQL, with the injected clock:
 * a snoozed notification leaves the inbox and the count, is listed under `snoozed`, and comes back
 * unread when the periodic check finds its time has come (or its alert resolves); presets are
 * worked out in the user's zone; bad input is a 400 naming the field; another user's row is 404.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('snooze and bulk marks on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    t.host.addUser('ann', { timeZone: 'Europe/Berlin' });
    t.host.addUser('ben');
    t.clock.set('2026-11-25T10:00:00Z'); // a Wednesday, 11:00 in Berlin
  });
  afterEach(async () => t?.close());

  const send = async (userId: string, subject: string) => {
    await t.app.stockbell.send({ to: { userId }, subject });
    return (await t.as(userId, 'GET', '/notifications?state=unread&limit=1')).body.items[0].id as string;
  };
  const ids = async (user: string, state: string) => ((await t.as(user, 'GET', `/notifications?state=${state}`)).body.items as any[]).map((n) => n.subject);
  const count = async (user: string) => (await t.as(user, 'GET', '/notifications/unread-count')).body.count;

  it('takes a snoozed notification out of the inbox and the count, and brings it back unread at its time', async () => {
    const id = await send('ann', 'Order more tape');
    await send('ann', 'Stays');
    await t.as('ann', 'POST', `/notifications/${id}/read`);
    const snoozed = await t.as('ann', 'POST', `/notifications/${id}/snooze`, { preset: 'hour' });
    expect(snoozed.status).toBe(200);
    expect(snoozed.body).toMatchObject({ readAt: null, snooze: { until: '2026-11-25T11:00:00.000Z', untilResolved: false } });
    expect(await ids('ann', 'unread')).toEqual(['Stays']);
    expect(await ids('ann', 'all')).toEqual(['Stays']);
    expect(await ids('ann', 'snoozed')).toEqual(['Order more tape']);
    expect(await count('ann')).toBe(1);

    t.clock.advance(59 * 60_000);
    expect(await t.app.stockbell.jobs.snoozes()).toBe(0);
    t.clock.advance(60_000);
    expect(await t.app.stockbell.jobs.snoozes()).toBe(1);
    // Back where its id puts it, newest first, unread.
    expect(await ids('ann', 'unread')).toEqual(['Stays', 'Order more tape']);
    expect(await ids('ann', 'snoozed')).toEqual([]);
    expect(await count('ann')).toBe(2);
    // Claimed once: a second check finds nothing.
    expect(await t.app.stockbell.jobs.snoozes()).toBe(0);
  });

  it('works out tomorrow and next week at the start of the user’s day in their zone', async () => {
    const id = await send('ann', 'Later');
    const tomorrow = await t.as('ann', 'POST', `/notifications/${id}/snooze`, { preset: 'tomorrow' });
    // No quiet hours: the digest hour (08:00 by default), in Berlin (UTC+1 in November).
    expect(tomorrow.body.snooze.until).toBe('2026-11-26T07:00:00.000Z');
    await t.as('ann', 'PATCH', '/preferences', { quietHours: { nights: { from: '19:00', to: '06:30' }, weekends: true } });
    const nextWeek = await t.as('ann', 'POST', `/notifications/${id}/snooze`, { preset: 'nextWeek' });
    expect(nextWeek.body.snooze.until).toBe('2026-11-30T05:30:00.000Z'); // Monday 06:30 in Berlin
    const woken = await t.as('ann', 'DELETE', `/notifications/${id}/snooze`);
    expect(woken.body.snooze).toBeNull();
    expect(await ids('ann', 'unread')).toEqual(['Later']);
  });

  it('snoozes an open alert until it is resolved, and the resolution brings it back', async () => {
    t.host.parts.get('1')!.minimumStock = 100;
    await t.as('ann', 'PUT', '/subscriptions/part/1');
    t.host.setStock('1', 5);
    await t.app.stockbell.events.stockChanged('1');
    const [alert] = (await t.as('ann', 'GET', '/notifications')).body.items;
    const snoozed = await t.as('ann', 'POST', `/notifications/${alert.id}/snooze`, { untilResolved: true });
    expect(snoozed.body.snooze).toEqual({ until: null, untilResolved: true });
    expect(await count('ann')).toBe(0);
    t.clock.advance(365 * 86_400_000);
    expect(await t.app.stockbell.jobs.snoozes()).toBe(0);
    t.host.setStock('1', 500);
    await t.app.stockbell.events.stockChanged('1');
    const [back] = (await t.as('ann', 'GET', '/notifications?state=unread')).body.items;
    expect(back).toMatchObject({ id: alert.id, snooze: null, alert: { state: 'resolved', status: 'Resolved: back to 500 (min 100)' } });
    // A resolved alert (or a message) cannot wait for a resolution.
    const again = await t.as('ann', 'POST', `/notifications/${alert.id}/snooze`, { untilResolved: true });
    expect(again).toMatchObject({ status: 400, body: { message: 'body/untilResolved applies to open alerts only' } });
  });

  it('answers bad input with a 400 naming the field, others’ rows with 404, no user with 401, and changes nothing', async () => {
    const id = await send('ann', 'Mine');
    const cases: [unknown, string][] = [
      [{}, 'body must have exactly one of until, preset or untilResolved'],
      [{ preset: 'hour', untilResolved: true }, 'body must have exactly one of until, preset or untilResolved'],
      [{ preset: 'someday' }, 'body/preset must be equal to one of the allowed values'],
      [{ until: 'tomorrow' }, 'body/until must match format "date-time"'],
      [{ until: '2026-11-25T09:00:00Z' }, 'body/until must be in the future'],
      [{ until: '2028-01-01T00:00:00Z' }, 'body/until must be within a year'],
      [{ untilResolved: false }, 'body/untilResolved must be equal to constant'],
      [{ preset: 'hour', colour: 'red' }, 'body/colour is not allowed'],
    ];
    for (const [body, message] of cases) {
      const answer = await t.as('ann', 'POST', `/notifications/${id}/snooze`, body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.message, JSON.stringify(body)).toContain(message);
    }
    expect((await t.as('ben', 'POST', `/notifications/${id}/snooze`, { preset: 'hour' })).status).toBe(404);
    expect((await t.as('ben', 'DELETE', `/notifications/${id}/snooze`)).status).toBe(404);
    expect((await t.as(null, 'POST', `/notifications/${id}/snooze`, { preset: 'hour' })).status).toBe(401);
    expect((await t.as('ann', 'POST', '/notifications/abc/snooze', { preset: 'hour' })).status).toBe(400);
    expect(await ids('ann', 'snoozed')).toEqual([]);
    expect(await count('ann')).toBe(1);
  });

  it('marks several read and unread in one request, only the caller’s', async () => {
    const a = await send('ann', 'A');
    const b = await send('ann', 'B');
    const theirs = await send('ben', 'Ben’s');
    const read = await t.as('ann', 'POST', '/notifications/mark', { ids: [a, b, theirs, '999999'], read: true });
    expect(read.status).toBe(200);
    expect(read.body.items.map((n: any) => [n.subject, n.readAt !== null])).toEqual([['B', true], ['A', true]]);
    expect(await count('ann')).toBe(0);
    expect(await count('ben')).toBe(1);
    const unread = await t.as('ann', 'POST', '/notifications/mark', { ids: [a], read: false });
    expect(unread.body.items.map((n: any) => n.readAt)).toEqual([null]);
    expect(await count('ann')).toBe(1);
    expect((await t.as('ann', 'POST', '/notifications/mark', { ids: [a] })).body.message).toBe('body/read is required');
    expect((await t.as('ann', 'POST', '/notifications/mark', { ids: [], read: true })).status).toBe(400);
    expect((await t.as(null, 'POST', '/notifications/mark', { ids: [a], read: true })).status).toBe(401);
  });
});
