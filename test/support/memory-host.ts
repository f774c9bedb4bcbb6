/**
 * An inventory host in memory, for engine tests and benchmarks: the same adapter contract the
 * demo host implements over SQLite, with counters so tests can prove the engine asks in batch.
 * Seeded from InvenTree's demo data (demo/data/inventree-demo.json) or built by hand.
 */
import { readFileSync } from 'node:fs';
import type { FastifyRequest } from 'fastify';
import type { AuthenticatedUser, HostBuild, HostCategory, HostPart, HostUser, InventoryHost, Target } from '../../server/host.ts';

export interface MemoryPart extends Omit<HostPart, 'stock'> {
  ownStock: number;
}

export interface MemoryUser extends HostUser {
  isAdmin: boolean;
}

export class MemoryHost implements InventoryHost {
  parts = new Map<string, MemoryPart>();
  categories = new Map<string, HostCategory>();
  builds = new Map<string, HostBuild>();
  users = new Map<string, MemoryUser>();
  /** Roles that may not view build orders (the demo's readers). */
  hiddenBuildRoles = new Set<string>(['readers']);
  calls = { getParts: 0, getCategories: 0, getBuild: 0, getUsers: 0, usersWithRole: 0, canView: 0 };

  async authenticate(request: FastifyRequest): Promise<AuthenticatedUser | null> {
    const id = request.headers['x-user'];
    const user = typeof id === 'string' ? this.users.get(id) : undefined;
    return user?.active ? { id: user.id, roles: user.roles, isAdmin: user.isAdmin } : null;
  }

  async getParts(ids: readonly string[]): Promise<HostPart[]> {
    this.calls.getParts++;
    return ids.flatMap((id) => {
      const part = this.parts.get(id);
      return part ? [this.#reported(part)] : [];
    });
  }

  async getCategories(ids: readonly string[]): Promise<HostCategory[]> {
    this.calls.getCategories++;
    return ids.flatMap((id) => this.categories.get(id) ?? []);
  }

  async getBuild(id: string): Promise<HostBuild | null> {
    this.calls.getBuild++;
    return this.builds.get(id) ?? null;
  }

  async getUsers(ids: readonly string[]): Promise<HostUser[]> {
    this.calls.getUsers++;
    return ids.flatMap((id) => this.users.get(id) ?? []);
  }

  async usersWithRole(role: string): Promise<string[]> {
    this.calls.usersWithRole++;
    return [...this.users.values()].filter((user) => user.roles.includes(role)).map((user) => user.id);
  }

  async canView(userIds: readonly string[], target: Target): Promise<Set<string>> {
    this.calls.canView++;
    return new Set(userIds.filter((id) => {
      const user = this.users.get(id);
      if (!user) return false;
      return target.kind !== 'build' || !user.roles.some((role) => this.hiddenBuildRoles.has(role));
    }));
  }

  setStock(partId: string, ownStock: number): void {
    const part = this.parts.get(partId);
    if (!part) throw new Error(`no part ${partId}`);
    part.ownStock = ownStock;
  }

  addUser(id: string, options: Partial<MemoryUser> = {}): MemoryUser {
    const user: MemoryUser = { id, name: id, email: `${id}@example.test`, roles: [], active: true, isAdmin: false, ...options };
    this.users.set(id, user);
    return user;
  }

  resetCalls(): void {
    for (const key of Object.keys(this.calls) as (keyof MemoryHost['calls'])[]) this.calls[key] = 0;
  }

  /** Own stock plus every variant's, at any depth, as InvenTree reports a template's stock. */
  totalStock(partId: string): number {
    let total = this.parts.get(partId)?.ownStock ?? 0;
    for (const part of this.parts.values()) if (part.variantOf === partId) total += this.totalStock(part.id);
    return total;
  }

  #reported(part: MemoryPart): HostPart {
    const { ownStock: _own, ...rest } = part;
    return { ...rest, stock: this.totalStock(part.id) };
  }
}

interface DemoData {
  categories: { id: number; name: string; parent: number | null }[];
  parts: { id: number; name: string; category: number | null; variant_of: number | null; minimum_stock: number; active: boolean; is_template: boolean }[];
  stock: Record<string, { in_stock: number }>;
  bom_items: { part: number; sub_part: number; quantity: number }[];
  builds: { id: number; reference: string; part: number; quantity: number }[];
}

export const DEMO_DATA_PATH = new URL('../../demo/data/inventree-demo.json', import.meta.url);

/** InvenTree's demo parts, categories, stock and BOMs (users are added by each test). */
export function inventreeHost(): MemoryHost {
  const data = JSON.parse(readFileSync(DEMO_DATA_PATH, 'utf8')) as DemoData;
  const host = new MemoryHost();
  for (const c of data.categories) {
    host.categories.set(String(c.id), { id: String(c.id), name: c.name, parentId: c.parent === null ? null : String(c.parent), url: `/categories/${c.id}` });
  }
  for (const p of data.parts) {
    host.parts.set(String(p.id), {
      id: String(p.id),
      name: p.name,
      categoryId: p.category === null ? null : String(p.category),
      variantOf: p.variant_of === null ? null : String(p.variant_of),
      minimumStock: p.minimum_stock,
      ownStock: data.stock[String(p.id)]?.in_stock ?? 0,
      url: `/parts/${p.id}`,
      active: p.active,
      isTemplate: p.is_template,
    });
  }
  for (const b of data.builds) {
    host.builds.set(String(b.id), {
      id: String(b.id),
      reference: b.reference,
      partId: String(b.part),
      quantity: b.quantity,
      url: `/builds/${b.id}`,
      createdBy: null,
      responsible: { users: [], roles: [] },
      bom: data.bom_items.filter((line) => line.part === b.part).map((line) => ({ partId: String(line.sub_part), quantity: line.quantity })),
    });
  }
  return host;
}
