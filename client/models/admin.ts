/**
 * The administrators' settings (`/admin/settings`): global settings, the global default matrix,
 * defaults per role, shared endpoints; and the delivery log. A non-admin's 403 is kept as the load
 * error, and the widget shows the server's message instead of the forms.
 */
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AdminApi } from '../admin-api.ts';
import { ApiError } from '../api.ts';
import type { AdminSettings, AdminSettingsPatch, CellChange, GeneralSettings, RoleInfo } from '../types.ts';
import { createDeliveryLog, type DeliveryLogModel } from './deliveries.ts';
import { createEndpoints, type EndpointsModel } from './endpoints.ts';
import { createNotices, type Notice } from './notice.ts';
import { createSavedView, type ViewError } from './saved-view.ts';
import { createTraceLookup, type TraceLookupModel } from './trace-lookup.ts';

export type GeneralField = keyof GeneralSettings;
export const GENERAL_FIELDS: readonly GeneralField[] = [
  'enabled',
  'lowStockEnabled',
  'retentionDays',
  'defaultDigestHour',
  'publicUrl',
  'allowedOrigins',
  'endpointAllowList',
  'urgentKinds',
];

export interface AdminModel {
  readonly settings: ReadonlySignal<AdminSettings | null>;
  readonly loading: ReadonlySignal<boolean>;
  readonly saving: ReadonlySignal<boolean>;
  /** Loading failed (a non-admin's 403 included) or a matrix change failed. */
  readonly error: ReadonlySignal<ViewError | null>;
  /** The caller may not administer: the server's 403. */
  readonly denied: ReadonlySignal<boolean>;
  /** Why saving the general settings failed, and the field the server's message names. */
  readonly generalError: ReadonlySignal<{ field: GeneralField | null; error: Error } | null>;
  /** Roles with defaults of their own, sorted. */
  readonly roles: ReadonlySignal<string[]>;
  /**
   * The roles to choose from when the host lists its own: those, by name, then any role that still
   * has defaults but is no longer the host's. Null when the host does not list them: a role is typed.
   */
  readonly roleChoices: ReadonlySignal<RoleInfo[] | null>;
  readonly notice: ReadonlySignal<Notice | null>;
  readonly endpoints: EndpointsModel;
  readonly log: DeliveryLogModel;
  /** "Why didn't they get it?" for any user. */
  readonly trace: TraceLookupModel;
  /** Read the settings; the first successful read also reads the delivery log. */
  refresh(): Promise<void>;
  saveGeneral(changes: Partial<GeneralSettings>): Promise<boolean>;
  setDefault(kind: string, channel: string, enabled: boolean): Promise<boolean>;
  /** `null` clears the role's cell: it follows the global default again. */
  setRoleDefault(role: string, kind: string, channel: string, value: CellChange): Promise<boolean>;
  /** Remove every default of a role. */
  clearRole(role: string): Promise<boolean>;
}

/** The general-settings field a 400 names: `body/publicUrl …`, `body/allowedOrigins/2 …`. */
export function generalField(message: string): GeneralField | null {
  const name = /^body\/(\w+)/.exec(message)?.[1];
  return (GENERAL_FIELDS as readonly string[]).includes(name ?? '') ? (name as GeneralField) : null;
}

export function createAdmin(api: AdminApi): AdminModel {
  const stored = createSavedView(
    () => api.getSettings(),
    (patch: AdminSettingsPatch) => api.patchSettings(patch),
  );
  const { view: settings, error, save } = stored;
  const generalError = signal<{ field: GeneralField | null; error: Error } | null>(null);
  const { notice, announce } = createNotices();
  const log = createDeliveryLog(api, { announce });
  let logStarted = false;

  /** Read the settings; once they have been read, the delivery log too (once). */
  async function refresh() {
    await stored.refresh();
    if (logStarted || !settings.value) return;
    logStarted = true;
    void log.reload();
  }

  /** A matrix change: failures go to `error`, successes are announced. */
  async function saveCell(patch: AdminSettingsPatch, optimistic: (s: AdminSettings) => AdminSettings, body: Parameters<typeof announce>[0]) {
    const result = await save(patch, optimistic);
    error.value = result.ok ? null : { action: 'save', error: result.error };
    if (result.ok) announce(body);
    return result.ok;
  }

  const endpoints = createEndpoints({
    items: computed(() => settings.value?.endpoints ?? []),
    async add(input) {
      const before = new Set((settings.value?.endpoints ?? []).map((e) => e.id));
      const result = await save({ endpoints: { add: [input] } });
      if (!result.ok) throw result.error;
      const created = result.value.endpoints.find((e) => !before.has(e.id)) ?? result.value.endpoints.at(-1);
      if (!created) throw new Error('the server did not return the new endpoint');
      const { secret, ...endpoint } = created;
      return { endpoint, secret: secret ?? null };
    },
    async remove(id) {
      const result = await save({ endpoints: { remove: [id] } });
      if (!result.ok) throw result.error;
    },
    test: (id) => api.testEndpoint(id),
    announce,
  });

  return {
    settings,
    loading: stored.loading,
    saving: stored.saving,
    error,
    denied: computed(() => {
      const e = error.value;
      return e?.action === 'load' && e.error instanceof ApiError && e.error.status === 403;
    }),
    generalError,
    roles: computed(() => Object.keys(settings.value?.roleDefaults ?? {}).sort((a, b) => a.localeCompare(b))),
    roleChoices: computed(() => {
      const view = settings.value;
      if (!view?.roles) return null;
      const listed = new Set(view.roles.map((role) => role.id));
      const former = Object.keys(view.roleDefaults).filter((id) => !listed.has(id)).sort((a, b) => a.localeCompare(b));
      return [...view.roles, ...former.map((id) => ({ id, name: id }))];
    }),
    notice,
    endpoints,
    log,
    trace: createTraceLookup((user, kind, id) => api.trace(user, kind, id)),
    refresh,
    async saveGeneral(changes) {
      if (Object.keys(changes).length === 0) {
        generalError.value = null;
        announce({ type: 'saved' });
        return true;
      }
      const result = await save(changes);
      if (result.ok) {
        generalError.value = null;
        announce({ type: 'saved' });
      } else {
        generalError.value = { field: generalField(result.error.message), error: result.error };
      }
      return result.ok;
    },
    setDefault(kind, channel, enabled) {
      return saveCell(
        { defaults: { [kind]: { [channel]: enabled } } },
        (s) => ({ ...s, defaults: { ...s.defaults, [kind]: { ...s.defaults[kind], [channel]: enabled } } }),
        { type: 'cell', kind, channel, enabled, source: null },
      );
    },
    setRoleDefault(role, kind, channel, value) {
      const fallback = settings.value?.defaults[kind]?.[channel] ?? false;
      return saveCell(
        { roleDefaults: { [role]: { [kind]: { [channel]: value } } } },
        (s) => {
          const cells = { ...s.roleDefaults[role]?.[kind] };
          if (value === null) delete cells[channel];
          else cells[channel] = value;
          return { ...s, roleDefaults: { ...s.roleDefaults, [role]: { ...s.roleDefaults[role], [kind]: cells } } };
        },
        value === null
          ? { type: 'cell', kind, channel, enabled: fallback, source: 'global' }
          : { type: 'cell', kind, channel, enabled: value, source: null },
      );
    },
    clearRole(role) {
      return saveCell(
        { roleDefaults: { [role]: null } },
        (s) => {
          const { [role]: _gone, ...rest } = s.roleDefaults;
          return { ...s, roleDefaults: rest };
        },
        { type: 'role-cleared', role },
      );
    },
  };
}
