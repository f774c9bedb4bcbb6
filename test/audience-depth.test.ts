/**
 * Deep trees lose nobody: a category chain 100 levels deep and a template chain 80 deep reach every
 * subscriber on the way up (the walk once stopped at 64 levels and told 75 of 100 subscribers at
 * depth 75), and a cycle the host reports ends the walk instead of looping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';
import { MemoryHost } from './support/memory-host.ts';

describe('audience in deep trees', () => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  const part = (id: string, categoryId: string | null, variantOf: string | null) =>
    ({ id, name: `Part ${id}`, categoryId, variantOf, minimumStock: 10, ownStock: 100, url: `/parts/${id}`, active: true });

  it('tells the subscribers of all 100 categories above a part', async () => {
    const host = new MemoryHost();
    for (let level = 0; level < 100; level++) {
      host.categories.set(`c${level}`, { id: `c${level}`, name: `Level ${level}`, parentId: level === 0 ? null : `c${level - 1}`, url: `/c/${level}` });
      host.addUser(`u${level}`);
    }
    host.parts.set('p', part('p', 'c99', null));
    t = await startApp(sqlite, { host });
    for (let level = 0; level < 100; level++) expect((await t.as(`u${level}`, 'PUT', `/subscriptions/category/c${level}`)).status).toBe(200);
    host.setStock('p', 1);
    expect(await t.app.stockbell.events.stockChanged('p')).toMatchObject({ notified: 100 });
  });

  it('tells the subscribers of a template 80 levels above a variant', async () => {
    const host = new MemoryHost();
    for (let level = 0; level < 80; level++) host.parts.set(`t${level}`, part(`t${level}`, null, level === 0 ? null : `t${level - 1}`));
    host.addUser('ann');
    t = await startApp(sqlite, { host });
    await t.as('ann', 'PUT', '/subscriptions/part/t0');
    host.setStock('t79', 1);
    expect(await t.app.stockbell.events.stockChanged('t79')).toMatchObject({ notified: 1 });
    const [n] = (await t.as('ann', 'GET', '/notifications')).body.items;
    expect(n).toMatchObject({ reason: 'subscribed to template Part t0', target: { kind: 'part', id: 't79' } });
  });

  it('walks a chain 2,000 categories deep in linear time, with the reason’s path from the root', async () => {
    // Every link once built the whole path above it (n²/2 name reads: 2,000,000 here, ~30 s per event
    // at 10,000 levels); the names are now read once per walk. Counted, not timed.
    const host = new MemoryHost();
    const depth = 2_000;
    let reads = 0;
    for (let level = 0; level < depth; level++) {
      const name = `Level ${level}`;
      host.categories.set(`c${level}`, {
        id: `c${level}`,
        get name() {
          reads++;
          return name;
        },
        parentId: level === 0 ? null : `c${level - 1}`,
        url: `/c/${level}`,
      });
    }
    host.parts.set('p', part('p', `c${depth - 1}`, null));
    host.addUser('ann');
    host.addUser('ben');
    t = await startApp(sqlite, { host });
    await t.as('ann', 'PUT', '/subscriptions/category/c0');
    await t.as('ben', 'PUT', `/subscriptions/category/c${depth - 2}`);
    host.setStock('p', 1);
    reads = 0;
    expect(await t.app.stockbell.events.stockChanged('p')).toMatchObject({ notified: 2 });
    expect(reads).toBeLessThan(10 * depth);
    const [n] = (await t.as('ben', 'GET', '/notifications')).body.items;
    expect(n.reason).toContain(`Level ${depth - 2}`);
    expect(n.reason).toContain('Level 0');
    expect(n.reason).not.toContain(`Level ${depth - 1}`);
    reads = 0;
    const trace = await t.as('ann', 'GET', '/trace/part/p');
    expect(trace.status).toBe(200);
    expect(JSON.stringify(trace.body)).toContain('"decides":true');
    expect(reads).toBeLessThan(10 * depth);
  });

  it('ends the walk at a cycle the host reports and still tells the subscribers on it', async () => {
    const host = new MemoryHost();
    host.categories.set('a', { id: 'a', name: 'A', parentId: 'b', url: '/c/a' });
    host.categories.set('b', { id: 'b', name: 'B', parentId: 'a', url: '/c/b' });
    host.parts.set('p', part('p', 'a', null));
    host.addUser('ann');
    host.addUser('ben');
    t = await startApp(sqlite, { host });
    await t.as('ann', 'PUT', '/subscriptions/category/a');
    await t.as('ben', 'PUT', '/subscriptions/category/b');
    host.setStock('p', 1);
    expect(await t.app.stockbell.events.stockChanged('p')).toMatchObject({ notified: 2 });
  });
});
