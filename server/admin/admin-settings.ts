/**
 * The admin's settings view and change (PRODUCT §2): global settings, the global defaults
 * matrix, defaults per role, and shared endpoints — validated, written in one transaction, live
 * for every instance from its next read (the route's `settings` signal drops their caches).
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Context } from '../context.ts';
import { BadRequestError } from '../errors.ts';
import { type AdminSettings, type AdminSettingsPatch, MATRIX_CHANNELS, type RoleInfo, type Switches } from '../contract/index.ts';
import {
  addEndpoint,
  countEndpoints,
  defaultEndpointName,
  listEndpoints,
  MAX_SHARED_ENDPOINTS,
  newWebhookSecret,
  removeEndpoint,
  toEndpointView,
  updateEndpoint,
} from '../settings/endpoints.ts';
import { applySwitches, type Defaults, globalMatrix } from '../settings/matrix.ts';
import { checkEndpointUrl, checkMatrix } from '../preferences/index.ts';
import type { GlobalSettings } from '../settings/global-settings.ts';
import { checkAllowList, checkOrigin, checkPublicUrl } from '../settings/validation.ts';

/** Names that would reach an object's prototype if used as a key. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export async function adminSettingsOf(ctx: Context, em: EntityManager, secrets: Map<number, string> = new Map()): Promise<AdminSettings> {
  const { settings: s, defaults } = await ctx.settings.readWithDefaults(em);
  return {
    enabled: s.enabled,
    lowStockEnabled: s.lowStockEnabled,
    retentionDays: s.retentionDays,
    defaultDigestHour: s.defaultDigestHour,
    publicUrl: s.publicUrl,
    allowedOrigins: s.allowedOrigins,
    endpointAllowList: s.endpointAllowList,
    urgentKinds: s.urgentKinds,
    roles: await hostRoles(ctx),
    kinds: ctx.options.kinds,
    channels: [...MATRIX_CHANNELS],
    defaults: globalMatrix(ctx.options.kinds.map((k) => k.id), defaults.global),
    roleDefaults: defaults.roles,
    endpoints: (await listEndpoints(em, null)).map((row) => {
      const secret = secrets.get(row.id);
      return secret ? { ...toEndpointView(row), secret } : toEndpointView(row);
    }),
  };
}

/** The host's roles, named (by their id when the host gives no name), or null without `listRoles()`. */
async function hostRoles(ctx: Context): Promise<RoleInfo[] | null> {
  if (!ctx.host.listRoles) return null;
  const roles = new Map<string, string>();
  for (const role of await ctx.host.listRoles()) {
    const id = String(role.id);
    if (!roles.has(id)) roles.set(id, role.name?.trim() || id);
  }
  return [...roles].map(([id, name]) => ({ id, name }));
}

