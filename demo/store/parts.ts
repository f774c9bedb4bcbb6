/**
 * Parts and their stock. A part's own stock is a column; a template's stock (what counts against its
 * minimum, and what Stockbell is told) is its own plus all its variants', at any depth: summed here,
 * in one recursive query for any number of parts.
 */
import { type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { countRows, type DemoStore, type DemoTables, inTransaction, isIn } from './tables.ts';

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

/** A part's columns and its stock summed over its variants. */
type PartRow = Omit<Selectable<DemoTables['parts']>, 'component'> & { total_stock: number };

/** Sums of REAL columns drift (0.1 + 0.2); stock is shown and compared rounded to 6 places. */
export function roundQuantity(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// `union` (not `union all`) so a variant cycle in bad data ends instead of looping.
const partsWithTotals = (store: DemoStore, ids: readonly number[]) => sql<PartRow>`
with recursive tree(root, id) as (
  select id, id from parts where ${isIn(store, 'id', ids)}
  union
  select tree.root, p.id from parts p join tree on p.variant_of = tree.id
),
totals(root, stock) as (
  select tree.root, sum(v.own_stock) from tree join parts v on v.id = tree.id group by tree.root
)
select p.id, p.name, p.ipn, p.category_id, p.variant_of, p.minimum_stock, p.own_stock,
       totals.stock as total_stock, p.active, p.is_template, p.assembly
from parts p join totals on totals.root = p.id
order by lower(p.name), p.id`;

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
export async function partsByIds(store: DemoStore, ids: readonly number[]): Promise<Part[]> {
  if (ids.length === 0) return [];
  return (await partsWithTotals(store, ids).execute(store.db)).rows.map(toPart);
}

export async function partById(store: DemoStore, id: number): Promise<Part | null> {
  return (await partsByIds(store, [id]))[0] ?? null;
}

/** The parts (with their totals) whose ids a query selects. */
async function partsSelectedBy(store: DemoStore, query: SelectQueryBuilder<DemoTables, 'parts', { id: number }>): Promise<Part[]> {
  const rows = await query.execute();
  return partsByIds(store, rows.map((r) => r.id));
}

const partIds = (store: DemoStore) => store.db.selectFrom('parts').select('id');

export function partsInCategory(store: DemoStore, categoryId: number): Promise<Part[]> {
  return partsSelectedBy(store, partIds(store).where('category_id', '=', categoryId));
}

/** The direct variants of a template. */
export function variantsOf(store: DemoStore, templateId: number): Promise<Part[]> {
  return partsSelectedBy(store, partIds(store).where('variant_of', '=', templateId));
}

/** Active parts with a minimum whose (summed) stock is below it. */
export async function lowStockParts(store: DemoStore): Promise<Part[]> {
  const candidates = await partsSelectedBy(store, partIds(store).where('minimum_stock', '>', 0).where('active', '=', 1));
  return candidates.filter((p) => p.stock < p.minimumStock);
}

/** Active assembly parts: what a build order can make. */
export function assemblies(store: DemoStore): Promise<Part[]> {
  return partsSelectedBy(store, partIds(store).where('assembly', '=', 1).where('active', '=', 1));
}

export const countParts = (store: DemoStore): Promise<number> => countRows(store, 'parts');

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
export async function changePart(
  store: DemoStore,
  partId: number,
  field: PartField,
  value: number,
  userId: number,
  now: Date,
): Promise<PartChange | null> {
  const column = COLUMN[field];
  const changeId = await inTransaction(store, async (tx) => {
    // On PostgreSQL another instance may change the same part at once: lock the row to read its old value.
    const row = await tx.db
      .selectFrom('parts')
      .select(`${column} as old`)
      .where('id', '=', partId)
      .$if(tx.dialect === 'postgresql', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!row) return null;
    await tx.db.updateTable('parts').set(column, value).where('id', '=', partId).execute();
    const change = await tx.db
      .insertInto('part_changes')
      .values({ part_id: partId, field, old_value: row.old, new_value: value, user_id: userId, created_at: now.toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    return change.id;
  });
  if (changeId === null) return null;
  const part = await partById(store, partId);
  return part ? { changeId, part } : null;
}
