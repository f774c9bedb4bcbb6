/**
 * The migrated schema and the entities agree, on both databases, by MikroORM's own schema
 * comparison: a new column, index or table in an entity without its migration (or the other way
 * round) fails here. And the migration that aligned them keeps every row and never reuses an id.
 */
import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../migrations/index.ts';
import { openDatabase, parseDatabase } from '../server/store/orm.ts';
import { databases } from './support/databases.ts';

type Orm = MikroORM & { schema: { getUpdateSchemaSQL(options?: { schema?: string }): Promise<string> } };

describe.each(databases)('schema on $name', (db) => {
  let orm: Orm | null = null;
  let cleanup: (() => Promise<void>) | null = null;

  /**
   * SQLite: a file. PostgreSQL: a database of its own rather than a schema, because MikroORM's
   * comparison reads every schema of the database, and other test files drop theirs meanwhile.
   */
  async function open(): Promise<{ orm: Orm; schema: string | undefined }> {
    const created = db.name === 'postgresql' ? await ownDatabase(db.create().database) : db.create();
    cleanup = created.cleanup;
    orm = (await openDatabase(parseDatabase(created.database))) as Orm;
    return { orm, schema: undefined };
  }

  afterEach(async () => {
    await orm?.close();
    await cleanup?.();
    orm = null;
    cleanup = null;
  });

  const diff = (o: Orm, schema: string | undefined) => o.schema.getUpdateSchemaSQL(schema ? { schema } : {});
  const statements = (sql: string) => sql.split('\n').filter((line) => /^(create|alter|drop)/i.test(line.trim()));

  it('has nothing to change once every migration has run', async () => {
    const { orm, schema } = await open();
    await orm.migrator.up();
    expect(statements(await diff(orm, schema))).toEqual([]);
  });

  it('would notice a difference: before the last migration the entities disagree with the tables', async () => {
    const { orm, schema } = await open();
    await orm.migrator.up({ to: migrations.at(-2)?.name });
    expect(statements(await diff(orm, schema)).length).toBeGreaterThan(0);
  });

  it('keeps rows and id sequences across the aligning migration', async () => {
    const { orm } = await open();
    await orm.migrator.up({ to: 'Migration20261124000000_delivery' });
    const em = orm.em.fork() as SqlEntityManager;
    const now = new Date('2026-11-30T12:00:00Z');
    for (const key of ['a', 'b', 'c']) {
      await em.execute('insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?)', [key, 'send', '{}', now]);
    }
    // The newest event is deleted: its id must not be handed out again.
    await em.execute(`delete from stockbell_events where key = 'c'`);
    await orm.migrator.up();
    const kept = await em.execute<{ key: string }[]>('select key from stockbell_events order by id');
    expect(kept.map((row) => row.key)).toEqual(['a', 'b']);
    const [next] = await em.execute<{ id: number | string }[]>(
      `insert into stockbell_events (key, type, payload, created_at) values ('d', 'send', '{}', ?) returning id`,
      [now],
    );
    expect(Number(next?.id)).toBe(4);
  });
});

async function ownDatabase(serverUrl: string): Promise<{ database: string; cleanup: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const name = `stockbell_schema_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: serverUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { database: url.href, cleanup: () => admin(`drop database if exists ${name} with (force)`) };
}