/** Validates everything first (the error names the field), then writes it all in one transaction. */
export async function patchAdminSettings(ctx: Context, em: EntityManager, patch: AdminSettingsPatch): Promise<Map<number, string>> {
  const changes: Partial<GlobalSettings> = {};
  for (const key of ['enabled', 'lowStockEnabled', 'retentionDays', 'defaultDigestHour'] as const) {
    if (patch[key] !== undefined) (changes as Record<string, unknown>)[key] = patch[key];
  }
  if (patch.publicUrl !== undefined) {
    const problem = patch.publicUrl === null ? null : checkPublicUrl(patch.publicUrl);
    if (problem) throw new BadRequestError(`body/publicUrl ${problem}`);
    changes.publicUrl = patch.publicUrl === null ? null : new URL(patch.publicUrl).href.replace(/\/$/, '');
  }
  if (patch.allowedOrigins !== undefined) {
    for (const [i, origin] of patch.allowedOrigins.entries()) {
      const problem = checkOrigin(origin);
      if (problem) throw new BadRequestError(`body/allowedOrigins/${i} ${problem}`);
    }
    changes.allowedOrigins = [...new Set(patch.allowedOrigins)];
  }
  if (patch.endpointAllowList !== undefined) {
    const problem = checkAllowList(patch.endpointAllowList);
    if (problem) throw new BadRequestError(`body/endpointAllowList ${problem}`);
    changes.endpointAllowList = [...new Set(patch.endpointAllowList.map((e) => e.trim()))];
  }
  if (patch.urgentKinds !== undefined) {
    const known = new Set(ctx.options.kinds.map((k) => k.id));
    for (const [i, kind] of patch.urgentKinds.entries()) {
      if (!known.has(kind)) throw new BadRequestError(`body/urgentKinds/${i} is not a known kind`);
    }
    changes.urgentKinds = [...new Set(patch.urgentKinds)];
  }
  const defaultsChange = patch.defaults ? checkMatrix(ctx, patch.defaults, 'body/defaults') : null;
  const roleChanges: [string, Record<string, Record<string, boolean | null>> | null][] = [];
  for (const [role, matrix] of Object.entries(patch.roleDefaults ?? {})) {
    if (role.trim() === '' || role.length > 100 || FORBIDDEN_KEYS.has(role)) throw new BadRequestError(`body/roleDefaults/${role} is not a role name`);
    roleChanges.push([role, matrix === null ? null : checkMatrix(ctx, matrix, `body/roleDefaults/${role}`)]);
  }

  // URLs are checked (DNS included) before the transaction, which then only writes.
  const allowList = changes.endpointAllowList ?? (await ctx.settings.read(em)).endpointAllowList;
  const ops = await checkEndpointOps(patch.endpoints, allowList);

  return em.transactional(async (tx) => {
    const current = (await ctx.settings.readWithDefaults(tx)).defaults;
    const nextDefaults: Partial<Defaults> = {};
    if (defaultsChange) nextDefaults.global = applySwitches(current.global, defaultsChange);
    if (roleChanges.length > 0) {
      const roles: Record<string, Switches> = structuredClone(current.roles);
      for (const [role, matrix] of roleChanges) {
        const next = matrix === null ? {} : applySwitches(roles[role] ?? {}, matrix);
        if (Object.keys(next).length === 0) delete roles[role];
        else roles[role] = next;
      }
      nextDefaults.roles = roles;
    }
    const secrets = await applyEndpointOps(ctx, tx, ops);
    await ctx.settings.writeDefaults(tx, nextDefaults, ctx.clock.now());
    await ctx.settings.write(tx, changes, ctx.clock.now());
    return secrets;
  });
}

type EndpointOps = Required<NonNullable<AdminSettingsPatch['endpoints']>>;

async function checkEndpointOps(ops: AdminSettingsPatch['endpoints'], allowList: readonly string[]): Promise<EndpointOps> {
  const checked: EndpointOps = { add: [], update: [], remove: ops?.remove ?? [] };
  for (const [i, change] of (ops?.update ?? []).entries()) {
    const url = change.url === undefined ? undefined : await checkEndpointUrl(change.url, allowList, `body/endpoints/update/${i}/url`);
    checked.update.push({ id: change.id, ...(change.name === undefined ? {} : { name: change.name }), ...(url === undefined ? {} : { url }) });
  }
  for (const [i, add] of (ops?.add ?? []).entries()) {
    checked.add.push({ ...add, url: await checkEndpointUrl(add.url, allowList, `body/endpoints/add/${i}/url`) });
  }
  return checked;
}

async function applyEndpointOps(ctx: Context, tx: EntityManager, ops: EndpointOps): Promise<Map<number, string>> {
  const secrets = new Map<number, string>();
  const now = ctx.clock.now();
  for (const [i, id] of ops.remove.entries()) {
    if (!(await removeEndpoint(tx, Number(id), null))) throw new BadRequestError(`body/endpoints/remove/${i} is not a shared endpoint`);
  }
  for (const [i, change] of ops.update.entries()) {
    if (!(await updateEndpoint(tx, Number(change.id), null, { name: change.name, url: change.url }, now))) {
      throw new BadRequestError(`body/endpoints/update/${i}/id is not a shared endpoint`);
    }
  }
  if (ops.add.length > 0 && (await countEndpoints(tx, null)) + ops.add.length > MAX_SHARED_ENDPOINTS) {
    throw new BadRequestError(`body/endpoints/add would make more than ${MAX_SHARED_ENDPOINTS} shared endpoints`);
  }
  for (const add of ops.add) {
    const secret = add.channel === 'webhook' ? newWebhookSecret() : null;
    const row = await addEndpoint(tx, { userId: null, channel: add.channel, name: add.name ?? defaultEndpointName(add.channel, add.url), url: add.url, secret }, now);
    if (secret) secrets.set(row.id, secret);
  }
  return secrets;
}
