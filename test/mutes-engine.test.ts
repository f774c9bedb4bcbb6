/**
 * Finer subscriptions in the engine, on both databases: a mute takes a sub-tree (or one part) out
 * from under a subscription, the most specific rule wins, a template may be followed alone, and
 * an upgraded database keeps what its subscribers were told.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.ts';
import { openDatabase, parseDatabase } from '../server/store/orm.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('mutes and part-only subscriptions in the engine on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben', 'cat']) t.host.addUser(id, { roles: ['engineering'] });
  });
  afterEach(async () => t?.close());

  const put = async (user: string, path: string) => expect((await t.as(user, 'PUT', path)).status).toBe(200);
  const toldOf = async (user: string) =>
    ((await t.as(user, 'GET', '/notifications?state=all')).body.items as { data: { partId: string }; reason: string }[]).map((n) => [n.data.partId, n.reason]);
  /** Gives the part a minimum above its stock: the next event finds it newly low. */
  const goLow = async (partId: string) => {
    const part = t.host.parts.get(partId);
    if (!part) throw new Error(`no part ${partId}`);
    part.minimumStock = t.host.totalStock(partId) + 10;
    return t.app.stockbell.events.minimumChanged(partId);
  };

  it('tells nobody about a part in a muted sub-tree, and still tells who did not mute it', async () => {
    await put('ann', '/subscriptions/category/2'); // Mechanical
    await put('ann', '/mutes/category/3'); // Mechanical › Fasteners
    await put('ben', '/subscriptions/category/2');
    expect(await goLow('63')).toMatchObject({ notified: 1 }); // M3x8 SHCS, in Fasteners
    expect(await toldOf('ann')).toEqual([]);
    expect(await toldOf('ben')).toEqual([['63', 'subscribed to Mechanical']]);
    // Outside the muted sub-tree ann is told as before.
    await goLow('81'); // Widget Assembly Variant, in Mechanical › Widgets
    expect((await toldOf('ann')).map(([id]) => id)).toEqual(['81']);
  });

  it('mutes one part, and a template with every variant below it', async () => {
    await put('ann', '/subscriptions/category/2');
    await put('ann', '/mutes/part/64');
    await put('ann', '/mutes/part/72'); // Red Widget, a template of 78–80
    await goLow('64');
    await goLow('78');
    await goLow('65');
    expect((await toldOf('ann')).map(([id]) => id)).toEqual(['65']);
  });

  it('lets the most specific rule win: a part followed under a muted category is told', async () => {
    await put('ann', '/subscriptions/category/2');
    await put('ann', '/mutes/category/3');
    await put('ann', '/subscriptions/part/63');
    await goLow('63');
    await goLow('64');
    expect(await toldOf('ann')).toEqual([['63', 'subscribed to M3x8 SHCS']]);
  });

  it('follows a template alone: its own low stock raises, its variants’ does not', async () => {
    await put('ann', '/subscriptions/part/72?variants=false'); // Red Widget template, variants 78–80
    await put('ben', '/subscriptions/part/72');
    await goLow('78');
    expect(await toldOf('ann')).toEqual([]);
    expect(await toldOf('ben')).toEqual([['78', 'subscribed to template Red Widget']]);
    await goLow('72');
    expect(await toldOf('ann')).toEqual([['72', 'subscribed to Red Widget']]);
  });

  it('decides a build per short part: a mute on one short part does not silence another', async () => {
    // BO0001 builds 15 Widget Assemblies: Pink (75), Blue (74) and Green (73) Widget are short; all three are variants of 71.
    await put('ben', '/subscriptions/part/71');
    await put('ben', '/mutes/part/75');
    await put('cat', '/subscriptions/part/71');
    for (const id of ['75', '74', '73']) await put('cat', `/mutes/part/${id}`);
    await t.app.stockbell.events.buildCreated('1');
    const told = async (user: string) =>
      ((await t.as(user, 'GET', '/notifications?state=all')).body.items as { kind: string; reason: string }[]).map((n) => [n.kind, n.reason]);
    expect(await told('ben')).toEqual([['build.stock_short', 'subscribed to template Widget Template']]);
    expect(await told('cat')).toEqual([]);
  });
});

describe.each(databases)('upgrading a database with subscriptions on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('keeps every subscription a subscription with its variants, and tells its subscribers as before', async () => {
    const created = db.create();
    // A database as the previous release left it: migrated up to the migration before mutes.
    const orm = await openDatabase({ ...parseDatabase(created.database), schema: created.databaseSchema });
    await orm.migrator.up({ to: migrations.at(-2)?.name });
    const now = new Date('2026-12-01T09:00:00Z');
    for (const [user, kind, id] of [['ann', 'part', '71'], ['ben', 'category', '2']]) {
      await orm.em.fork().getConnection().execute(
        'insert into stockbell_subscriptions (user_id, target_kind, target_id, created_at) values (?, ?, ?, ?)',
        [user, kind, id, now],
      );
    }
    await orm.close();

    t = await startApp({ name: db.name, create: () => created });
    for (const id of ['ann', 'ben']) t.host.addUser(id);
    expect((await t.as('ann', 'GET', '/subscriptions')).body.items).toEqual([
      expect.objectContaining({ kind: 'part', id: '71', muted: false, variants: true }),
    ]);
    t.host.parts.get('78')!.minimumStock = 50; // Red Widget, a variant two levels below 71
    expect(await t.app.stockbell.events.minimumChanged('78')).toMatchObject({ notified: 2 });
  });
});
