/**
 * Who may view what in the demo: every active user views parts and categories; build orders need a
 * group that may view them (the `readers` group may not) or admin. Used by the pages and by canView.
 */
import { sql } from 'kysely';
import { type DemoStore, isIn } from './store/tables.ts';
import type { DemoUser } from './store/users.ts';

export type ViewKind = 'part' | 'category' | 'build';

const TABLE = { part: 'parts', category: 'categories', build: 'builds' } as const satisfies Record<ViewKind, string>;

export function mayView(user: DemoUser, kind: ViewKind): boolean {
  if (!user.active) return false;
  return kind === 'build' ? user.canViewBuilds : true;
}

/** Members of a group that may view build orders (the `readers` group may not). */
const MAY_VIEW_BUILDS = sql`select ug.user_id from user_groups ug join groups g on g.id = ug.group_id where g.can_view_builds = 1`;

/**
 * The users among `userIds` who may view the target (none when it does not exist): one query, whatever
 * their number. It is `mayView` in SQL (active; for a build, an admin or in a group that may view
 * builds), the way a real host answers from its own tables; the adapter test keeps the two in step.
 * The flags are literals, not parameters: SQLite then plans the group lookup by primary key.
 */
export async function viewersOf(store: DemoStore, userIds: readonly number[], kind: ViewKind, id: number): Promise<number[]> {
  if (userIds.length === 0 || !Object.hasOwn(TABLE, kind)) return [];
  const result = await sql<{ id: number }>`
    select u.id from users u
    where ${isIn(store, 'u.id', userIds)} and u.active = 1
      and exists (select 1 from ${sql.table(TABLE[kind])} where id = ${id})
      ${kind === 'build' ? sql`and (u.is_admin = 1 or u.id in (${MAY_VIEW_BUILDS}))` : sql``}`.execute(store.db);
  return result.rows.map((row) => row.id);
}
