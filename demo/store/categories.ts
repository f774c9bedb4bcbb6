/**
 * Categories: a tree of any depth (`parent_id`).
 */
import { type Selectable, sql } from 'kysely';
import { countRows, type DemoStore, type DemoTables, isIn } from './tables.ts';

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

type CategoryRow = Selectable<DemoTables['categories']>;

const toCategory = (row: CategoryRow): Category => ({ id: row.id, name: row.name, parentId: row.parent_id });

const categoryColumns = ['id', 'name', 'parent_id'] as const;

export async function categoriesByIds(store: DemoStore, ids: readonly number[]): Promise<Category[]> {
  if (ids.length === 0) return [];
  const rows = await store.db.selectFrom('categories').select(categoryColumns).where(isIn(store, 'id', ids)).orderBy('id').execute();
  return rows.map(toCategory);
}

/** The category and its ancestors, root first; empty when the category does not exist. */
export async function categoryPath(store: DemoStore, id: number): Promise<Category[]> {
  const result = await sql<CategoryRow>`
    with recursive up(id, name, parent_id, depth) as (
      select id, name, parent_id, 0 from categories where id = ${id}
      union all
      select c.id, c.name, c.parent_id, up.depth + 1 from categories c join up on c.id = up.parent_id
      where up.depth < 64
    )
    select id, name, parent_id from up order by depth desc`.execute(store.db);
  return result.rows.map(toCategory);
}

export async function childCategories(store: DemoStore, parentId: number): Promise<Category[]> {
  const rows = await store.db
    .selectFrom('categories')
    .select(categoryColumns)
    .where('parent_id', '=', parentId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
  return rows.map(toCategory);
}

/** The whole tree with part counts, roots first, children sorted by name. */
export async function categoryTree(store: DemoStore): Promise<CategoryNode[]> {
  const result = await sql<CategoryRow & { part_count: number }>`
    select c.id, c.name, c.parent_id, cast(count(p.id) as integer) as part_count
    from categories c left join parts p on p.category_id = c.id
    group by c.id, c.name, c.parent_id
    order by lower(c.name), c.id`.execute(store.db);
  const nodes = new Map<number, CategoryNode>(
    result.rows.map((r) => [r.id, { ...toCategory(r), partCount: r.part_count, children: [] }]),
  );
  const roots: CategoryNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId === null ? undefined : nodes.get(node.parentId);
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export const countCategories = (store: DemoStore): Promise<number> => countRows(store, 'categories');
