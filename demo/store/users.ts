/**
 * Users, their groups (Stockbell's roles) and what each may do in the demo.
 * Permissions come from group flags; an admin may do everything.
 */
import { groupBy } from './group-by.ts';
import { CompiledQuery, type Selectable } from 'kysely';
import { type DemoStore, type DemoTables, flag, inTransaction, isIn } from './tables.ts';

/** The role every admin has, besides the roles of their groups. */
export const ADMIN_ROLE = 'admin';

export interface DemoUser {
  id: number;
  username: string;
  name: string;
  email: string | null;
  isAdmin: boolean;
  active: boolean;
  timeZone: string | null;
  locale: string | null;
  roles: string[];
  canViewBuilds: boolean;
  canEditStock: boolean;
}

type UserRow = Selectable<DemoTables['users']>;

const USER_COLUMNS = ['id', 'username', 'name', 'email', 'is_admin', 'active', 'time_zone', 'locale'] as const;

interface Membership {
  role: string;
  can_view_builds: number;
  can_edit_stock: number;
}

/** Attaches roles and permissions to user rows: one membership query, grouped in one pass. */
async function withRoles(store: DemoStore, rows: UserRow[]): Promise<DemoUser[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const memberships = await store.db
    .selectFrom('user_groups as ug')
    .innerJoin('groups as g', 'g.id', 'ug.group_id')
    .select(['ug.user_id', 'g.role', 'g.can_view_builds', 'g.can_edit_stock'])
    .where(isIn(store, 'ug.user_id', ids))
    .orderBy('g.role')
    .execute();
  const byUser = groupBy(memberships, (m) => m.user_id);
  return rows.map((row) => demoUser(row, byUser.get(row.id) ?? []));
}

function demoUser(row: UserRow, memberships: readonly Membership[]): DemoUser {
  const isAdmin = row.is_admin === 1;
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    email: row.email,
    isAdmin,
    active: row.active === 1,
    timeZone: row.time_zone,
    locale: row.locale,
    roles: [...(isAdmin ? [ADMIN_ROLE] : []), ...memberships.map((m) => m.role)],
    // permissions.ts asks the same in SQL for canView.
    canViewBuilds: isAdmin || memberships.some((m) => m.can_view_builds === 1),
    canEditStock: isAdmin || memberships.some((m) => m.can_edit_stock === 1),
  };
}

export async function usersByIds(store: DemoStore, ids: readonly number[]): Promise<DemoUser[]> {
  if (ids.length === 0) return [];
  const rows = await store.db.selectFrom('users').select(USER_COLUMNS).where(isIn(store, 'id', ids)).orderBy('id').execute();
  return withRoles(store, rows);
}

/** The one user with their groups, by one statement built once per store: every signed-in request asks it. */
const userByIdQueries = new WeakMap<DemoStore, CompiledQuery<UserRow & Partial<Membership>>>();

export async function userById(store: DemoStore, id: number): Promise<DemoUser | null> {
  let query = userByIdQueries.get(store);
  if (!query) {
    // Built and compiled once: two queries built per call cost ~110 µs, this one reused ~20 µs (SQL ~10).
    query = store.db
      .selectFrom('users as u')
      .leftJoin('user_groups as ug', 'ug.user_id', 'u.id')
      .leftJoin('groups as g', 'g.id', 'ug.group_id')
      .select(USER_COLUMNS.map((column) => `u.${column}` as const))
      .select(['g.role', 'g.can_view_builds', 'g.can_edit_stock'])
      .where('u.id', '=', 0)
      .orderBy('g.role')
      .compile() as CompiledQuery<UserRow & Partial<Membership>>;
    userByIdQueries.set(store, query);
  }
  const { rows } = await store.db.executeQuery(CompiledQuery.raw(query.sql, [id]) as CompiledQuery<UserRow & Partial<Membership>>);
  const [first] = rows;
  if (!first) return null;
  return demoUser(first, rows.filter((row): row is UserRow & Membership => typeof row.role === 'string'));
}

export async function usersByUsernames(store: DemoStore, usernames: readonly string[]): Promise<DemoUser[]> {
  if (usernames.length === 0) return [];
  const rows = await store.db
    .selectFrom('users')
    .select(USER_COLUMNS)
    .where(isIn(store, 'username', usernames))
    .orderBy('id')
    .execute();
  return withRoles(store, rows);
}

export async function allUsers(store: DemoStore): Promise<DemoUser[]> {
  return withRoles(store, await store.db.selectFrom('users').select(USER_COLUMNS).orderBy('id').execute());
}

/** Ids of the users with a role (`admin` is every admin). */
export async function userIdsWithRole(store: DemoStore, role: string): Promise<number[]> {
  const rows =
    role === ADMIN_ROLE
      ? await store.db.selectFrom('users').select('id').where('is_admin', '=', 1).orderBy('id').execute()
      : await store.db
          .selectFrom('user_groups as ug')
          .innerJoin('groups as g', 'g.id', 'ug.group_id')
          .select('ug.user_id as id')
          .distinct()
          .where('g.role', '=', role)
          .orderBy('ug.user_id')
          .execute();
  return rows.map((r) => r.id);
}

export interface NewUser {
  username: string;
  email?: string | null;
  isAdmin?: boolean;
  /** Roles of existing groups (`engineering`, `readers`, …). */
  roles?: readonly string[];
}

/** Rows per INSERT: well under both databases' bound-parameter limits. */
const CHUNK = 1000;

/**
 * Adds users in a few set-based statements (the seed has its own; tests and benches add thousands).
 * Returns their ids in the order given; an unknown role is an error and adds nobody.
 */
export async function insertUsers(store: DemoStore, users: readonly NewUser[]): Promise<number[]> {
  return inTransaction(store, async (tx) => {
    const roles = [...new Set(users.flatMap((u) => u.roles ?? []))];
    const groups = roles.length === 0 ? [] : await tx.db.selectFrom('groups').select(['id', 'role']).where(isIn(tx, 'role', roles)).execute();
    const groupOf = new Map(groups.map((g) => [g.role, g.id]));
    const unknown = roles.filter((role) => !groupOf.has(role));
    if (unknown.length > 0) throw new Error(`no group with role ${unknown.join(', ')}`);
    const idOf = new Map<string, number>();
    for (let start = 0; start < users.length; start += CHUNK) {
      const rows = users.slice(start, start + CHUNK).map((u) => ({
        username: u.username,
        name: u.username,
        email: u.email === undefined ? `${u.username}@example.test` : u.email,
        is_admin: flag(u.isAdmin ?? false),
        active: 1,
        locale: 'en',
      }));
      // RETURNING's row order is not guaranteed: match the ids back by username.
      for (const row of await tx.db.insertInto('users').values(rows).returning(['id', 'username']).execute()) {
        idOf.set(row.username, row.id);
      }
    }
    const memberships = users.flatMap((u) =>
      (u.roles ?? []).map((role) => ({ user_id: idOf.get(u.username) as number, group_id: groupOf.get(role) as number })),
    );
    for (let start = 0; start < memberships.length; start += CHUNK) {
      await tx.db.insertInto('user_groups').values(memberships.slice(start, start + CHUNK)).execute();
    }
    return users.map((u) => idOf.get(u.username) as number);
  });
}

/** Every role, for the admin screen: `admin` (every admin), then the groups by name. */
export async function allRoles(store: DemoStore): Promise<{ id: string; name: string }[]> {
  const groups = await store.db.selectFrom('groups').select(['role as id', 'name']).orderBy('name').execute();
  return [{ id: ADMIN_ROLE, name: 'administrators' }, ...groups];
}
