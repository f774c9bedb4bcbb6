/**
 * The databases a bench runs on: a SQLite file in a temp directory, and PostgreSQL in a schema of
 * its own (STOCKBELL_BENCH_PG, default the local test database; `off` skips it). Each is dropped at
 * the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { PG_URL } from './run.ts';

export interface Target {
  name: 'SQLite' | 'PostgreSQL';
  /** Stockbell's `database` (and `databaseSchema`) options. */
  options: { database: string; databaseSchema?: string };
  /** SQLite: the file; PostgreSQL: the URL. */
  location: string;
  /** PostgreSQL: the schema Stockbell's tables live in. */
  schema?: string;
  cleanup(): Promise<void>;
}

export function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-'));
  const file = join(dir, 'stockbell.sqlite');
  return { name: 'SQLite', options: { database: file }, location: file, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** A fresh schema on the bench's PostgreSQL, or null (with the reason printed) when there is none. */
export async function postgresTarget(): Promise<Target | null> {
  if (PG_URL === 'off') return null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    return null;
  }
  return {
    name: 'PostgreSQL',
    options: { database: PG_URL, databaseSchema: schema },
    location: PG_URL,
    schema,
    async cleanup() {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

/** SQLite, then PostgreSQL unless it is off or unreachable. */
export async function targets(): Promise<Target[]> {
  return [sqliteTarget(), await postgresTarget()].filter((t): t is Target => t !== null);
}
