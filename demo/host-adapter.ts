/**
 * The demo's InventoryHost (PRODUCT §4): how Stockbell reads the demo's parts, categories, builds and
 * users. Every method is a fixed number of set-based queries and one pass over their rows, however
 * many ids it is asked about; ids cross the door as strings.
 *
 * It needs only an open store, not the HTTP app, so a bench can drive it directly:
 *   createHostAdapter(await openDemoStore({ file: 'demo.sqlite' }))
 */
import type { AuthenticatedUser, HostBuild, HostCategory, HostPart, HostRole, HostUser, InventoryHost } from 'stockbell';
import { viewersOf } from './permissions.ts';
import { sessionUser } from './session.ts';
import { type Build, buildById, effectiveBom } from './store/builds.ts';
import { type Category, categoriesByIds } from './store/categories.ts';
import { type Part, partsByIds } from './store/parts.ts';
import type { DemoStore } from './store/tables.ts';
import { allRoles, type DemoUser, userIdsWithRole, usersByIds } from './store/users.ts';
import { buildUrl, categoryUrl, partUrl } from './urls.ts';

const DEMO_ID = /^\d{1,15}$/;

/** Plugin-side ids are strings; the demo's are integers. Anything else is simply not found. */
export function parseIds(ids: readonly string[]): number[] {
  const out = new Set<number>();
  for (const id of ids) {
    if (DEMO_ID.test(id)) out.add(Number(id));
  }
  return [...out];
}

const idOrNull = (id: number | null): string | null => (id === null ? null : String(id));

const hostPart = (p: Part): HostPart => ({
  id: String(p.id),
  name: p.name,
  categoryId: idOrNull(p.categoryId),
  variantOf: idOrNull(p.variantOf),
  minimumStock: p.minimumStock,
  stock: p.stock,
  url: partUrl(p.id),
  active: p.active,
  isTemplate: p.isTemplate,
});

const hostCategory = (c: Category): HostCategory => ({
  id: String(c.id),
  name: c.name,
  parentId: idOrNull(c.parentId),
  url: categoryUrl(c.id),
});

const hostUser = (u: DemoUser): HostUser => ({
  id: String(u.id),
  name: u.name,
  email: u.email,
  roles: u.roles,
  active: u.active,
  timeZone: u.timeZone,
  locale: u.locale,
});

async function hostBuild(store: DemoStore, build: Build): Promise<HostBuild> {
  const bom = await effectiveBom(store, build.partId);
  return {
    id: String(build.id),
    reference: build.reference,
    partId: String(build.partId),
    quantity: build.quantity,
    url: buildUrl(build.id),
    createdBy: idOrNull(build.issuedBy),
    responsible: { users: build.responsible.users.map((u) => String(u.id)), roles: build.responsible.roles },
    bom: bom.map((line) => ({ partId: String(line.subPartId), quantity: line.quantity })),
  };
}

export function createHostAdapter(store: DemoStore): InventoryHost {
  return {
    async authenticate(request): Promise<AuthenticatedUser | null> {
      const user = await sessionUser(store, request);
      return user ? { id: String(user.id), roles: user.roles, isAdmin: user.isAdmin } : null;
    },
    getParts: async (ids) => (await partsByIds(store, parseIds(ids))).map(hostPart),
    getCategories: async (ids) => (await categoriesByIds(store, parseIds(ids))).map(hostCategory),
    async getBuild(id) {
      const [buildId] = parseIds([id]);
      const build = buildId === undefined ? null : await buildById(store, buildId);
      return build ? hostBuild(store, build) : null;
    },
    getUsers: async (ids) => (await usersByIds(store, parseIds(ids))).map(hostUser),
    usersWithRole: async (role) => (await userIdsWithRole(store, role)).map(String),
    listRoles: (): Promise<HostRole[]> => allRoles(store),
    async canView(userIds, target) {
      const [targetId] = parseIds([target.id]);
      if (targetId === undefined) return new Set();
      return new Set((await viewersOf(store, parseIds(userIds), target.kind, targetId)).map(String));
    },
  };
}
