/**
 * Categories: a tree of any depth (`parent_id`).
 */
import { type DemoDb, idList } from '../db.ts';

export interface Category {
  id: number;
  name: string;
  parentId: number | null;
}

export interface CategoryNode extends Category {
  /** Parts directly in this category. */
  partCount: number;
  children: CategoryNode[];
}

interface CategoryRow {
  id: number;
  name: string;
  parent_id: number | null;
}

const toCategory = (row: CategoryRow): Category => ({ id: row.id, name: row.name, parentId: row.parent_id });

export function categoriesByIds(db: DemoDb, ids: readonly number[]): Category[] {
  if (ids.length === 0) return [];
  return db
    .prepare<[string], CategoryRow>(
      'select id, name, parent_id from categories where id in (select value from json_each(?)) order by id',
    )
    .all(idList(ids))
    .map(toCategory);
}

export function categoryById(db: DemoDb, id: number): Category | null {
  return categoriesByIds(db, [id])[0] ?? null;
}

/** The category and its ancestors, root first; empty when the category does not exist. */
export function categoryPath(db: DemoDb, id: number): Category[] {
  return db
    .prepare<[number], CategoryRow>(
      `with recursive up(id, name, parent_id, depth) as (
         select id, name, parent_id, 0 from categories where id = ?
         union all
         select c.id, c.name, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id
         where up.depth < 64
       )
       select id, name, parent_id from up order by depth desc`,
    )
    .all(id)
    .map(toCategory);
}

export function childCategories(db: DemoDb, parentId: number): Category[] {
  return db
    .prepare<[number], CategoryRow>(
      'select id, name, parent_id from categories where parent_id = ? order by name collate nocase',
    )
    .all(parentId)
    .map(toCategory);
}

/** The whole tree with part counts, roots first, children sorted by name. */
export function categoryTree(db: DemoDb): CategoryNode[] {
  const rows = db
    .prepare<[], CategoryRow & { part_count: number }>(
      `select c.id, c.name, c.parent_id, (select count(*) from parts p where p.category_id = c.id) as part_count
       from categories c order by c.name collate nocase`,
    )
    .all();
  const nodes = new Map<number, CategoryNode>(
    rows.map((r) => [r.id, { ...toCategory(r), partCount: r.part_count, children: [] }]),
  );
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export function countCategories(db: DemoDb): number {
  return db.prepare<[], { n: number }>('select count(*) as n from categories').get()?.n ?? 0;
}
