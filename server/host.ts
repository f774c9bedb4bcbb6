/**
 * The host adapter: the only door from Stockbell to the host's data (PRODUCT §4).
 * Every read is a batch call; Stockbell never asks per user or per row.
 * Ids are strings on this side of the door, whatever the host stores.
 */
import type { FastifyRequest } from 'fastify';

export interface HostUser {
  id: string;
  name: string;
  email?: string | null;
  roles: string[];
  active: boolean;
  /** IANA zone, e.g. "Europe/Berlin"; used for digest hours. */
  timeZone?: string | null;
  /** BCP 47 tag, e.g. "en" or "de-CH"; messages fall back to English. */
  locale?: string | null;
}

export interface AuthenticatedUser {
  id: string;
  roles: string[];
  isAdmin: boolean;
}

export interface HostPart {
  id: string;
  name: string;
  categoryId: string | null;
  /** The template this part is a variant of; templates nest. */
  variantOf: string | null;
  minimumStock: number;
  /** What counts against the minimum: for a template, its own plus all its variants' stock. */
  stock: number;
  url: string;
  active: boolean;
  /**
   * A template part (InvenTree's `is_template`): its subscribers choose between the part alone and
   * the part with its variants. Optional; without it nobody is offered the choice.
   */
  isTemplate?: boolean;
}

export interface HostCategory {
  id: string;
  name: string;
  parentId: string | null;
  url: string;
}

export interface BomLine {
  partId: string;
  /** Quantity of the sub-part per assembly. */
  quantity: number;
}

export interface HostBuild {
  id: string;
  reference: string;
  /** The assembly being built. */
  partId: string;
  quantity: number;
  url: string;
  createdBy: string | null;
  responsible: { users: string[]; roles: string[] };
  bom: BomLine[];
}

/** A role as the host names it: `id` is what `AuthenticatedUser.roles` and `usersWithRole` use. */
export interface HostRole {
  id: string;
  /** What administrators see; the id when absent. */
  name?: string | null;
}

export type TargetKind = 'part' | 'category' | 'build';
export interface Target {
  kind: TargetKind;
  id: string;
}

export interface InventoryHost {
  /** Who is making this request, or null for nobody. Called for every route and the WebSocket upgrade. */
  authenticate(request: FastifyRequest): Promise<AuthenticatedUser | null>;
  /** Unknown ids are simply absent from the result. */
  getParts(ids: readonly string[]): Promise<HostPart[]>;
  getCategories(ids: readonly string[]): Promise<HostCategory[]>;
  getBuild(id: string): Promise<HostBuild | null>;
  getUsers(ids: readonly string[]): Promise<HostUser[]>;
  usersWithRole(role: string): Promise<string[]>;
  /** The subset of userIds that may view the target. */
  canView(userIds: readonly string[], target: Target): Promise<Set<string>>;
  /**
   * Optional: every role of the host, so the admin screen offers them for role defaults (and names
   * them). Without it, an administrator types a role's id.
   */
  listRoles?(): Promise<HostRole[]>;
}

export const HOST_METHODS = [
  'authenticate',
  'getParts',
  'getCategories',
  'getBuild',
  'getUsers',
  'usersWithRole',
  'canView',
] as const satisfies readonly (keyof InventoryHost)[];

/** Methods a host may leave out; when present they must be functions. */
export const OPTIONAL_HOST_METHODS = ['listRoles'] as const satisfies readonly (keyof InventoryHost)[];
