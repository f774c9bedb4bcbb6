/**
 * Who may view what in the demo: every active user views parts and categories; build orders need a
 * group that may view them (the `readers` group may not) or admin. Used by the pages and by canView.
 */
import type { DemoDb } from './db.ts';
import { type DemoUser, usersByIds } from './store/users.ts';

export type ViewKind = 'part' | 'category' | 'build';

const TABLE: Record<ViewKind, string> = { part: 'parts', category: 'categories', build: 'builds' };

export function mayView(user: DemoUser, kind: ViewKind): boolean {
  if (!user.active) return false;
  return kind === 'build' ? user.canViewBuilds : true;
}

export function targetExists(db: DemoDb, kind: ViewKind, id: number): boolean {
  if (!Object.hasOwn(TABLE, kind)) return false;
  return db.prepare(`select 1 from ${TABLE[kind]} where id = ?`).get(id) !== undefined;
}

/** The users among `userIds` who may view the target (none when it does not exist). Two queries. */
export function viewersOf(db: DemoDb, userIds: readonly number[], kind: ViewKind, id: number): number[] {
  if (userIds.length === 0 || !targetExists(db, kind, id)) return [];
  return usersByIds(db, userIds)
    .filter((user) => mayView(user, kind))
    .map((user) => user.id);
}
