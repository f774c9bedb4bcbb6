/**
 * The notification engine end to end on InvenTree's demo data: events in, inbox rows out, on a
 * real SQLite file and a real PostgreSQL. The scenarios are the ones InvenTree tests itself with.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

describe.each(databases)('engine on $name', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben', 'cat', 'dan']) t.host.addUser(id, { roles: ['engineering'] });
  });
  afterEach(async () => t?.close());

  const inbox = async (user: string) => (await t.as(user, 'GET', '/notifications?state=all')).body.items as any[];
  const subscribe = async (user: string, kind: string, id: string) =>
    expect((await t.as(user, 'PUT', `/subscriptions/${kind}/${id}`)).status).toBe(200);
  /** Part 1 (R_10R_0402_1%, Electronics › Passives › Resistors) with a minimum of 100. */
  const watchResistor = () => { t.host.parts.get('1')!.minimumStock = 100; };
  const setStock = async (partId: string, stock: number, key?: string) => {
    t.host.setStock(partId, stock);
    return t.app.stockbell.events.stockChanged(partId, key ? { key } : {});
  };

  it('tells a part subscriber when the part becomes low, with stock, minimum, link and reason', async () => {
    watchResistor();
    await subscribe('ann', 'part', '1');
    const outcome = await setStock('1', 5);
    expect(outcome).toMatchObject({ duplicate: false, notified: 1 });
    const [n] = await inbox('ann');
    expect(n).toMatchObject({
      kind: 'part.low_stock',
      link: '/parts/1',
      reason: 'subscribed to R_10R_0402_1%',
      target: { kind: 'part', id: '1' },
      data: { partId: '1', partName: 'R_10R_0402_1%', stock: 5, minimum: 100 },
      readAt: null,
    });
    expect(n.subject).toContain('R_10R_0402_1%');
    expect(await inbox('ben')).toEqual([]);
  });

  it('tells a template subscriber about a variant two levels down', async () => {
    // 78 Red Widget → 72 Red Widget → 71 Widget Template
    t.host.parts.get('78')!.minimumStock = 50;
    await subscribe('ann', 'part', '71');
    await setStock('78', 1);
    const [n] = await inbox('ann');
    expect(n).toMatchObject({ kind: 'part.low_stock', data: { partId: '78' }, reason: 'subscribed to template Widget Template' });
  });

  it('covers sub-categories and their parts, but not the parent category', async () => {
    watchResistor();
    await subscribe('ann', 'category', '4'); // Electronics › Passives
    await setStock('1', 5); // in Passives › Resistors
    expect((await inbox('ann')).map((n) => n.reason)).toEqual(['subscribed to Electronics › Passives']);
    // Doohickey (87) sits in Electronics itself, above Passives: not covered.
    await setStock('87', 1);
    expect(await inbox('ann')).toHaveLength(1);
  });

  it('gives a user subscribed twice (part and its category) one notification, naming the part', async () => {
    watchResistor();
    await subscribe('ann', 'part', '1');
    await subscribe('ann', 'category', '5');
    await subscribe('ann', 'category', '1');
    await setStock('1', 5);
    const items = await inbox('ann');
    expect(items).toHaveLength(1);
    expect(items[0].reason).toBe('subscribed to R_10R_0402_1%');
  });

  it('is edge-triggered: staying low raises nothing, recovering then falling raises again', async () => {
    watchResistor();
    await subscribe('ann', 'part', '1');
    await setStock('1', 50);
    await setStock('1', 40);
    await setStock('1', 30);
    expect(await inbox('ann')).toHaveLength(1);
    await setStock('1', 100); // back to the minimum: recovered
    await setStock('1', 99);
    expect(await inbox('ann')).toHaveLength(2);
  });

  it('remembers the low state across a restart', async () => {
    watchResistor();
    await subscribe('ann', 'part', '1');
    await setStock('1', 10);
    // A second app on the same database and host stands in for the restarted process.
    const database = t.ctx.options.database;
    await t.app.close();
    const { default: Fastify } = await import('fastify');
    const { default: stockbell } = await import('../server/index.ts');
    const again = Fastify();
    await again.register((await import('@fastify/websocket')).default);
    await again.register(stockbell, {
      host: t.host,
      schedule: false,
      database: database.location,
      ...(database.schema ? { databaseSchema: database.schema } : {}),
    });
    try {
      t.host.setStock('1', 5);
      expect(await again.stockbell.events.stockChanged('1')).toMatchObject({ notified: 0 });
      t.host.setStock('1', 500);
      await again.stockbell.events.stockChanged('1');
      t.host.setStock('1', 1);
      expect(await again.stockbell.events.stockChanged('1')).toMatchObject({ notified: 1 });
    } finally {
      await again.close();
    }
  });

  it('raises for the template too when a variant drags the total below the template minimum', async () => {
    // Widget Assembly (77, min 3) counts its own stock plus its variant 81's.
    await subscribe('ann', 'part', '77');
    t.host.parts.get('81')!.minimumStock = 0;
    t.host.setStock('77', 0);
    await setStock('81', 2);
    const items = await inbox('ann');
    expect(items.map((n) => n.data.partId)).toEqual(['77']);
    expect(items[0].data).toMatchObject({ stock: 2, minimum: 3 });
  });

  it('notifies nobody twice for a repeated event key', async () => {
    watchResistor();
    await subscribe('ann', 'part', '1');
    const first = await setStock('1', 5, 'move-1');
    await setStock('1', 500, 'move-2');
    t.host.setStock('1', 5);
    const retried = await t.app.stockbell.events.stockChanged('1', { key: 'move-1' });
    expect(first.notified).toBe(1);
    expect(retried).toEqual({ eventId: null, duplicate: true, notified: 0, resolved: 0 });
    expect(await inbox('ann')).toHaveLength(1);
  });

  it('tells inactive users nothing and hides what a user may not view', async () => {
    watchResistor();
    t.host.addUser('eve', { active: false });
    await subscribe('ann', 'part', '1');
    await t.ctx.em().execute(
      "insert into stockbell_subscriptions (user_id, target_kind, target_id, created_at) values ('eve', 'part', '1', ?)",
      [t.clock.now()],
    );
    const outcome = await setStock('1', 5);
    expect(outcome.notified).toBe(1);
    expect(await t.as('eve', 'GET', '/notifications')).toMatchObject({ status: 401 });
  });

  describe('build orders', () => {
    // Build of 10 × Widget Assembly (77): BOM of 72 ×3, 75 ×4, 74 ×5, 73 ×6, 30 ×15, 59 ×10, 66 ×5.
    const newBuild = (overrides: Partial<{ createdBy: string; users: string[]; roles: string[]; quantity: number }> = {}) => {
      const build = {
        id: '900',
        reference: 'BO0900',
        partId: '77',
        quantity: overrides.quantity ?? 10,
        url: '/builds/900',
        createdBy: overrides.createdBy ?? null,
        responsible: { users: overrides.users ?? [], roles: overrides.roles ?? [] },
        bom: t.host.builds.get('1')!.bom,
      };
      t.host.builds.set('900', build);
      return build;
    };
    const stockShort = async (user: string) => (await inbox(user)).filter((n) => n.kind === 'build.stock_short');

    it('sends one shortfall to the assembly subscribers, the responsible, and short parts’ subscribers, once each', async () => {
      for (const [id, stock] of [['72', 1000], ['75', 10], ['74', 1000], ['73', 1000], ['30', 1000], ['59', 1000], ['66', 1000]] as const) {
        t.host.setStock(id, stock);
      }
      await subscribe('ann', 'part', '77'); // the assembly
      await subscribe('ben', 'part', '75'); // the short sub-part
      await subscribe('cat', 'category', '2'); // Mechanical: covers the assembly and Widgets
      await subscribe('dan', 'part', '74'); // a sub-part with enough stock
      t.host.addUser('rita', { roles: ['purchasing'] });
      newBuild({ users: ['ben'], roles: ['purchasing'] });
      await t.app.stockbell.events.buildCreated('900', { key: 'build-900' });

      const [forAnn] = await stockShort('ann');
      expect(forAnn.data.lines).toEqual([
        { partId: '75', partName: expect.any(String), required: 40, stock: 10, minimum: 0, url: '/parts/75' },
      ]);
      expect(forAnn.reason).toBe('subscribed to Widget Assembly');
      expect((await stockShort('ben')).map((n) => n.reason)).toEqual(['responsible for BO0900']);
      expect(await stockShort('cat')).toHaveLength(1);
      expect((await stockShort('rita')).map((n) => n.reason)).toEqual(['your role purchasing is responsible for BO0900']);
      expect(await stockShort('dan')).toHaveLength(0);
    });

    it('raises build.created for subscribers and the responsible, but not the creator', async () => {
      await subscribe('ann', 'part', '77');
      await subscribe('ben', 'part', '77');
      newBuild({ createdBy: 'ben', users: ['cat'] });
      await t.app.stockbell.events.buildCreated('900');
      const created = async (user: string) => (await inbox(user)).filter((n) => n.kind === 'build.created');
      expect(await created('ann')).toHaveLength(1);
      expect(await created('cat')).toHaveLength(1);
      expect(await created('ben')).toHaveLength(0);
    });

    it('tells a user who may not view builds nothing about one', async () => {
      t.host.addUser('reader', { roles: ['readers'] });
      await subscribe('reader', 'part', '77');
      await subscribe('ann', 'part', '77');
      t.host.setStock('75', 0);
      newBuild({ users: ['reader'] });
      await t.app.stockbell.events.buildCreated('900');
      expect(await inbox('reader')).toEqual([]);
      expect((await inbox('ann')).map((n) => n.kind).sort()).toEqual(['build.created', 'build.stock_short']);
    });
  });

  describe('send API', () => {
    it('sends to one user, to a role, and to the followers of a category', async () => {
      t.host.addUser('rita', { roles: ['purchasing'] });
      await subscribe('cat', 'category', '1');
      await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Stocktake', body: 'Friday 9:00', link: '/stocktake' });
      await t.app.stockbell.send({ to: { role: 'purchasing' }, subject: 'Price list updated' });
      await t.app.stockbell.send({ to: { followers: { kind: 'category', id: '5' } }, subject: 'Resistors moved to shelf B' });
      expect(await inbox('ann')).toMatchObject([{ kind: 'message', subject: 'Stocktake', body: 'Friday 9:00', link: '/stocktake', reason: 'sent to you' }]);
      expect(await inbox('rita')).toMatchObject([{ subject: 'Price list updated', reason: 'sent to role purchasing' }]);
      expect(await inbox('cat')).toMatchObject([{ subject: 'Resistors moved to shelf B', reason: 'subscribed to Electronics' }]);
      expect(await inbox('ben')).toEqual([]);
    });

    it('refuses an unknown follower target and a bad kind', async () => {
      await expect(t.app.stockbell.send({ to: { followers: { kind: 'part', id: '99999' } }, subject: 'x' })).rejects.toMatchObject({ statusCode: 404 });
      await expect(t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'x', kind: 'Bad Kind!' })).rejects.toMatchObject({ statusCode: 400 });
    });
  });
});
