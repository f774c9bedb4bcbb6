/**
 * Users, their groups (Stockbell's roles) and what each may do in the demo.
 * Permissions come from group flags; an admin may do everything.
 */
import { type DemoDb, idList } from '../db.ts';

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

interface UserRow {
  id: number;
  username: string;
  name: string;
  email: string | null;
  is_admin: number;
  active: number;
  time_zone: string | null;
  locale: string | null;
}

interface MembershipRow {
  user_id: number;
  role: string;
  can_view_builds: number;
  can_edit_stock: number;
}

const USER_COLUMNS = 'id, username, name, email, is_admin, active, time_zone, locale';

/** Attaches roles and permissions to user rows with one membership query. */
function withRoles(db: DemoDb, rows: UserRow[]): DemoUser[] {
  if (rows.length === 0) return [];
  const memberships = db
    .prepare<[string], MembershipRow>(
      `select ug.user_id, g.role, g.can_view_builds, g.can_edit_stock
       from user_groups ug join groups g on g.id = ug.group_id
       where ug.user_id in (select value from json_each(?)) order by g.role`,
    )
    .all(idList(rows.map((r) => r.id)));
  return rows.map((row) => {
    const mine = memberships.filter((m) => m.user_id === row.id);
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
      roles: [...(isAdmin ? [ADMIN_ROLE] : []), ...mine.map((m) => m.role)],
      canViewBuilds: isAdmin || mine.some((m) => m.can_view_builds === 1),
      canEditStock: isAdmin || mine.some((m) => m.can_edit_stock === 1),
    };
  });
}

export function usersByIds(db: DemoDb, ids: readonly number[]): DemoUser[] {
  if (ids.length === 0) return [];
  const rows = db
    .prepare<[string], UserRow>(
      `select ${USER_COLUMNS} from users where id in (select value from json_each(?)) order by id`,
    )
    .all(idList(ids));
  return withRoles(db, rows);
}

export function userById(db: DemoDb, id: number): DemoUser | null {
  return usersByIds(db, [id])[0] ?? null;
}

export function usersByUsernames(db: DemoDb, usernames: readonly string[]): DemoUser[] {
  if (usernames.length === 0) return [];
  const rows = db
    .prepare<[string], UserRow>(
      `select ${USER_COLUMNS} from users where username in (select value from json_each(?)) order by id`,
    )
    .all(JSON.stringify(usernames));
  return withRoles(db, rows);
}

export function allUsers(db: DemoDb): DemoUser[] {
  return withRoles(db, db.prepare<[], UserRow>(`select ${USER_COLUMNS} from users order by id`).all());
}

/** Ids of the users with a role (`admin` is every admin). */
export function userIdsWithRole(db: DemoDb, role: string): number[] {
  const sql =
    role === ADMIN_ROLE
      ? 'select id from users where is_admin = 1 order by id'
      : `select distinct ug.user_id as id from user_groups ug join groups g on g.id = ug.group_id
         where g.role = ? order by ug.user_id`;
  const statement = db.prepare<unknown[], { id: number }>(sql);
  return (role === ADMIN_ROLE ? statement.all() : statement.all(role)).map((r) => r.id);
}

/** Every role, for the admin screen: `admin` (every admin), then the groups by name. */
export function allRoles(db: DemoDb): { id: string; name: string }[] {
  const groups = db.prepare<[], { id: string; name: string }>('select role as id, name from groups order by name').all();
  return [{ id: ADMIN_ROLE, name: 'administrators' }, ...groups];
}
