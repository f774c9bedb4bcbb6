/**
 * The demo's tables as Kysely types them, and the store every query module takes: one Kysely over
 * SQLite (better-sqlite3) or PostgreSQL (pg), plus which of the two it is, for the few places where
 * their SQL differs. Flags are integers (0/1) on both, so rows map the same way.
 */
import { type Generated, type Kysely, type RawBuilder, type SqlBool, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgresql';

export interface DemoStore {
  db: Kysely<DemoTables>;
  dialect: Dialect;
}

export interface DemoTables {
  meta: { key: string; value: string };
  categories: { id: Generated<number>; name: string; parent_id: number | null };
  parts: {
    id: Generated<number>;
    name: string;
    ipn: string | null;
    category_id: number | null;
    variant_of: number | null;
    minimum_stock: number;
    own_stock: number;
    active: number;
    is_template: number;
    assembly: number;
    component: number;
  };
  part_changes: {
    id: Generated<number>;
    part_id: number;
    field: 'stock' | 'minimum';
    old_value: number;
    new_value: number;
    user_id: number | null;
    created_at: string;
  };
  users: {
    id: Generated<number>;
    username: string;
    name: string;
    email: string | null;
    is_admin: number;
    active: number;
    time_zone: string | null;
    locale: string | null;
  };
  groups: { id: Generated<number>; name: string; role: string; can_view_builds: number; can_edit_stock: number };
  user_groups: { user_id: number; group_id: number };
  owners: { id: Generated<number>; user_id: number | null; group_id: number | null };
  builds: {
    id: Generated<number>;
    reference: string;
    part_id: number;
    quantity: number;
    completed: number;
    status: string;
    created_on: string;
    target_date: string | null;
    issued_by: number | null;
  };
  build_responsible: { build_id: number; owner_id: number };
  bom_items: {
    id: Generated<number>;
    part_id: number;
    sub_part_id: number;
    quantity: number;
    optional: number;
    consumable: number;
    allow_variants: number;
  };
}

/** Tables whose ids a database sequence hands out (PostgreSQL's must be moved past seeded ids). */
export const TABLES_WITH_IDS = ['categories', 'parts', 'part_changes', 'users', 'groups', 'owners', 'builds', 'bom_items'] as const;

/**
 * `where(isIn(store, 'u.id', ids))`: any number of values as one bound parameter (a JSON array read
 * with json_each on SQLite, an array compared with `= any` on PostgreSQL, its fastest form), so a
 * batch of 10,000 ids is one short statement on both.
 */
export function isIn(store: DemoStore, column: string, values: readonly (number | string)[]): RawBuilder<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`1 = 0`;
  if (store.dialect === 'sqlite') return sql<SqlBool>`${sql.ref(column)} in (select value from json_each(${JSON.stringify(values)}))`;
  const type = sql.raw(typeof values[0] === 'string' ? 'text[]' : 'integer[]');
  return sql<SqlBool>`${sql.ref(column)} = any(cast(${values} as ${type}))`;
}

/** How many rows a table holds (`count(*)` is a bigint, which pg returns as a string: cast on both). */
export async function countRows(store: DemoStore, table: keyof DemoTables): Promise<number> {
  const row = await sql<{ n: number }>`select cast(count(*) as integer) as n from ${sql.table(table)}`.execute(store.db);
  return row.rows[0]?.n ?? 0;
}

/** Runs `work` in one transaction, on a store bound to it. */
export function inTransaction<T>(store: DemoStore, work: (tx: DemoStore) => Promise<T>): Promise<T> {
  return store.db.transaction().execute((trx) => work({ db: trx, dialect: store.dialect }));
}

export const flag = (value: boolean): number => (value ? 1 : 0);
