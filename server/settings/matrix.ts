/**
 * The preferences matrix (PRODUCT §2): kinds × channels. Three layers decide a cell:
 *
 *   user override  ──else──▶  role defaults  ──else──▶  global defaults (admin) ──else──▶ built-in
 *
 * Role rule: when the user has several roles with a default for the cell, any role that enables
 * it wins (roles add channels, they never take one away from another role). The inbox is always
 * on and cannot be switched. Pure functions: no I/O.
 */
import { type Cell, MATRIX_CHANNELS, type Switches } from '../contract/index.ts';

/** The admin's layers; a user's own overrides are a third `Switches`. Missing cells fall through. */
export interface Defaults {
  /** Admin's global defaults over the built-in ones. */
  global: Switches;
  /** Admin's defaults per role. */
  roles: Record<string, Switches>;
}


/** Email is on for what needs action (low stock, short builds) and for messages sent on purpose. */
const BUILT_IN_EMAIL_OFF = new Set(['build.created']);

/** What a fresh install does before any admin touches it. */
export function builtInDefault(kind: string, channel: string): boolean {
  if (channel === 'inbox') return true;
  if (channel === 'email') return !BUILT_IN_EMAIL_OFF.has(kind);
  // Chat and webhooks stay off until an admin enables them (they need endpoints anyway).
  return false;
}

/** A cell set at one layer, or undefined. Own properties only: a kind called `constructor` finds nothing inherited. */
export function cellOf(cells: Switches | undefined, kind: string, channel: string): boolean | undefined {
  if (!cells || !Object.hasOwn(cells, kind)) return undefined;
  const row = cells[kind];
  return row && Object.hasOwn(row, channel) ? row[channel] : undefined;
}

export function globalDefault(kind: string, channel: string, global: Switches): boolean {
  return cellOf(global, kind, channel) ?? builtInDefault(kind, channel);
}

/** The role layer alone: true if any role enables, false if some role disables and none enables, else undefined. */
export function roleDefault(kind: string, channel: string, roles: readonly string[], defaults: Defaults): boolean | undefined {
  let found: boolean | undefined;
  for (const role of roles) {
    const value = Object.hasOwn(defaults.roles, role) ? cellOf(defaults.roles[role], kind, channel) : undefined;
    if (value === true) return true;
    if (value === false) found = false;
  }
  return found;
}

export function effective(
  kind: string,
  channel: string,
  user: Switches | undefined,
  roles: readonly string[],
  defaults: Defaults,
): Cell {
  if (channel === 'inbox') return { enabled: true, source: 'global' };
  const own = cellOf(user, kind, channel);
  if (own !== undefined) return { enabled: own, source: 'user' };
  const role = roleDefault(kind, channel, roles, defaults);
  if (role !== undefined) return { enabled: role, source: 'role' };
  return { enabled: globalDefault(kind, channel, defaults.global), source: 'global' };
}

/** The whole matrix for one user, as `GET /preferences` shows it. */
export function matrixFor(
  kinds: readonly string[],
  user: Switches | undefined,
  roles: readonly string[],
  defaults: Defaults,
): Record<string, Record<string, Cell>> {
  const matrix: Record<string, Record<string, Cell>> = {};
  for (const kind of kinds) {
    const row: Record<string, Cell> = {};
    for (const channel of MATRIX_CHANNELS) row[channel] = effective(kind, channel, user, roles, defaults);
    matrix[kind] = row;
  }
  return matrix;
}

/** The global layer for display: built-in merged with the admin's choices. */
export function globalMatrix(kinds: readonly string[], global: Switches): Record<string, Record<string, boolean>> {
  const matrix: Record<string, Record<string, boolean>> = {};
  for (const kind of kinds) {
    const row: Record<string, boolean> = {};
    for (const channel of MATRIX_CHANNELS) row[channel] = globalDefault(kind, channel, global);
    matrix[kind] = row;
  }
  return matrix;
}

/** Sets (boolean) or clears (null) cells in a copy of `cells`; empty kinds are dropped. */
export function applySwitches(cells: Switches, changes: Record<string, Record<string, boolean | null>>): Switches {
  const next: Switches = structuredClone(cells);
  for (const [kind, row] of Object.entries(changes)) {
    const target = { ...next[kind] };
    for (const [channel, value] of Object.entries(row)) {
      if (value === null) delete target[channel];
      else target[channel] = value;
    }
    if (Object.keys(target).length === 0) delete next[kind];
    else next[kind] = target;
  }
  return next;
}
