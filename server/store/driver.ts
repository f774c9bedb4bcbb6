/**
 * The hot paths' way to the database: bound parameters and reused prepared statements, under the
 * ORM's own connections. MikroORM's `em.execute()` formats every value into the SQL text, so each
 * statement is new SQL to prepare (13 % of the unread-count route's CPU was SQLite's prepare) and a
 * fan-out's JSON becomes a multi-megabyte literal. Only the store's own modules use this; the rest
 * of the plugin calls their functions.
 *
 * SQLite: statements are prepared once per connection and reused. Reads go to a second connection
 *   (WAL mode), so they see only committed data and never wait behind an event's transaction;
 *   writes take their turn behind the ORM's (Kysely's connection lock), and inside an ORM
 *   transaction they run on its connection.
 * PostgreSQL: named prepared statements on the ORM's pool; inside an ORM transaction, bound
 *   parameters on that transaction's own connection.
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import type { Dialect } from './orm.ts';

/** One statement, written once with `?` placeholders (PostgreSQL gets `$1…`). */
export interface Statement {
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export function statement(name: string, text: string, postgres?: string): Statement {
  let n = 0;
  const sqlite = text.replace(/\s+/g, ' ').trim();
  return { name: `stockbell_${name}`, sqlite, postgres: postgres?.replace(/\s+/g, ' ').trim() ?? sqlite.replace(/\?/g, () => `$${++n}`) };
}

/**
 * A multi-row INSERT for SQLite, one statement per number of rows, each built (and, by the driver,
 * prepared) once: `rowsOf(3)` is `{head} values {row}, {row}, {row} {tail}`. Callers send a
 * hundred rows at a time, so a fan-out reuses the full one and one remainder.
 */
export function multiRowInsert(name: string, head: string, row: string, tail = ''): (rows: number) => Statement {
  const bySize = new Map<number, Statement>();
  return (rows) => {
    let found = bySize.get(rows);
    if (!found) {
      found = statement(`${name}_${rows}`, `${head} values ${new Array(rows).fill(row).join(', ')} ${tail}`);
      bySize.set(rows, found);
    }
    return found;
  };
}

/**
 * Any number of values as one bound parameter, for `in (select value from json_each(?))` on SQLite
 * (a JSON array) and `= any($n::type[])` on PostgreSQL (an array): one short statement, prepared
 * once, whatever the count.
 */
export function boundList(db: Pick<Driver, 'dialect'>, values: readonly (string | number)[]): unknown {
  return db.dialect === 'postgresql' ? values : JSON.stringify(values);
}

export interface Result<T> {
  rows: T[];
  /** Rows changed by a write. */
  changes: number;
}

/** Statements run inside one transaction of the driver's own. */
export interface Runner {
  execute<T = unknown>(statement: Statement, params: readonly unknown[]): Promise<Result<T>>;
}

export interface Driver {
  readonly dialect: Dialect;
  /** A read of committed data. */
  query<T>(statement: Statement, params: readonly unknown[]): Promise<T[]>;
  /** A write (or a write returning rows) in its own implicit transaction. */
  execute<T = unknown>(statement: Statement, params: readonly unknown[]): Promise<Result<T>>;
  /** A statement inside the ORM transaction `tx`, on its connection. */
  executeIn<T = unknown>(tx: EntityManager, statement: Statement, params: readonly unknown[]): Promise<Result<T>>;
  /** Several statements in one transaction of their own (the job queue's outcomes). */
  transaction<T>(work: (runner: Runner) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How often the SQLite file's WAL is checkpointed, off the event loop (checkpointer.ts). */
const CHECKPOINT_INTERVAL_MS = 1_000;

/** `onError`: something failed in the background (a WAL checkpoint); the driver goes on. */
export async function openDriver(orm: MikroORM, dialect: Dialect, location: string, onError: (error: Error) => void): Promise<Driver> {
  const connection = orm.em.getConnection() as unknown as { getNativeClient(): Promise<unknown>; getClient(): Kysely<unknown> };
  const native = await connection.getNativeClient();
  return dialect === 'postgresql'
    ? postgresDriver(native as PgPool)
    : sqliteDriver(native as SqliteDatabase, connection.getClient(), location, onError);
}

// ---------------------------------------------------------------------------------------------
// SQLite (better-sqlite3)

interface SqliteStatement {
  reader: boolean;
  all(...params: unknown[]): unknown[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  exec(sql: string): void;
  close(): void;
}

async function sqliteDriver(main: SqliteDatabase, kysely: Kysely<unknown>, location: string, onError: (error: Error) => void): Promise<Driver> {
  const fileBacked = location !== ':memory:' && location !== '';
  let reader = main;
  let checkpointer: Checkpointer | null = null;
  if (fileBacked) {
    // WAL: readers see the last commit and never block the writer, or it them.
    main.pragma('journal_mode = WAL');
    // Checkpoints run in a worker thread, not inside whichever commit fills the WAL.
    main.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(location, CHECKPOINT_INTERVAL_MS, onError);
    const { default: Database } = await import('better-sqlite3');
    reader = new Database(location) as unknown as SqliteDatabase;
    reader.pragma('query_only = true');
  }
  const cached = new Map<SqliteDatabase, Map<string, SqliteStatement>>();
  const prepared = (db: SqliteDatabase, s: Statement) => {
    const byName = cached.get(db) ?? new Map<string, SqliteStatement>();
    cached.set(db, byName);
    const stmt = byName.get(s.name) ?? db.prepare(s.sqlite);
    byName.set(s.name, stmt);
    return stmt;
  };
  const run = <T>(db: SqliteDatabase, s: Statement, params: readonly unknown[]): Result<T> => {
    const stmt = prepared(db, s);
    const values = params.map(sqliteValue);
    if (stmt.reader) {
      const rows = stmt.all(...values) as T[];
      return { rows, changes: rows.length };
    }
    return { rows: [], changes: stmt.run(...values).changes };
  };
  return {
    dialect: 'sqlite',
    async query(s, params) {
      // Without a file (`:memory:`) there is one connection: wait for the ORM's transactions to finish.
      return fileBacked ? run<never>(reader, s, params).rows : kysely.connection().execute(async () => run<never>(main, s, params).rows);
    },
    execute: (s, params) => kysely.connection().execute(async () => run(main, s, params)),
    // The transaction holds the one connection already: running on it is running inside it.
    executeIn: async (_tx, s, params) => run(main, s, params),
    transaction: (work) =>
      kysely.connection().execute(async () => {
        main.exec('begin immediate');
        try {
          const result = await work({ execute: async (s, params) => run(main, s, params) });
          main.exec('commit');
          return result;
        } catch (error) {
          main.exec('rollback');
          throw error;
        }
      }),
    async close() {
      if (reader !== main) reader.close();
      await checkpointer?.close();
    },
  };
}

/** better-sqlite3 binds numbers, strings, bigints, buffers and null; the ORM stores dates as epoch ms and booleans as 0/1. */
function sqliteValue(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value ?? null;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL (pg)

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] } | string): Promise<{ rows: unknown[]; rowCount: number | null }>;
}
interface PgPool extends PgClient {
  connect(): Promise<PgClient & { release(): void }>;
}

function postgresDriver(pool: PgPool): Driver {
  const runOn = async <T>(client: PgClient, s: Statement, params: readonly unknown[]): Promise<Result<T>> => {
    const result = await client.query({ name: s.name, text: s.postgres, values: [...params] });
    return { rows: result.rows as T[], changes: result.rowCount ?? 0 };
  };
  const run = <T>(s: Statement, params: readonly unknown[]) => runOn<T>(pool, s, params);
  return {
    dialect: 'postgresql',
    query: async (s, params) => (await run<never>(s, params)).rows,
    execute: run,
    async executeIn<T>(tx: EntityManager, s: Statement, params: readonly unknown[]) {
      const trx = tx.getTransactionContext<Transaction<unknown>>();
      if (!trx) return run<T>(s, params);
      const result = await trx.executeQuery<T>(CompiledQuery.raw(s.postgres, [...params]));
      return { rows: result.rows as T[], changes: Number(result.numAffectedRows ?? result.rows.length) };
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await work({ execute: (s, params) => runOn(client, s, params) });
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {},
  };
}
