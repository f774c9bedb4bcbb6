/** Subscriptions and mutes over HTTP: list with names and paths, inheritance, mutes, a template alone, idempotence, visibility. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

const MECHANICAL = { kind: 'category', id: '2', name: 'Mechanical', url: '/categories/2' };
const FASTENERS = { kind: 'category', id: '3', name: 'Fasteners', url: '/categories/3' };
/** What a target's status says when the user has no rule on it or above it. */
const NOTHING = { subscribed: false, template: false, variants: true, muted: false, covered: false };

describe.each(databases)('subscriptions API on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    t.host.addUser('ann');
    t.host.addUser('ben');
  });
  afterEach(async () => t?.close());

  it('subscribes idempotently and lists parts and categories with names, paths and links', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/part/1')).body).toEqual({
      ...NOTHING, subscribed: true, covered: true, name: 'R_10R_0402_1%', url: '/parts/1',
    });
    await t.as('ann', 'PUT', '/subscriptions/part/1');
    await t.as('ann', 'PUT', '/subscriptions/category/14');
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([
      { kind: 'part', id: '1', name: 'R_10R_0402_1%', url: '/parts/1', path: ['Electronics', 'Passives', 'Resistors'], muted: false, variants: true },
      { kind: 'category', id: '14', name: 'Widgets', url: '/categories/14', path: ['Mechanical', 'Widgets'], muted: false, variants: true },
    ]);
    expect((await t.as('ben', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('says when a subscription is inherited from a category or a template, and from which', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2'); // Mechanical
    expect((await t.as('ann', 'GET', '/subscriptions/part/78')).body).toEqual({
      ...NOTHING, covered: true, template: true, name: 'Red Widget', url: '/parts/78', inheritedFrom: MECHANICAL,
    });
    await t.as('ann', 'PUT', '/subscriptions/part/71'); // Widget Template, two levels above 78
    expect((await t.as('ann', 'GET', '/subscriptions/part/78')).body.inheritedFrom).toEqual({ kind: 'part', id: '71', name: 'Widget Template', url: '/parts/71' });
    expect((await t.as('ann', 'GET', '/subscriptions/category/14')).body).toMatchObject({ subscribed: false, covered: true, inheritedFrom: { id: '2' } });
    expect((await t.as('ann', 'GET', '/subscriptions/category/2')).body).toEqual({ ...NOTHING, subscribed: true, covered: true, name: 'Mechanical', url: '/categories/2' });
  });

  it('unsubscribes idempotently, touching only the direct subscription', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2');
    await t.as('ann', 'PUT', '/subscriptions/part/78');
    expect((await t.as('ann', 'DELETE', '/subscriptions/part/78')).body).toMatchObject({ subscribed: false, covered: true, inheritedFrom: { id: '2' } });
    expect((await t.as('ann', 'DELETE', '/subscriptions/part/78')).status).toBe(200);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items.map((i: any) => i.id)).toEqual(['2']);
  });

  it('mutes a sub-tree under a subscribed category: the status says under which, the list shows the mute, unmute restores', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2');
    const muted = await t.as('ann', 'PUT', '/mutes/category/3');
    expect(muted).toEqual({
      status: 200,
      body: { ...NOTHING, muted: true, name: 'Fasteners', url: '/categories/3', inheritedFrom: MECHANICAL, mutedBy: FASTENERS },
    });
    // A part in Fasteners: still under Mechanical, kept quiet by the mute above it.
    expect((await t.as('ann', 'GET', '/subscriptions/part/63')).body).toEqual({
      ...NOTHING, name: 'M3x8 SHCS', url: '/parts/63', inheritedFrom: MECHANICAL, mutedBy: FASTENERS,
    });
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([
      { ...MECHANICAL, path: ['Mechanical'], muted: false, variants: true },
      { ...FASTENERS, path: ['Mechanical', 'Fasteners'], muted: true, variants: true },
    ]);
    // Unsubscribing leaves the mute alone; unmuting (twice) lifts it.
    expect((await t.as('ann', 'DELETE', '/subscriptions/category/3')).body).toMatchObject({ muted: true, covered: false });
    expect((await t.as('ann', 'DELETE', '/mutes/category/3')).body).toMatchObject({ muted: false, covered: true, inheritedFrom: { id: '2' } });
    expect((await t.as('ann', 'DELETE', '/mutes/category/3')).status).toBe(200);
    expect((await t.as('ann', 'GET', '/subscriptions/part/63')).body).toMatchObject({ covered: true });
    expect((await t.as('ann', 'GET', '/subscriptions/part/63')).body.mutedBy).toBeUndefined();
  });

  it('lets a subscription nearer than a mute win, and one rule per target replace the other', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2');
    await t.as('ann', 'PUT', '/mutes/part/63');
    expect((await t.as('ann', 'GET', '/subscriptions/part/63')).body).toMatchObject({ muted: true, covered: false, mutedBy: { kind: 'part', id: '63' } });
    // Subscribing to the muted part replaces its mute.
    expect((await t.as('ann', 'PUT', '/subscriptions/part/63')).body).toMatchObject({ subscribed: true, muted: false, covered: true });
    // A muted category above a part subscribed directly: the part is still told.
    await t.as('ann', 'PUT', '/mutes/category/3');
    const part = (await t.as('ann', 'GET', '/subscriptions/part/63')).body;
    expect(part).toMatchObject({ subscribed: true, covered: true });
    expect(part.mutedBy).toBeUndefined();
    // Muting the part itself replaces its subscription (the rule keeps its place in the list).
    expect((await t.as('ann', 'PUT', '/mutes/part/63')).body).toMatchObject({ subscribed: false, muted: true, covered: false });
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items.map((i: any) => [i.id, i.muted])).toEqual([['2', false], ['63', true], ['3', true]]);
  });

  it('subscribes to a template part alone or with its variants', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/part/71?variants=false')).body).toMatchObject({
      subscribed: true, template: true, variants: false, covered: true,
    });
    const variant = (await t.as('ann', 'GET', '/subscriptions/part/78')).body;
    expect(variant).toMatchObject({ subscribed: false, covered: false });
    expect(variant.inheritedFrom).toBeUndefined();
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([
      expect.objectContaining({ kind: 'part', id: '71', muted: false, variants: false }),
    ]);
    // A plain PUT asks for the default again: the part and its variants.
    expect((await t.as('ann', 'PUT', '/subscriptions/part/71')).body).toMatchObject({ variants: true });
    expect((await t.as('ann', 'GET', '/subscriptions/part/78')).body).toMatchObject({ covered: true, inheritedFrom: { id: '71' } });
    // A part the host does not call a template says so.
    expect((await t.as('ann', 'GET', '/subscriptions/part/63')).body.template).toBe(false);
  });

  it('answers 400 naming the field for variants on a category or a value that is not a boolean', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/category/2?variants=false')).body).toMatchObject({
      statusCode: 400, message: 'querystring/variants applies to part subscriptions only',
    });
    expect((await t.as('ann', 'PUT', '/subscriptions/part/71?variants=maybe')).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('querystring/variants') });
    expect((await t.as('ann', 'PUT', '/subscriptions/part/71?colour=red')).body).toMatchObject({ statusCode: 400, message: 'querystring/colour is not allowed' });
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('answers 404 for a target that does not exist or that the user may not view', async () => {
    expect((await t.as('ann', 'PUT', '/subscriptions/part/99999')).body).toMatchObject({ statusCode: 404, message: 'part 99999 not found' });
    expect((await t.as('ann', 'PUT', '/mutes/part/99999')).body).toMatchObject({ statusCode: 404, message: 'part 99999 not found' });
    const canView = t.host.canView.bind(t.host);
    t.host.canView = async (ids, target) => (target.id === '5' ? new Set() : canView(ids, target));
    expect((await t.as('ann', 'GET', '/subscriptions/category/5')).status).toBe(404);
    expect((await t.as('ann', 'PUT', '/subscriptions/category/5')).status).toBe(404);
    expect((await t.as('ann', 'PUT', '/mutes/category/5')).status).toBe(404);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('answers 400 naming the field for a bad kind or id, and 401 without a user, on every route', async () => {
    for (const route of ['/subscriptions', '/mutes']) {
      expect((await t.as('ann', 'PUT', `${route}/build/1`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/kind') });
      expect((await t.as('ann', 'PUT', `${route}/part/a%20b`)).body).toMatchObject({ statusCode: 400, message: expect.stringContaining('params/id') });
      for (const method of ['PUT', 'DELETE']) expect((await t.as(null, method, `${route}/category/2`)).status).toBe(401);
    }
    expect((await t.as('nobody', 'GET', '/subscriptions/category/2')).status).toBe(401);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([]);
  });

  it('keeps one user’s mutes and subscriptions from another: nothing ben does reaches ann’s rules', async () => {
    await t.as('ann', 'PUT', '/subscriptions/category/2');
    await t.as('ann', 'PUT', '/mutes/category/3');
    expect((await t.as('ben', 'GET', '/subscriptions/category/3')).body).toEqual({ ...NOTHING, name: 'Fasteners', url: '/categories/3' });
    expect((await t.as('ben', 'DELETE', '/mutes/category/3')).body).toMatchObject({ muted: false, covered: false });
    expect((await t.as('ben', 'DELETE', '/subscriptions/category/2')).body).toMatchObject({ subscribed: false });
    expect((await t.as('ben', 'GET', '/subscriptions')).body.items).toEqual([]);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items.map((i: any) => [i.id, i.muted])).toEqual([['2', false], ['3', true]]);
  });
});
