/**
 * Build orders and bills of materials. A build's responsible is a set of owners (users or groups,
 * as in InvenTree); a part's BOM includes the lines it inherits from its templates, nearest first.
 */
import { randomUUID } from 'node:crypto';
import { type Selectable, sql } from 'kysely';
import { groupBy } from './group-by.ts';
import { type DemoStore, type DemoTables, inTransaction, isIn } from './tables.ts';

export interface Build {
  id: number;
  reference: string;
  partId: number;
  partName: string;
  quantity: number;
  completed: number;
  status: string;
  createdOn: string;
  targetDate: string | null;
  issuedBy: number | null;
  issuedByName: string | null;
  responsible: { users: { id: number; username: string }[]; roles: string[] };
}

export interface BomLine {
  subPartId: number;
  quantity: number;
  optional: boolean;
  consumable: boolean;
  allowVariants: boolean;
  /** The part the line is defined on: the assembly itself or a template above it. */
  fromPartId: number;
}

/** A build's columns with its part's name and its issuer's username. */
type BuildRow = Selectable<DemoTables['builds']> & { part_name: string; issued_by_name: string | null };

const selectBuilds = (store: DemoStore) =>
  store.db
    .selectFrom('builds as b')
    .innerJoin('parts as p', 'p.id', 'b.part_id')
    .leftJoin('users as u', 'u.id', 'b.issued_by')
    .select([
      'b.id',
      'b.reference',
      'b.part_id',
      'p.name as part_name',
      'b.quantity',
      'b.completed',
      'b.status',
      'b.created_on',
      'b.target_date',
      'b.issued_by',
      'u.username as issued_by_name',
    ]);

/** Attaches each build's responsible owners: one query, grouped in one pass. */
async function withResponsible(store: DemoStore, rows: BuildRow[]): Promise<Build[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const responsible = await store.db
    .selectFrom('build_responsible as br')
    .innerJoin('owners as o', 'o.id', 'br.owner_id')
    .leftJoin('users as u', 'u.id', 'o.user_id')
    .leftJoin('groups as g', 'g.id', 'o.group_id')
    .select(['br.build_id', 'o.user_id', 'u.username', 'g.role'])
    .where(isIn(store, 'br.build_id', ids))
    .orderBy('o.id')
    .execute();
  const byBuild = groupBy(responsible, (r) => r.build_id);
  return rows.map((row) => {
    const mine = byBuild.get(row.id) ?? [];
    return {
      id: row.id,
      reference: row.reference,
      partId: row.part_id,
      partName: row.part_name,
      quantity: row.quantity,
      completed: row.completed,
      status: row.status,
      createdOn: row.created_on,
      targetDate: row.target_date,
      issuedBy: row.issued_by,
      issuedByName: row.issued_by_name,
      responsible: {
        users: mine.flatMap((r) => (r.user_id !== null ? [{ id: r.user_id, username: r.username ?? '' }] : [])),
        roles: mine.flatMap((r) => (r.role !== null ? [r.role] : [])),
      },
    };
  });
}

export async function buildById(store: DemoStore, id: number): Promise<Build | null> {
  const rows = await selectBuilds(store).where('b.id', '=', id).execute();
  return (await withResponsible(store, rows))[0] ?? null;
}

export async function listBuilds(store: DemoStore): Promise<Build[]> {
  return withResponsible(store, await selectBuilds(store).orderBy('b.id', 'desc').execute());
}

export async function buildsForPart(store: DemoStore, partId: number): Promise<Build[]> {
  return withResponsible(store, await selectBuilds(store).where('b.part_id', '=', partId).orderBy('b.id', 'desc').execute());
}

type BomRow = Pick<Selectable<DemoTables['bom_items']>, 'sub_part_id' | 'quantity' | 'optional' | 'consumable' | 'allow_variants' | 'part_id'>;

/**
 * The BOM of an assembly: its own lines plus those of every template above it; when a sub-part
 * appears on several levels, the nearest line wins (as InvenTree's inherited BOM items do).
 */
export async function effectiveBom(store: DemoStore, partId: number): Promise<BomLine[]> {
  const result = await sql<BomRow>`
    with recursive chain(id, depth) as (
      select cast(${partId} as integer), 0
      union all
      select p.variant_of, chain.depth + 1 from parts p join chain on p.id = chain.id
      where p.variant_of is not null and chain.depth < 32
    )
    select b.sub_part_id, b.quantity, b.optional, b.consumable, b.allow_variants, b.part_id
    from bom_items b join chain on b.part_id = chain.id
    order by chain.depth, b.id`.execute(store.db);
  const seen = new Set<number>();
  const lines: BomLine[] = [];
  for (const r of result.rows) {
    if (seen.has(r.sub_part_id)) continue;
    seen.add(r.sub_part_id);
    lines.push({
      subPartId: r.sub_part_id,
      quantity: r.quantity,
      optional: r.optional === 1,
      consumable: r.consumable === 1,
      allowVariants: r.allow_variants === 1,
      fromPartId: r.part_id,
    });
  }
  return lines;
}

export interface NewBuild {
  partId: number;
  quantity: number;
  issuedBy: number;
  /** Users made responsible (each through their owner row). */
  responsibleUserIds: readonly number[];
  now: Date;
}

/** "BO" and the build's id, zero-padded to four digits (the dataset's BO0001…BO0016 are ids 1…16). */
export const referenceOf = (id: number): string => `BO${String(id).padStart(4, '0')}`;

/**
 * Creates a build order. Its reference comes from its id, so instances creating builds at the same
 * moment never pick the same one (the row is written first with a placeholder no one else sees).
 */
export async function createBuild(store: DemoStore, input: NewBuild): Promise<{ id: number; reference: string }> {
  return inTransaction(store, async (tx) => {
    const { id } = await tx.db
      .insertInto('builds')
      .values({
        reference: `new:${randomUUID()}`,
        part_id: input.partId,
        quantity: input.quantity,
        completed: 0,
        status: 'PENDING',
        created_on: input.now.toISOString().slice(0, 10),
        issued_by: input.issuedBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const reference = referenceOf(id);
    await tx.db.updateTable('builds').set({ reference }).where('id', '=', id).execute();
    const userIds = [...new Set(input.responsibleUserIds)];
    if (userIds.length > 0) {
      await tx.db
        .insertInto('owners')
        .values(userIds.map((userId) => ({ user_id: userId })))
        .onConflict((conflict) => conflict.column('user_id').doNothing())
        .execute();
      await tx.db
        .insertInto('build_responsible')
        .columns(['build_id', 'owner_id'])
        .expression((eb) =>
          eb
            .selectFrom('owners')
            .select([sql<number>`cast(${id} as integer)`.as('build_id'), 'id as owner_id'])
            .where(isIn(tx, 'user_id', userIds)),
        )
        .execute();
    }
    return { id, reference };
  });
}
