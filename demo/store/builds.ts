/**
 * Build orders and bills of materials. A build's responsible is a set of owners (users or groups,
 * as in InvenTree); a part's BOM includes the lines it inherits from its templates, nearest first.
 */
import { type DemoDb, idList } from '../db.ts';

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

interface BuildRow {
  id: number;
  reference: string;
  part_id: number;
  part_name: string;
  quantity: number;
  completed: number;
  status: string;
  created_on: string;
  target_date: string | null;
  issued_by: number | null;
  issued_by_name: string | null;
}

interface ResponsibleRow {
  build_id: number;
  user_id: number | null;
  username: string | null;
  role: string | null;
}

const BUILD_SELECT = `
select b.id, b.reference, b.part_id, p.name as part_name, b.quantity, b.completed, b.status, b.created_on,
       b.target_date, b.issued_by, u.username as issued_by_name
from builds b join parts p on p.id = b.part_id left join users u on u.id = b.issued_by`;

function withResponsible(db: DemoDb, rows: BuildRow[]): Build[] {
  if (rows.length === 0) return [];
  const responsible = db
    .prepare<[string], ResponsibleRow>(
      `select br.build_id, o.user_id, u.username, g.role
       from build_responsible br join owners o on o.id = br.owner_id
       left join users u on u.id = o.user_id left join groups g on g.id = o.group_id
       where br.build_id in (select value from json_each(?)) order by o.id`,
    )
    .all(idList(rows.map((r) => r.id)));
  return rows.map((row) => {
    const mine = responsible.filter((r) => r.build_id === row.id);
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

export function buildById(db: DemoDb, id: number): Build | null {
  const row = db.prepare<[number], BuildRow>(`${BUILD_SELECT} where b.id = ?`).get(id);
  return row ? (withResponsible(db, [row])[0] ?? null) : null;
}

export function listBuilds(db: DemoDb): Build[] {
  return withResponsible(db, db.prepare<[], BuildRow>(`${BUILD_SELECT} order by b.id desc`).all());
}

export function buildsForPart(db: DemoDb, partId: number): Build[] {
  return withResponsible(db, db.prepare<[number], BuildRow>(`${BUILD_SELECT} where b.part_id = ? order by b.id desc`).all(partId));
}

export function buildExists(db: DemoDb, id: number): boolean {
  return db.prepare('select 1 from builds where id = ?').get(id) !== undefined;
}

/**
 * The BOM of an assembly: its own lines plus those of every template above it; when a sub-part
 * appears on several levels, the nearest line wins (as InvenTree's inherited BOM items do).
 */
export function effectiveBom(db: DemoDb, partId: number): BomLine[] {
  const rows = db
    .prepare<
      [number],
      {
        sub_part_id: number;
        quantity: number;
        optional: number;
        consumable: number;
        allow_variants: number;
        part_id: number;
      }
    >(
      `with recursive chain(id, depth) as (
         select ?, 0
         union all
         select p.variant_of, chain.depth + 1 from parts p join chain on p.id = chain.id
         where p.variant_of is not null and chain.depth < 32
       )
       select b.sub_part_id, b.quantity, b.optional, b.consumable, b.allow_variants, b.part_id
       from bom_items b join chain on b.part_id = chain.id
       order by chain.depth, b.id`,
    )
    .all(partId);
  const seen = new Set<number>();
  const lines: BomLine[] = [];
  for (const r of rows) {
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

/** "BO" and the next number, zero-padded to four digits: BO0017 after BO0016. */
export function nextReference(db: DemoDb): string {
  const row = db
    .prepare<[], { n: number | null }>(
      `select max(cast(substr(reference, 3) as integer)) as n from builds where reference glob 'BO[0-9]*'`,
    )
    .get();
  return `BO${String((row?.n ?? 0) + 1).padStart(4, '0')}`;
}

export function createBuild(db: DemoDb, input: NewBuild): { id: number; reference: string } {
  return db.transaction(() => {
    const reference = nextReference(db);
    const info = db
      .prepare(
        `insert into builds (reference, part_id, quantity, completed, status, created_on, issued_by)
         values (?, ?, ?, 0, 'PENDING', ?, ?)`,
      )
      .run(reference, input.partId, input.quantity, input.now.toISOString().slice(0, 10), input.issuedBy);
    const id = Number(info.lastInsertRowid);
    const ownerOf = db.prepare<[number], { id: number }>('select id from owners where user_id = ?');
    const addOwner = db.prepare('insert into owners (user_id) values (?)');
    const addResponsible = db.prepare('insert or ignore into build_responsible (build_id, owner_id) values (?, ?)');
    for (const userId of new Set(input.responsibleUserIds)) {
      const ownerId = ownerOf.get(userId)?.id ?? Number(addOwner.run(userId).lastInsertRowid);
      addResponsible.run(id, ownerId);
    }
    return { id, reference };
  })();
}
