/**
 * The user's notification settings (`/preferences`): the kinds × channels matrix with where each
 * cell's value comes from, email mode, digest hour and time zone, and personal endpoints.
 *
 * Every change is saved at once with `PATCH` and shown at once; changes go out one after another
 * (see save-queue.ts), a failure is kept in `error` for the widget to say, and the view is re-read.
 */
import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { PreferencesApi } from '../preferences-api.ts';
import type { EmailSettings, Preferences, PreferencesPatch } from '../types.ts';
import { createEndpoints, type EndpointsModel } from './endpoints.ts';
import { createNotices, type Notice } from './notice.ts';
import { asError, createSaveQueue } from './save-queue.ts';

export type PreferencesError = { action: 'load' | 'save'; error: Error };

export interface PreferencesModel {
  readonly view: ReadonlySignal<Preferences | null>;
  readonly loading: ReadonlySignal<boolean>;
  readonly saving: ReadonlySignal<boolean>;
  /** The last failure; cleared by the next success. */
  readonly error: ReadonlySignal<PreferencesError | null>;
  /** Cells whose reset is on its way (`cellKey`). */
  readonly resetting: ReadonlySignal<ReadonlySet<string>>;
  readonly notice: ReadonlySignal<Notice | null>;
  readonly endpoints: EndpointsModel;
  refresh(): Promise<void>;
  /** Turn a cell on or off: the user's own choice from now on. */
  setCell(kind: string, channel: string, enabled: boolean): Promise<boolean>;
  /** Clear the user's choice: the cell follows its role or global default again. */
  resetCell(kind: string, channel: string): Promise<boolean>;
  setEmail(change: Partial<EmailSettings>): Promise<boolean>;
}

export const cellKey = (kind: string, channel: string): string => `${kind}\u0000${channel}`;

export function createPreferences(api: PreferencesApi): PreferencesModel {
  const view = signal<Preferences | null>(null);
  const loading = signal(false);
  const error = signal<PreferencesError | null>(null);
  const resetting = signal<ReadonlySet<string>>(new Set());
  const { notice, announce } = createNotices();
  let version = 0;

  async function refresh() {
    const mine = ++version;
    loading.value = true;
    try {
      const next = await api.getPreferences();
      if (mine !== version || queue.saving.value) return;
      batch(() => {
        view.value = next;
        if (error.value?.action === 'load') error.value = null;
      });
    } catch (e) {
      if (mine === version) error.value = { action: 'load', error: asError(e) };
    } finally {
      if (mine === version) loading.value = false;
    }
  }

  const queue = createSaveQueue<Preferences>(
    (next) => {
      // A read still on its way is older than this answer: it will be dropped.
      version += 1;
      batch(() => {
        loading.value = false;
        view.value = next;
      });
    },
    refresh,
  );

  async function save(patch: PreferencesPatch, optimistic: ((v: Preferences) => Preferences) | null) {
    if (optimistic && view.value) view.value = optimistic(view.value);
    const result = await queue.run(() => api.patchPreferences(patch));
    error.value = result.ok ? null : { action: 'save', error: result.error };
    return result;
  }

  const withCell = (v: Preferences, kind: string, channel: string, enabled: boolean): Preferences => ({
    ...v,
    matrix: { ...v.matrix, [kind]: { ...v.matrix[kind], [channel]: { enabled, source: 'user' } } },
  });

  const endpoints = createEndpoints({
    items: computed(() => view.value?.endpoints ?? []),
    async add(input) {
      const created = await api.addEndpoint(input);
      const { secret, ...endpoint } = created;
      if (view.value) view.value = { ...view.value, endpoints: [...view.value.endpoints, endpoint] };
      return { endpoint, secret };
    },
    async remove(id) {
      await api.removeEndpoint(id);
      if (view.value) view.value = { ...view.value, endpoints: view.value.endpoints.filter((e) => e.id !== id) };
    },
    test: (id) => api.testEndpoint(id),
    announce,
  });

  return {
    view,
    loading,
    saving: queue.saving,
    error,
    resetting,
    notice,
    endpoints,
    refresh,
    async setCell(kind, channel, enabled) {
      const result = await save({ matrix: { [kind]: { [channel]: enabled } } }, (v) => withCell(v, kind, channel, enabled));
      if (result.ok) announce({ type: 'cell', kind, channel, enabled, source: null });
      return result.ok;
    },
    async resetCell(kind, channel) {
      const key = cellKey(kind, channel);
      if (resetting.value.has(key)) return false;
      resetting.value = new Set([...resetting.value, key]);
      try {
        const result = await save({ matrix: { [kind]: { [channel]: null } } }, null);
        const cell = result.ok ? result.value.matrix[kind]?.[channel] : undefined;
        if (cell) announce({ type: 'cell', kind, channel, enabled: cell.enabled, source: cell.source });
        return result.ok;
      } finally {
        resetting.value = new Set([...resetting.value].filter((k) => k !== key));
      }
    },
    async setEmail(change) {
      const result = await save({ email: change }, (v) => ({ ...v, email: { ...v.email, ...change } }));
      if (result.ok) announce({ type: 'email' });
      return result.ok;
    },
  };
}
