/**
 * The inbox routes: the caller's rows only, 400 naming the field, 401 without a user, 404 for
 * another user's row, and nothing changed by a rejected request.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('notifications API on $name', (db) => {
  let t: TestApp;
  let annIds: string[];
  beforeEach(async () => {
    t = await startApp(db);
    t.host.addUser('ann');
    t.host.addUser('ben');
    for (let i = 1; i <= 5; i++) {
      t.clock.advance(60_000);
      await t.app.stockbell.send({ to: { userId: 'ann' }, subject: `Ann ${i}` });
    }
    await t.app.stockbell.send({ to: { userId: 'ben' }, subject: 'Ben 1' });
    annIds = (await t.as('ann', 'GET', '/notifications')).body.items.map((n: any) => n.id);
  });
  afterEach(async () => t?.close());

  const snapshot = async () => ({
    ann: (await t.as('ann', 'GET', '/notifications?state=all&limit=100')).body.items,
    ben: (await t.as('ben', 'GET', '/notifications?state=all&limit=100')).body.items,
  });

  it('lists newest first and pages by cursor', async () => {
    const first = await t.as('ann', 'GET', '/notifications?limit=2');
    expect(first.body.items.map((n: any) => n.subject)).toEqual(['Ann 5', 'Ann 4']);
    const second = await t.as('ann', 'GET', `/notifications?limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((n: any) => n.subject)).toEqual(['Ann 3', 'Ann 2']);
    const last = await t.as('ann', 'GET', `/notifications?limit=2&cursor=${second.body.nextCursor}`);
    expect(last.body).toMatchObject({ items: [{ subject: 'Ann 1' }], nextCursor: null });
  });

  it('marks read and unread, splits inbox from history, and counts unread', async () => {
    const [newest, next] = annIds;
    expect((await t.as('ann', 'POST', `/notifications/${newest}/read`)).body.readAt).toBe(t.clock.now().toISOString());
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body).toEqual({ count: 4 });
    expect((await t.as('ann', 'GET', '/notifications?state=read')).body.items.map((n: any) => n.id)).toEqual([newest]);
    expect((await t.as('ann', 'GET', '/notifications?state=unread')).body.items).toHaveLength(4);
    await t.as('ann', 'POST', `/notifications/${newest}/unread`);
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body).toEqual({ count: 5 });
    await t.as('ann', 'POST', `/notifications/${next}/read`);
    expect((await t.as('ann', 'POST', '/notifications/read-all')).body).toEqual({ updated: 4 });
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body).toEqual({ count: 0 });
    expect((await t.as('ben', 'GET', '/notifications/unread-count')).body).toEqual({ count: 1 });
  });

  it('deletes one, several, and all history — only the caller’s', async () => {
    const benId = (await t.as('ben', 'GET', '/notifications')).body.items[0].id;
    expect((await t.as('ann', 'DELETE', `/notifications/${annIds[0]}`)).status).toBe(204);
    expect((await t.as('ann', 'POST', '/notifications/delete', { ids: [annIds[1], annIds[2], benId] })).body).toEqual({ deleted: 2 });
    await t.as('ann', 'POST', `/notifications/${annIds[3]}/read`);
    expect((await t.as('ann', 'DELETE', '/notifications?state=read')).body).toEqual({ deleted: 1 });
    expect((await t.as('ann', 'GET', '/notifications')).body.items.map((n: any) => n.id)).toEqual([annIds[4]]);
    expect((await t.as('ben', 'GET', '/notifications')).body.items.map((n: any) => n.id)).toEqual([benId]);
  });

  it('answers 404 for another user’s row and changes nothing', async () => {
    const before = await snapshot();
    const benId = before.ben[0].id;
    for (const [method, url] of [['POST', `/notifications/${benId}/read`], ['POST', `/notifications/${benId}/unread`], ['DELETE', `/notifications/${benId}`]]) {
      const response = await t.as('ann', method as string, url as string);
      expect(response.status).toBe(404);
      expect(response.body).toMatchObject({ code: 'STOCKBELL_ERR_NOT_FOUND', message: `notification ${benId} not found` });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 401 without a user, for every route', async () => {
    const before = await snapshot();
    for (const [method, url, body] of [
      ['GET', '/notifications'], ['GET', '/notifications/unread-count'], ['POST', `/notifications/${annIds[0]}/read`],
      ['POST', `/notifications/${annIds[0]}/unread`], ['POST', '/notifications/read-all'], ['DELETE', `/notifications/${annIds[0]}`],
      ['POST', '/notifications/delete', { ids: [annIds[0]] }], ['DELETE', '/notifications?state=read'],
      ['GET', '/subscriptions'], ['GET', '/subscriptions/part/1'], ['PUT', '/subscriptions/part/1'], ['DELETE', '/subscriptions/part/1'],
    ] as const) {
      const response = await t.as(null, method, url, body);
      expect(response.status, `${method} ${url}`).toBe(401);
      expect(response.body.code).toBe('STOCKBELL_ERR_UNAUTHORIZED');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('answers 400 naming the field for bad input, and changes nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown, string][] = [
      ['GET', '/notifications?state=unseen', undefined, 'querystring/state'],
      ['GET', '/notifications?limit=0', undefined, 'querystring/limit'],
      ['GET', '/notifications?limit=1000', undefined, 'querystring/limit'],
      ['GET', '/notifications?cursor=abc', undefined, 'querystring/cursor'],
      ['GET', '/notifications?colour=red', undefined, 'querystring/colour'],
      ['POST', '/notifications/abc/read', undefined, 'params/id'],
      ['DELETE', '/notifications/-1', undefined, 'params/id'],
      ['POST', '/notifications/delete', {}, 'body/ids'],
      ['POST', '/notifications/delete', { ids: [] }, 'body/ids'],
      ['POST', '/notifications/delete', { ids: ['1', 'x'] }, 'body/ids/1'],
      ['POST', '/notifications/delete', { ids: ['1'], all: true }, 'body/all'],
      ['DELETE', '/notifications', undefined, 'querystring/state'],
      ['DELETE', '/notifications?state=unread', undefined, 'querystring/state'],
    ];
    for (const [method, url, body, field] of cases) {
      const response = await t.as('ann', method, url, body);
      expect(response.status, `${method} ${url}`).toBe(400);
      expect(response.body.code).toBe('STOCKBELL_ERR_VALIDATION');
      expect(response.body.message, `${method} ${url}`).toContain(field);
    }
    expect(await snapshot()).toEqual(before);
  });
});
