/** SQLite's WAL is checkpointed by a worker thread, never inside a commit on the server's thread. */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../server/store/checkpointer.ts';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';

const until = async (check: () => boolean, timeoutMs = 10_000) => {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the WAL checkpointer', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('copies committed pages into the database file from its own thread, and keeps every row', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-checkpoint-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const writer = new Database(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('wal_autocheckpoint = 0');
    writer.exec('create table t (id integer primary key, body text)');
    const insert = writer.prepare('insert into t (body) values (?)');
    writer.transaction(() => {
      for (let i = 0; i < 5_000; i++) insert.run('x'.repeat(200));
    })();
    // Without a checkpoint the rows are in the WAL only: the database file stays a few pages long.
    const before = statSync(file).size;
    expect(before).toBeLessThan(64 * 1024);

    const errors: Error[] = [];
    const checkpointer = startCheckpointer(file, 20, (error) => errors.push(error));
    await until(() => statSync(file).size > 1024 * 1024);
    await checkpointer.close();
    expect(errors).toEqual([]);
    writer.close();

    const reader = new Database(file, { readonly: true });
    expect(reader.prepare('select count(*) as n from t').get()).toEqual({ n: 5_000 });
    reader.close();
  });

  it('is how the plugin keeps a SQLite file: its own connection never checkpoints', async () => {
    let t: TestApp | null = null;
    try {
      t = await startApp(sqlite);
      const native = (await t.ctx.orm.em.getConnection().getNativeClient()) as Database.Database;
      expect(native.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(native.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    } finally {
      await t?.close();
    }
  });
});
