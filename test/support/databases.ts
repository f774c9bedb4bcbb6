/**
 * The databases every engine suite runs on: a real SQLite file, and a real PostgreSQL with a
 * schema per app (so test files run side by side). PostgreSQL comes from STOCKBELL_TEST_PG, or the
 * local server the test command starts; set STOCKBELL_TEST_PG=off to run SQLite only (never in CI).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface TestDatabase {
  name: 'sqlite' | 'postgresql';
  /** Plugin options for a fresh, empty database; call `cleanup` after the app closes. */
  create(): { database: string; databaseSchema?: string; cleanup: () => Promise<void> };
}

const pgUrl = process.env.STOCKBELL_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';

export const sqlite: TestDatabase = {
  name: 'sqlite',
  create() {
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-'));
    return { database: join(dir, 'stockbell.sqlite'), cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

export const postgresql: TestDatabase = {
  name: 'postgresql',
  create() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    return {
      database: pgUrl,
      databaseSchema: schema,
      cleanup: async () => {
        const { default: pg } = await import('pg');
        const client = new pg.Client({ connectionString: pgUrl });
        await client.connect();
        try {
          await client.query(`drop schema if exists ${schema} cascade`);
        } finally {
          await client.end();
        }
      },
    };
  },
};

export const databases: TestDatabase[] = pgUrl === 'off' ? [sqlite] : [sqlite, postgresql];
