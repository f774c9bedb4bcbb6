/**
 * Who may view what in the demo: every active user views parts and categories; build orders need a
 * group that may view them (the `readers` group may not) or admin. Used by the pages and by canView.
 */
import type { DemoStore } from './store/tables.ts';
import { type DemoUser, usersByIds } from './store/users.ts';

export type ViewKind = 'part' | 'category' | 'build';

const TABLE = { part: 'parts', category: 'categories', build: 'builds' } as const satisfies Record<ViewKind, string>;

export function mayView(user: DemoUser, kind: ViewKind): boolean {
  if (!user.active) return false;
  return kind === 'build' ? user.canViewBuilds : true;
}

export async function targetExists(store: DemoStore, kind: ViewKind, id: number): Promise<boolean> {
  if (!Object.hasOwn(TABLE, kind)) return false;
  const row = await store.db.selectFrom(TABLE[kind]).select('id').where('id', '=', id).executeTakeFirst();
  return row !== undefined;
}

/**
 * The users among `userIds` who may view the target (none when it does not exist): three queries and
 * one pass over the users, whatever their number.
 */
export async function viewersOf(store: DemoStore, userIds: readonly number[], kind: ViewKind, id: number): Promise<number[]> {
  if (userIds.length === 0 || !(await targetExists(store, kind, id))) return [];
  const users = await usersByIds(store, userIds);
  return users.filter((user) => mayView(user, kind)).map((user) => user.id);
}
