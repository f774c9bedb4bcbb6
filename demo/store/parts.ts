/**
 * Parts and their stock. A part's own stock is a column; a template's stock (what counts against its
 * minimum, and what Stockbell is told) is its own plus all its variants', at any depth: summed here,
 * in one recursive query for any number of parts.
 */
import { type DemoDb, idList, roundQuantity } from '../db.ts';

export interface Part {
  id: number;
  name: string;
  ipn: string | null;
  categoryId: number | null;
  variantOf: number | null;
  minimumStock: number;
  /** This part's own stock. */
  ownStock: number;
  /** Own stock plus every variant's below it (equal to ownStock for a part without variants). */
  stock: number;
  active: boolean;
  isTemplate: boolean;
  assembly: boolean;
}

interface PartRow {
  id: number;
  name: string;
  ipn: string | null;
  category_id: number | null;
  variant_of: number | null;
  minimum_stock: number;
  own_stock: number;
  total_stock: number;
  active: number;
  is_template: number;
  assembly: number;
}

// `union` (not `union all`) so a variant cycle in bad data ends instead of looping.
const PARTS_WITH_TOTALS = `
with recursive tree(root, id) as (
  select id, id from parts where id in (select value from json_each(?))
  union
  select tree.root, p.id from parts p join tree on p.variant_of = tree.id
),
totals(root, stock) as (
  select tree.root, sum(v.own_stock) from tree join parts v on v.id = tree.id group by tree.root
)
select p.id, p.name, p.ipn, p.category_id, p.variant_of, p.minimum_stock, p.own_stock,
       totals.stock as total_stock, p.active, p.is_template, p.assembly
from parts p join totals on totals.root = p.id
order by p.name collate nocase, p.id`;

function toPart(row: PartRow): Part {
  return {
    id: row.id,
    name: row.name,
    ipn: row.ipn,
    categoryId: row.category_id,
    variantOf: row.variant_of,
    minimumStock: row.minimum_stock,
    ownStock: roundQuantity(row.own_stock),
    stock: roundQuantity(row.total_stock),
    active: row.active === 1,
    isTemplate: row.is_template === 1,
    assembly: row.assembly === 1,
  };
}

/** Parts by id, with their summed stock; unknown ids are absent. Ordered by name. */
export function partsByIds(db: DemoDb, ids: readonly number[]): Part[] {
  if (ids.length === 0) return [];
  return db.prepare<[string], PartRow>(PARTS_WITH_TOTALS).all(idList(ids)).map(toPart);
}

export function partById(db: DemoDb, id: number): Part | null {
  return partsByIds(db, [id])[0] ?? null;
}

function idsWhere(db: DemoDb, sql: string, ...params: (number | string)[]): number[] {
  return db
    .prepare<(number | string)[], { id: number }>(sql)
    .all(...params)
    .map((r) => r.id);
}

export function partsInCategory(db: DemoDb, categoryId: number): Part[] {
  return partsByIds(db, idsWhere(db, 'select id from parts where category_id = ?', categoryId));
}

/** The direct variants of a template. */
export function variantsOf(db: DemoDb, templateId: number): Part[] {
  return partsByIds(db, idsWhere(db, 'select id from parts where variant_of = ?', templateId));
}

/** Active parts with a minimum whose (summed) stock is below it. */
export function lowStockParts(db: DemoDb): Part[] {
  const candidates = idsWhere(db, 'select id from parts where minimum_stock > 0 and active = 1');
  return partsByIds(db, candidates).filter((p) => p.stock < p.minimumStock);
}

/** Active assembly parts: what a build order can make. */
export function assemblies(db: DemoDb): Part[] {
  return partsByIds(db, idsWhere(db, 'select id from parts where assembly = 1 and active = 1'));
}

export function countParts(db: DemoDb): number {
  return db.prepare<[], { n: number }>('select count(*) as n from parts').get()?.n ?? 0;
}

export interface PartChange {
  /** The change row's id: unique per change, the idempotency key handed to Stockbell. */
  changeId: number;
  part: Part;
}

type PartField = 'stock' | 'minimum';
const COLUMN: Record<PartField, 'own_stock' | 'minimum_stock'> = { stock: 'own_stock', minimum: 'minimum_stock' };

/**
 * Sets a part's own stock or its minimum and records the change; null when the part does not exist.
 * Every call records a change (even to the same value): each is an event the host reports.
 */
export function changePart(
  db: DemoDb,
  partId: number,
  field: PartField,
  value: number,
  userId: number,
  now: Date,
): PartChange | null {
  const column = COLUMN[field];
  const changeId = db.transaction(() => {
    const row = db.prepare<[number], { old: number }>(`select ${column} as old from parts where id = ?`).get(partId);
    if (!row) return null;
    db.prepare(`update parts set ${column} = ? where id = ?`).run(value, partId);
    const info = db
      .prepare(
        `insert into part_changes (part_id, field, old_value, new_value, user_id, created_at)
         values (?, ?, ?, ?, ?, ?)`,
      )
      .run(partId, field, row.old, value, userId, now.toISOString());
    return Number(info.lastInsertRowid);
  })();
  if (changeId === null) return null;
  const part = partById(db, partId);
  return part ? { changeId, part } : null;
}
