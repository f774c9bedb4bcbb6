/**
 * The demo's InventoryHost (PRODUCT §4): how Stockbell reads the demo's parts, categories, builds and
 * users. Every read is one batch query (`where id in (…)`); ids cross the door as strings.
 */
import type {
  AuthenticatedUser,
  HostBuild,
  HostCategory,
  HostPart,
  HostRole,
  HostUser,
  InventoryHost,
  Target,
} from '../server/host.ts';
import { type DemoDb, parseIds } from './db.ts';
import { viewersOf } from './permissions.ts';
import { sessionUser } from './session.ts';
import { buildById, effectiveBom } from './store/builds.ts';
import { categoriesByIds } from './store/categories.ts';
import { partsByIds } from './store/parts.ts';
import { allRoles, userIdsWithRole, usersByIds } from './store/users.ts';
import { buildUrl, categoryUrl, partUrl } from './urls.ts';

const idOrNull = (id: number | null): string | null => (id === null ? null : String(id));

export function createHostAdapter(db: DemoDb): InventoryHost {
  return {
    async authenticate(request): Promise<AuthenticatedUser | null> {
      const user = sessionUser(db, request);
      return user ? { id: String(user.id), roles: user.roles, isAdmin: user.isAdmin } : null;
    },

    async getParts(ids): Promise<HostPart[]> {
      return partsByIds(db, parseIds(ids)).map((p) => ({
        id: String(p.id),
        name: p.name,
        categoryId: idOrNull(p.categoryId),
        variantOf: idOrNull(p.variantOf),
        minimumStock: p.minimumStock,
        stock: p.stock,
        url: partUrl(p.id),
        active: p.active,
      }));
    },

    async getCategories(ids): Promise<HostCategory[]> {
      return categoriesByIds(db, parseIds(ids)).map((c) => ({
        id: String(c.id),
        name: c.name,
        parentId: idOrNull(c.parentId),
        url: categoryUrl(c.id),
      }));
    },

    async getBuild(id): Promise<HostBuild | null> {
      const [buildId] = parseIds([id]);
      const build = buildId === undefined ? null : buildById(db, buildId);
      if (!build) return null;
      return {
        id: String(build.id),
        reference: build.reference,
        partId: String(build.partId),
        quantity: build.quantity,
        url: buildUrl(build.id),
        createdBy: idOrNull(build.issuedBy),
        responsible: {
          users: build.responsible.users.map((u) => String(u.id)),
          roles: build.responsible.roles,
        },
        bom: effectiveBom(db, build.partId).map((line) => ({
          partId: String(line.subPartId),
          quantity: line.quantity,
        })),
      };
    },

    async getUsers(ids): Promise<HostUser[]> {
      return usersByIds(db, parseIds(ids)).map((u) => ({
        id: String(u.id),
        name: u.name,
        email: u.email,
        roles: u.roles,
        active: u.active,
        timeZone: u.timeZone,
        locale: u.locale,
      }));
    },

    async usersWithRole(role): Promise<string[]> {
      return userIdsWithRole(db, role).map(String);
    },

    async listRoles(): Promise<HostRole[]> {
      return allRoles(db);
    },

    async canView(userIds, target: Target): Promise<Set<string>> {
      const [targetId] = parseIds([target.id]);
      if (targetId === undefined) return new Set();
      return new Set(viewersOf(db, parseIds(userIds), target.kind, targetId).map(String));
    },
  };
}
