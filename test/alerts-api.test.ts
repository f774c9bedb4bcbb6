/**
 * Alerts with a state (issue 12) through the API on a real SQLite file and a real PostgreSQL: a
 * low-stock alert is open while the part stays low and resolves when it recovers, at what stock
 * and when; a build shortage resolves when its lines are covered or the build completes or is
 * cancelled; the inbox filters open alerts; the next drop raises a new alert.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('alert states on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben']) t.host.addUser(id);
    t.host.parts.get('1')!.minimumStock = 100;
  });
  afterEach(async () => t?.close());

  const list = async (user: string, query = 'state=all') => (await t.as(user, 'GET', `/notifications?${query}`)).body.items as any[];
  const setStock = (partId: string, stock: number) => {
    t.host.setStock(partId, stock);
    return t.app.stockbell.events.stockChanged(partId);
  };

  it('opens a low-stock alert and resolves it for every recipient when the stock recovers, with when and at what', async () => {
    for (const user of ['ann', 'ben']) expect((await t.as(user, 'PUT', '/subscriptions/part/1')).status).toBe(200);
    await setStock('1', 5);
    const [raised] = await list('ann');
    expect(raised.alert).toEqual({ state: 'open', resolvedAt: null, status: null });

    // Still low: nothing resolves, nothing new is raised.
    expect(await setStock('1', 50)).toMatchObject({ notified: 0, resolved: 0 });
    expect((await list('ann'))[0].alert.state).toBe('open');

    t.clock.advance(60_000);
    expect(await setStock('1', 120)).toMatchObject({ notified: 0, resolved: 2 });
    for (const user of ['ann', 'ben']) {
      const [n] = await list(user);
      expect(n.alert).toEqual({ state: 'resolved', resolvedAt: t.clock.now().toISOString(), status: 'Resolved: back to 120 (min 100)' });
      // The facts it was raised with stay as they were.
      expect(n.data).toMatchObject({ stock: 5, minimum: 100 });
    }

    // The next drop is a new alert; the resolved one stays resolved.
    await setStock('1', 3);
    expect((await list('ann')).map((n) => n.alert.state)).toEqual(['open', 'resolved']);
  });

  it('resolves when the minimum falls below the stock (minimumChanged)', async () => {
    await t.as('ann', 'PUT', '/subscriptions/part/1');
    await setStock('1', 40);
    t.host.parts.get('1')!.minimumStock = 30;
    expect(await t.app.stockbell.events.minimumChanged('1')).toMatchObject({ resolved: 1 });
    expect((await list('ann'))[0].alert.status).toBe('Resolved: back to 40 (min 30)');
  });

  it('lists open alerts only with alerts=open, and counts unread as before', async () => {
    await t.as('ann', 'PUT', '/subscriptions/part/1');
    await setStock('1', 5);
    await setStock('1', 150);
    await setStock('1', 6);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Not an alert' });
    expect(await list('ann')).toHaveLength(3);
    const open = await list('ann', 'state=all&alerts=open');
    expect(open.map((n) => [n.kind, n.alert.state])).toEqual([['part.low_stock', 'open']]);
    expect((await list('ann', 'state=unread&alerts=open')).length).toBe(1);
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body).toEqual({ count: 3 });
    expect((await t.as('ann', 'GET', '/notifications?alerts=closed')).status).toBe(400);
  });

  describe('build shortages', () => {
    // 10 × Widget Assembly (77); part 75 is short (10 in stock, 40 needed).
    beforeEach(async () => {
      for (const [id, stock] of [['72', 1000], ['75', 10], ['74', 1000], ['73', 1000], ['30', 1000], ['59', 1000], ['66', 1000]] as const) {
        t.host.setStock(id, stock);
      }
      for (const id of ['900', '901']) {
        t.host.builds.set(id, { ...t.host.builds.get('1')!, id, reference: `BO${id}`, partId: '77', quantity: 10, createdBy: null, responsible: { users: ['ann'], roles: [] } });
        await t.app.stockbell.events.buildCreated(id);
      }
    });
    const shortage = async (buildId: string) => (await list('ann')).find((n) => n.kind === 'build.stock_short' && n.target.id === buildId);

    it('resolves when a stock change covers every line', async () => {
      expect((await shortage('900')).alert.state).toBe('open');
      expect(await setStock('75', 39)).toMatchObject({ resolved: 0 });
      expect(await setStock('75', 400)).toMatchObject({ resolved: 2 });
      expect((await shortage('900')).alert).toMatchObject({ state: 'resolved', status: 'Resolved: every part is in stock again' });
      // Watched no more: a later drop does not reopen or touch it.
      expect(await setStock('75', 1)).toMatchObject({ resolved: 0 });
    });

    it('resolves when the host reports the build completed or cancelled, in-process or over POST /events', async () => {
      expect(await t.app.stockbell.events.buildCompleted('900')).toMatchObject({ resolved: 1 });
      expect((await shortage('900')).alert.status).toBe('Resolved: the build order was completed');
      const posted = await t.app.inject({
        method: 'POST',
        url: '/plugins/stockbell/events',
        headers: { authorization: 'Bearer test-host-token-0123456789' },
        payload: { type: 'buildCancelled', buildId: '901', key: 'cancel-901' },
      });
      expect(posted.statusCode).toBe(202);
      expect(posted.json()).toMatchObject({ duplicate: false, resolved: 1 });
      expect((await shortage('901')).alert.status).toBe('Resolved: the build order was cancelled');
      const missing = await t.app.inject({
        method: 'POST',
        url: '/plugins/stockbell/events',
        headers: { authorization: 'Bearer test-host-token-0123456789' },
        payload: { type: 'buildCompleted' },
      });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().message).toBe('body/buildId is required for buildCompleted');
    });
  });
});
