/**
 * The demo's InventoryHost against its seeded database, on SQLite and PostgreSQL: the shapes Stockbell
 * reads, the roles and permissions, and that every call is a batch whose work grows with its answer
 * (a fixed number of statements, each row's fields read a bounded number of times).
 */
import type { InventoryHost } from 'stockbell';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDemoStore } from '../demo/db.ts';
import { createHostAdapter } from '../demo/host-adapter.ts';
import { mayView } from '../demo/permissions.ts';
import { loadDataset } from '../demo/seed.ts';
import { effectiveBom } from '../demo/store/builds.ts';
import type { DemoStore } from '../demo/store/tables.ts';
import { insertUsers, usersByIds } from '../demo/store/users.ts';
import { databases } from './support/databases.ts';
import { type DemoStorage, demoStorage } from './support/demo-storage.ts';
import { WorkCounter } from './support/work-counter.ts';

describe.each(databases)('demo host adapter on $name', (database) => {
  let storage: DemoStorage;
  let store: DemoStore;
  let host: InventoryHost;
  const work = new WorkCounter();

  beforeAll(async () => {
    storage = demoStorage(database);
    store = await openDemoStore(storage.store, { plugins: [work] });
    host = createHostAdapter(store);
  });
  afterAll(async () => {
    await store?.db.destroy();
    await storage?.cleanup();
  });

  it('reads parts with string ids, page urls and a template’s stock summed over its variants', async () => {
    const parts = await host.getParts(['77', '81', '71', '72', 'nope', '99999']);
    const byId = new Map(parts.map((p) => [p.id, p]));
    expect([...byId.keys()].sort()).toEqual(['71', '72', '77', '81']);
    expect(byId.get('77')).toEqual({
      id: '77',
      name: 'Widget Assembly',
      categoryId: '14',
      variantOf: null,
      minimumStock: 3,
      stock: 166,
      url: '/parts/77',
      active: true,
      isTemplate: true,
    });
    expect(byId.get('81')).toMatchObject({ variantOf: '77', stock: 165, isTemplate: false });
    // Templates nest: 71's variants include 72, whose own variants are 78–80.
    expect(byId.get('72')?.stock).toBe(65);
    expect(byId.get('71')?.stock).toBe(129);
  });

  it('matches the dataset’s own figure for every part’s stock including variants', async () => {
    const data = loadDataset();
    const parts = await host.getParts(data.parts.map((p) => String(p.id)));
    expect(parts).toHaveLength(414);
    const expected = data as unknown as { stock: Record<string, { in_stock_incl_variants: number }> };
    for (const part of parts) {
      expect(part.stock, `part ${part.id}`).toBeCloseTo(expected.stock[part.id]?.in_stock_incl_variants ?? 0, 6);
    }
  });

  it('reads categories with their parents', async () => {
    const categories = await host.getCategories(['5', '4', '1', 'x']);
    expect(categories).toEqual([
      { id: '1', name: 'Electronics', parentId: null, url: '/categories/1' },
      { id: '4', name: 'Passives', parentId: '1', url: '/categories/4' },
      { id: '5', name: 'Resistors', parentId: '4', url: '/categories/5' },
    ]);
  });

  it('reads a build with its responsible owner and the BOM it inherits from its template', async () => {
    const build = await host.getBuild('2');
    expect(build).toMatchObject({
      id: '2',
      reference: 'BO0002',
      partId: '88',
      quantity: 100,
      url: '/builds/2',
      createdBy: '1',
      responsible: { users: [], roles: ['engineering'] },
    });
    expect(build?.bom).toContainEqual({ partId: '53', quantity: 19 });

    const bo5 = await host.getBuild('5');
    expect(bo5?.responsible).toEqual({ users: ['2'], roles: [] });

    // BO0016 makes part 81, a variant of 77: 77's lines (72, 75, 66) are inherited, 81's own win.
    const bo16 = await host.getBuild('16');
    expect(bo16?.bom.map((l) => l.partId).sort()).toEqual(['30', '59', '66', '72', '73', '74', '75']);
    expect(await host.getBuild('999')).toBeNull();
    expect(await host.getBuild('abc')).toBeNull();
  });

  it('finds every shortfall the dataset lists for its builds', async () => {
    const data = loadDataset() as unknown as {
      builds: { id: number; part: number; quantity: number }[];
      build_shortfalls: { build: number; lines: { sub_part: number; required: number }[] }[];
    };
    for (const shortfall of data.build_shortfalls) {
      const build = data.builds.find((b) => b.id === shortfall.build);
      if (!build) throw new Error(`no build ${shortfall.build}`);
      const required = new Map((await effectiveBom(store, build.part)).map((l) => [l.subPartId, l.quantity * build.quantity]));
      for (const line of shortfall.lines) expect(required.get(line.sub_part), `build ${build.id}`).toBe(line.required);
    }
  });

  it('reads users with emails, roles from their groups, and admin', async () => {
    const users = await host.getUsers(['1', '2', '3', '4', '5']);
    expect(users.map((u) => [u.id, u.name, u.email, u.roles])).toEqual([
      ['1', 'admin', 'admin@example.test', ['admin']],
      ['2', 'reader', 'reader@example.test', ['readers']],
      ['3', 'engineer', 'engineer@example.test', ['engineering']],
      ['4', 'allaccess', 'allaccess@example.test', ['all-access']],
    ]);
    expect(users.every((u) => u.active)).toBe(true);
    expect(await host.usersWithRole('engineering')).toEqual(['3']);
    expect(await host.usersWithRole('admin')).toEqual(['1']);
    expect(await host.usersWithRole('nobody')).toEqual([]);
    // Every role usersWithRole knows, named for the admin screen.
    expect(await host.listRoles?.()).toEqual([
      { id: 'admin', name: 'administrators' },
      { id: 'all-access', name: 'all access' },
      { id: 'engineering', name: 'engineering' },
      { id: 'readers', name: 'readers' },
    ]);
  });

  it('lets everyone view parts and categories, and everyone but the reader view builds', async () => {
    const all = ['1', '2', '3', '4'];
    expect(await host.canView(all, { kind: 'part', id: '77' })).toEqual(new Set(all));
    expect(await host.canView(all, { kind: 'category', id: '14' })).toEqual(new Set(all));
    expect(await host.canView(all, { kind: 'build', id: '1' })).toEqual(new Set(['1', '3', '4']));
    expect(await host.canView(all, { kind: 'build', id: '999' })).toEqual(new Set());
    expect(await host.canView(all, { kind: 'part', id: 'x' })).toEqual(new Set());
  });

  it('answers each call with a fixed number of statements, however many ids', async () => {
    const ids = Array.from({ length: 414 }, (_, i) => String(i + 1));
    const statements = async (call: () => Promise<unknown>) => {
      work.reset();
      await call();
      return work.queries;
    };
    expect(await statements(() => host.getParts(ids))).toBe(1);
    expect(await statements(() => host.getCategories(ids))).toBe(1);
    expect(await statements(() => host.getUsers(ids))).toBe(2);
    expect(await statements(() => host.canView(ids, { kind: 'build', id: '3' }))).toBe(1);
    expect(await statements(() => host.getBuild('16'))).toBe(3);
  });

  // Regression: getUsers and canView attached roles with a per-user scan of all memberships, so 10,000
  // users took 10,000 × 10,000 steps (780 ms and 357 ms). Field reads per row returned catch such a scan.
  it('reads 10,000 users and who of them may view a build with work in proportion to them', async () => {
    const roles = ['engineering', 'readers', 'all-access', 'engineering'];
    const ids = await insertUsers(
      store,
      Array.from({ length: 10_000 }, (_, i) => ({ username: `load-${i}`, roles: [roles[i % roles.length] as string] })),
    );
    const asked = ids.map(String);
    const perRow = 16;

    work.reset(perRow * 3 * asked.length);
    const users = await host.getUsers(asked);
    expect(users).toHaveLength(10_000);
    expect(users[1]).toMatchObject({ id: asked[1], name: 'load-1', email: 'load-1@example.test', roles: ['readers'], active: true });
    expect(work.queries).toBe(2);
    expect(work.rows).toBe(20_000);
    expect(work.fieldReads).toBeLessThanOrEqual(perRow * work.rows);

    work.reset(perRow * 3 * asked.length);
    const viewers = await host.canView(asked, { kind: 'build', id: '1' });
    expect(viewers.size).toBe(7_500);
    expect(viewers.has(asked[1] as string)).toBe(false);
    expect(work.queries).toBe(1);
    expect(work.fieldReads).toBeLessThanOrEqual(perRow * work.rows);
    // canView answers in SQL what the pages decide with mayView over the same users: they agree.
    const byRule = (await usersByIds(store, ids)).filter((user) => mayView(user, 'build')).map((user) => String(user.id));
    expect([...viewers].sort()).toEqual(byRule.sort());

    work.reset(perRow * 3 * asked.length);
    expect(await host.usersWithRole('readers')).toHaveLength(2_501);
    expect(work.queries).toBe(1);
  });
});
