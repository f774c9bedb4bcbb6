/**
 * Upgrading a database made by the migrations before alert states, with rows in it, on SQLite and
 * PostgreSQL: every row is kept, existing alerts get a state (a low-stock row is open only while
 * its part is still low since the flip that raised it), and the upgraded plugin resolves them.
 */
import type { SqlEntityManager } from '@mikro-orm/sql';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, parseDatabase } from '../server/store/orm.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases, type TestDatabase } from './support/databases.ts';

const BEFORE = 'Migration20261202000000_inbox_pages';

describe.each(databases)('the alert-state migration on $name', (base) => {
  let t: TestApp | undefined;
  let drop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await t?.close();
    await drop?.();
    t = undefined;
  });

  it('keeps every row, gives alerts a state, and lets the upgraded plugin resolve the open one', async () => {
    const { cleanup, ...config } = base.create();
    drop = cleanup;
    const kept: TestDatabase = { name: base.name, create: () => ({ ...config, cleanup: async () => {} }) };
    const orm = await openDatabase({ ...parseDatabase(config.database), schema: config.databaseSchema });
    await orm.migrator.up({ to: BEFORE });
    const em = orm.em.fork() as SqlEntityManager;
    const at = (iso: string) => new Date(iso);
    const t0 = at('2026-11-20T10:00:00Z');
    await em.execute(`insert into stockbell_events (key, type, payload, created_at) values ('e', 'stockChanged', '{}', ?)`, [t0]);
    await em.execute('insert into stockbell_part_state (part_id, low, updated_at) values (?, ?, ?), (?, ?, ?)', ['1', true, t0, '2', false, t0]);
    const row = (kind: string, targetKind: string, targetId: string, created: Date, read: Date | null = null) =>
      em.execute(
        `insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at, read_at)
         values (1, 'ann', ?, ?, ?, ?, '{"type":"direct"}', null, ?, ?)`,
        [kind, targetKind, targetId, JSON.stringify({ partId: targetId, partName: `Part ${targetId}`, stock: 5, minimum: 100 }), created, read],
      );
    await row('part.low_stock', 'part', '1', at('2026-11-01T10:00:00Z'), at('2026-11-02T10:00:00Z')); // an earlier episode
    await row('part.low_stock', 'part', '1', t0); // raised by the flip still in force
    await row('part.low_stock', 'part', '2', at('2026-11-10T10:00:00Z')); // its part has recovered
    await row('build.stock_short', 'build', '900', t0);
    await row('message', 'part', '1', t0);
    await em.execute(`insert into stockbell_user_settings (user_id, email_mode, digest_hour, time_zone, digest_after_id, updated_at) values ('ann', 'digest', 7, 'UTC', 3, ?)`, [t0]);
    await orm.close();

    t = await startApp(kept);
    t.host.addUser('ann');
    const items = (await t.as('ann', 'GET', '/notifications?state=all')).body.items as any[];
    expect(items.map((n) => [n.kind, n.target.id, n.alert?.state ?? null])).toEqual([
      ['message', '1', null],
      ['build.stock_short', '900', 'open'],
      ['part.low_stock', '2', 'resolved'],
      ['part.low_stock', '1', 'open'],
      ['part.low_stock', '1', 'resolved'],
    ]);
    expect(items.map((n) => n.snooze)).toEqual([null, null, null, null, null]);
    expect((await t.as('ann', 'GET', '/preferences')).body).toMatchObject({ email: { mode: 'digest', digestHour: 7 }, quietHours: { nights: null, weekends: false } });

    t.host.parts.get('1')!.minimumStock = 100;
    t.host.setStock('1', 500);
    expect(await t.app.stockbell.events.stockChanged('1')).toMatchObject({ resolved: 1 });
    expect(await t.app.stockbell.events.buildCompleted('900')).toMatchObject({ resolved: 1 });
  });
});
