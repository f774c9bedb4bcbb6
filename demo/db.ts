/**
 * The demo host's own database: its inventory (parts, categories, stock, build orders), its users and
 * its secrets. One SQLite file by default; PostgreSQL when several demo processes share one host.
 * Opening it creates the tables and, the first time, seeds them from InvenTree's demo dataset.
 */
import Database from 'better-sqlite3';
import { Kysely, type KyselyPlugin, PostgresDialect, SqliteDialect, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import { seedFromDataset } from './seed.ts';
import { createTables } from './store/schema.ts';
import { type DemoStore, type DemoTables, inTransaction, TABLES_WITH_IDS } from './store/tables.ts';

/** The demo database's file name inside DATA_DIR. */
export const DEMO_DB_FILE = 'demo.sqlite';

/** A SQLite file, or a PostgreSQL URL with an optional schema (created if missing). */
export type DemoDatabase = { file: string } | { url: string; schema?: string | undefined };

export interface OpenOptions {
  /** Kysely plugins, e.g. a test's query counter. */
  plugins?: KyselyPlugin[];
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/i;

/** Opens the demo database, ready to use: tables created, seeded once. Close it with `store.db.destroy()`. */
export async function openDemoStore(location: DemoDatabase, options: OpenOptions = {}): Promise<DemoStore> {
  const store = connect(location, options.plugins ?? []);
  try {
    await prepare(store, 'url' in location ? location.schema : undefined);
  } catch (error) {
    await store.db.destroy();
    throw error;
  }
  return store;
}

function connect(location: DemoDatabase, plugins: KyselyPlugin[]): DemoStore {
  if ('file' in location) {
    const database = new Database(location.file);
    database.pragma('journal_mode = WAL');
    database.pragma('foreign_keys = ON');
    database.pragma('busy_timeout = 5000');
    return { db: new Kysely<DemoTables>({ dialect: new SqliteDialect({ database: keepingStatements(database) }), plugins }), dialect: 'sqlite' };
  }
  const { url, schema } = location;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`database schema must be a plain identifier (letters, digits, _), not ${JSON.stringify(schema)}`);
  }
  // search_path on every pooled connection: every query, the builder's and raw SQL, lands in the schema.
  const pool = new pg.Pool({ connectionString: url, max: 4, ...(schema ? { options: `-c search_path=${schema}` } : {}) });
  return { db: new Kysely<DemoTables>({ dialect: new PostgresDialect({ pool }), plugins }), dialect: 'postgresql' };
}

/** Past this many distinct statements the cache starts over (the demo's own are a few dozen). */
const MAX_STATEMENTS = 500;

/**
 * better-sqlite3 with its prepared statements kept by SQL text. Kysely prepares every query it runs,
 * and preparing cost several times running (a part with its stock: 1.2 ms against 0.16 ms); the
 * texts repeat, since an id batch is one parameter, so the cache stays small.
 */
function keepingStatements(database: Database.Database): SqliteDatabase {
  const statements = new Map<string, Database.Statement>();
  return {
    prepare(text) {
      let statement = statements.get(text);
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear();
        statement = database.prepare(text);
        statements.set(text, statement);
      }
      return statement;
    },
    close: () => database.close(),
  };
}

/**
 * Tables and seed in one transaction. On PostgreSQL an advisory lock (per schema) makes processes
 * that start at the same moment take turns: the first creates and seeds, the others find it done.
 */
async function prepare(store: DemoStore, schema: string | undefined): Promise<void> {
  await inTransaction(store, async (tx) => {
    if (tx.dialect === 'postgresql') {
      await sql`select pg_advisory_xact_lock(hashtext(${`stockbell-demo:${schema ?? 'public'}`}))`.execute(tx.db);
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(tx.db);
    }
    await createTables(tx);
    const seeded = await tx.db.selectFrom('meta').select('value').where('key', '=', 'seeded_at').executeTakeFirst();
    if (seeded) return;
    await seedFromDataset(tx);
    if (tx.dialect === 'postgresql') await moveSequencesPastSeeds(tx);
    await tx.db.insertInto('meta').values({ key: 'seeded_at', value: new Date().toISOString() }).execute();
  });
}

/** The seed writes its own ids; PostgreSQL's identity sequences must then start after them. */
async function moveSequencesPastSeeds(tx: DemoStore): Promise<void> {
  for (const table of TABLES_WITH_IDS) {
    await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.table(table)}`.execute(tx.db);
  }
}
