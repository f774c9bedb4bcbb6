/**
 * The demo host's own database: one SQLite file in DATA_DIR holding the inventory (parts, categories,
 * stock, build orders) and its users. Stockbell never reads these tables; it asks the host adapter.
 * Opening the file creates the schema and seeds it from InvenTree's demo dataset on the first start.
 */
import Database from 'better-sqlite3';
import { seedFromDataset } from './seed.ts';

export type DemoDb = Database.Database;

/** The demo database's file name inside DATA_DIR. */
export const DEMO_DB_FILE = 'demo.sqlite';

const SCHEMA = `
create table if not exists meta (
  key text primary key,
  value text not null
);
create table if not exists categories (
  id integer primary key,
  name text not null,
  parent_id integer references categories(id)
);
create index if not exists categories_parent on categories(parent_id);
create table if not exists parts (
  id integer primary key,
  name text not null,
  ipn text,
  category_id integer references categories(id),
  variant_of integer references parts(id),
  minimum_stock real not null default 0,
  own_stock real not null default 0,
  active integer not null default 1,
  is_template integer not null default 0,
  assembly integer not null default 0,
  component integer not null default 0
);
create index if not exists parts_category on parts(category_id);
create index if not exists parts_variant_of on parts(variant_of);
-- One row per stock or minimum change: its id is the idempotency key the demo hands Stockbell.
create table if not exists part_changes (
  id integer primary key,
  part_id integer not null references parts(id),
  field text not null check (field in ('stock', 'minimum')),
  old_value real not null,
  new_value real not null,
  user_id integer references users(id),
  created_at text not null
);
create table if not exists users (
  id integer primary key,
  username text not null unique,
  name text not null,
  email text,
  is_admin integer not null default 0,
  active integer not null default 1,
  time_zone text,
  locale text
);
-- A group is a role for Stockbell; its flags are the demo's permissions.
create table if not exists groups (
  id integer primary key,
  name text not null,
  role text not null unique,
  can_view_builds integer not null default 1,
  can_edit_stock integer not null default 1
);
create table if not exists user_groups (
  user_id integer not null references users(id),
  group_id integer not null references groups(id),
  primary key (user_id, group_id)
);
-- An owner is a user or a group: what a build order's "responsible" points at (as in InvenTree).
create table if not exists owners (
  id integer primary key,
  user_id integer references users(id),
  group_id integer references groups(id),
  check ((user_id is null) <> (group_id is null))
);
create table if not exists builds (
  id integer primary key,
  reference text not null unique,
  part_id integer not null references parts(id),
  quantity real not null,
  completed real not null default 0,
  status text not null,
  created_on text not null,
  target_date text,
  issued_by integer references users(id)
);
create table if not exists build_responsible (
  build_id integer not null references builds(id),
  owner_id integer not null references owners(id),
  primary key (build_id, owner_id)
);
create table if not exists bom_items (
  id integer primary key,
  part_id integer not null references parts(id),
  sub_part_id integer not null references parts(id),
  quantity real not null,
  optional integer not null default 0,
  consumable integer not null default 0,
  allow_variants integer not null default 0
);
create index if not exists bom_items_part on bom_items(part_id);
`;

/** Opens (and on the first start creates and seeds) the demo database. */
export function openDemoDb(file: string): DemoDb {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  const seeded = db.prepare<[], { value: string }>(`select value from meta where key = 'seeded_at'`).get();
  if (!seeded) {
    db.transaction(() => {
      seedFromDataset(db);
      db.prepare(`insert into meta (key, value) values ('seeded_at', ?)`).run(new Date().toISOString());
    })();
  }
  return db;
}

/** `where id in (select value from json_each(?))`: one statement for any number of ids. */
export function idList(ids: readonly number[]): string {
  return JSON.stringify(ids);
}

/** Plugin-side ids are strings; the demo's are integers. Anything else is simply not found. */
export function parseIds(ids: readonly string[]): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    if (/^\d{1,15}$/.test(id)) out.add(Number(id));
  }
  return [...out];
}

/** Sums of REAL columns drift (0.1 + 0.2); stock is shown and compared rounded to 6 places. */
export function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
