/**
 * Who may view what in the demo: every active user views parts and categories; build orders need a
 * group that may view them (the `readers` group may not) or admin. Used by the pages and by canView.
 */
import { type DemoStore, isIn } from './store/tables.ts';
import type { DemoUser } from './store/users.ts';

export type ViewKind = 'part' | 'category' | 'build';

const TABLE = { part: 'parts', category: 'categories', build: 'builds' } as const satisfies Record<ViewKind, string>;

export function mayView(user: DemoUser, kind: ViewKind): boolean {
  if (!user.active) return false;
  return kind === 'build' ? user.canViewBuilds : true;
}

/**
 * The users among `userIds` who may view the target (none when it does not exist): one query, whatever
 * their number. It is `mayView` in SQL (active; for a build, an admin or in a group that may view
 * builds), the way a real host answers from its own tables; the adapter test keeps the two in step.
 */
export async function viewersOf(store: DemoStore, userIds: readonly number[], kind: ViewKind, id: number): Promise<number[]> {
  if (userIds.length === 0 || !Object.hasOwn(TABLE, kind)) return [];
  const rows = await store.db
    .selectFrom('users as u')
    .select('u.id')
    .where(isIn(store, 'u.id', userIds))
    .where('u.active', '=', 1)
    .where((eb) => eb.exists(eb.selectFrom(TABLE[kind]).select('id').where('id', '=', id)))
    .$if(kind === 'build', (query) =>
      query.where((eb) =>
        eb.or([
          eb('u.is_admin', '=', 1),
          eb(
            'u.id',
            'in',
            eb.selectFrom('user_groups as ug').innerJoin('groups as g', 'g.id', 'ug.group_id').select('ug.user_id').where('g.can_view_builds', '=', 1),
          ),
        ]),
      ),
    )
    .orderBy('u.id')
    .execute();
  return rows.map((row) => row.id);
}
