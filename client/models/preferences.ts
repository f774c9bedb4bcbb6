/**
 * The user's notification settings (`/preferences`): the kinds × channels matrix with where each
 * cell's value comes from, email mode, digest hour and time zone, quiet hours, and personal endpoints.
 *
 * Every change is saved at once with `PATCH` and shown at once; changes go out one after another
 * (see save-queue.ts), a failure is kept in `error` for the widget to say, and the view is re-read.
 */
import { computed, type ReadonlySignal, signal } from '@preact/signals';
import type { PreferencesApi } from '../preferences-api.ts';
import type { EmailSettings, Preferences, PreferencesPatch, QuietHours } from '../types.ts';
import { createEndpoints, type EndpointsModel } from './endpoints.ts';
import { createNotices, type Notice } from './notice.ts';
import { createSavedView, type ViewError } from './saved-view.ts';

export type PreferencesError = ViewError;

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
  /**
   * Change the nightly window or weekends: merged with what is shown, and sent whole (the server
   * takes quiet hours as one value). Nothing on at all is sent as `null`: no quiet hours.
   */
  setQuietHours(change: Partial<QuietHours>): Promise<boolean>;
}

const NO_QUIET_HOURS: QuietHours = { nights: null, weekends: false };

/** Quiet hours are on at all: a nightly window, weekends, or both. */
export const quietHoursOn = (quiet: QuietHours): boolean => quiet.nights !== null || quiet.weekends;

export const cellKey = (kind: string, channel: string): string => `${kind}\u0000${channel}`;

export function createPreferences(api: PreferencesApi): PreferencesModel {
  const stored = createSavedView(
    () => api.getPreferences(),
    (patch: PreferencesPatch) => api.patchPreferences(patch),
  );
  const { view, error } = stored;
  const resetting = signal<ReadonlySet<string>>(new Set());
  const { notice, announce } = createNotices();

  /** Every change here is reported: a failure is the widget's alert, a success clears it. */
  async function save(patch: PreferencesPatch, optimistic?: (v: Preferences) => Preferences) {
    const result = await stored.save(patch, optimistic);
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
      stored.show((v) => ({ ...v, endpoints: [...v.endpoints, endpoint] }));
      return { endpoint, secret };
    },
    async remove(id) {
      await api.removeEndpoint(id);
      stored.show((v) => ({ ...v, endpoints: v.endpoints.filter((e) => e.id !== id) }));
    },
    test: (id) => api.testEndpoint(id),
    announce,
  });

  return {
    view,
    loading: stored.loading,
    saving: stored.saving,
    error,
    resetting,
    notice,
    endpoints,
    refresh: stored.refresh,
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
        const result = await save({ matrix: { [kind]: { [channel]: null } } });
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
    async setQuietHours(change) {
      const next: QuietHours = { ...(view.value?.quietHours ?? NO_QUIET_HOURS), ...change };
      const result = await save({ quietHours: quietHoursOn(next) ? next : null }, (v) => ({ ...v, quietHours: next }));
      if (result.ok) announce({ type: 'quiet' });
      return result.ok;
    },
  };
}
