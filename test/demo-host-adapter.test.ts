/**
 * The demo's InventoryHost against its seeded database: the shapes Stockbell reads, the roles and
 * permissions, and that every call is a batch (a fixed number of statements, whatever the ids).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type DemoDb, openDemoDb } from '../demo/db.ts';
import { createHostAdapter } from '../demo/host-adapter.ts';
import { effectiveBom } from '../demo/store/builds.ts';
import { loadDataset } from '../demo/seed.ts';
import type { InventoryHost } from '../server/host.ts';

describe('demo host adapter', () => {
  let dir: string;
  let db: DemoDb;
  let host: InventoryHost;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'stockbell-demo-adapter-'));
    db = openDemoDb(join(dir, 'demo.sqlite'));
    host = createHostAdapter(db);
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
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
    });
    expect(byId.get('81')).toMatchObject({ variantOf: '77', stock: 165 });
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
      const required = new Map(effectiveBom(db, build.part).map((l) => [l.subPartId, l.quantity * build.quantity]));
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
    const prepare = vi.spyOn(db, 'prepare');
    try {
      const ids = Array.from({ length: 414 }, (_, i) => String(i + 1));
      await host.getParts(ids);
      expect(prepare).toHaveBeenCalledTimes(1);
      prepare.mockClear();
      await host.getCategories(ids);
      expect(prepare).toHaveBeenCalledTimes(1);
      prepare.mockClear();
      await host.getUsers(ids);
      expect(prepare).toHaveBeenCalledTimes(2);
      prepare.mockClear();
      await host.canView(ids, { kind: 'build', id: '3' });
      expect(prepare).toHaveBeenCalledTimes(3);
      prepare.mockClear();
      await host.getBuild('16');
      expect(prepare).toHaveBeenCalledTimes(3);
    } finally {
      prepare.mockRestore();
    }
  });
});
