/** Subscriptions over HTTP: list with names and paths, inheritance, idempotence, visibility. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('subscriptions API on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    t.host.addUser('ann');
    t.host.addUser('ben');
  });
  afterEach(async () => t?.close());

  it('subscribes idempotently and lists parts and categories with names, paths and links', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/part/1')).body).toEqual({ subscribed: true, name: 'R_10R_0402_1%', url: '/parts/1' });
    await t.as('ann', 'PUT', '/subscriptions/part/1');
    await t.as('ann', 'PUT', '/subscriptions/category/14');
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([
      { kind: 'part', id: '1', name: 'R_10R_0402_1%', url: '/parts/1', path: ['Electronics', 'Passives', 'Resistors'] },
      { kind: 'category', id: '14', name: 'Widgets', url: '/categories/14', path: ['Mechanical', 'Widgets'] },
    ]);
    expect((await t.as('ben', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('says when a subscription is inherited from a category or a template, and from which', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2'); // Mechanical
    expect((await t.as('ann', 'GET', '/subscriptions/part/78')).body).toEqual({
      subscribed: false, name: 'Red Widget', url: '/parts/78',
      inheritedFrom: { kind: 'category', id: '2', name: 'Mechanical', url: '/categories/2' },
    });
    await t.as('ann', 'PUT', '/subscriptions/part/71'); // Widget Template, two levels above 78
    expect((await t.as('ann', 'GET', '/subscriptions/part/78')).body.inheritedFrom).toEqual({ kind: 'part', id: '71', name: 'Widget Template', url: '/parts/71' });
    expect((await t.as('ann', 'GET', '/subscriptions/category/14')).body).toMatchObject({ subscribed: false, inheritedFrom: { id: '2' } });
    expect((await t.as('ann', 'GET', '/subscriptions/category/2')).body).toEqual({ subscribed: true, name: 'Mechanical', url: '/categories/2' });
  });

  it('unsubscribes idempotently, touching only the direct subscription', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2');
    await t.as('ann', 'PUT', '/subscriptions/part/78');
    expect((await t.as('ann', 'DELETE', '/subscriptions/part/78')).body).toMatchObject({ subscribed: false, inheritedFrom: { id: '2' } });
    expect((await t.as('ann', 'DELETE', '/subscriptions/part/78')).status).toBe(200);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items.map((i: any) => i.id)).toEqual(['2']);
  });

  it('answers 404 for a target that does not exist or that the user may not view', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/part/99999')).body).toMatchObject({ statusCode: 404, message: 'part 99999 not found' });
    t.host.hiddenBuildRoles.clear();
    const canView = t.host.canView.bind(t.host);
    t.host.canView = async (ids, target) => (target.id === '5' ? new Set() : canView(ids, target));
    expect((await t.as('ann', 'GET', '/subscriptions/category/5')).status).toBe(404);
    expect((await t.as('ann', 'PUT', '/subscriptions/category/5')).status).toBe(404);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('answers 400 naming the field for a bad kind or id', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/build/1')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/kind') });
    expect((await t.as('ann', 'PUT', '/subscriptions/part/a%20b')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/id') });
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([]);
  });
});
