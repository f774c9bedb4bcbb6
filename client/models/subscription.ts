/**
 * One subscribe toggle: the caller's direct subscription to a part or category, and whether a
 * category or template subscription already covers it. A click adds or removes the direct one only.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { StockbellApi } from '../api.ts';
import type { SubscriptionKind, SubscriptionState } from '../types.ts';

export interface SubscriptionModel {
  readonly kind: SubscriptionKind;
  readonly id: string;
  readonly state: ReadonlySignal<SubscriptionState | null>;
  readonly loading: ReadonlySignal<boolean>;
  /** A toggle is on its way. */
  readonly pending: ReadonlySignal<boolean>;
  /** The last failure and what failed; cleared by the next success. */
  readonly error: ReadonlySignal<{ action: 'load' | 'toggle'; error: Error } | null>;
  refresh(): Promise<void>;
  /** Subscribe when not directly subscribed, unsubscribe when directly subscribed. Resolves to success. */
  toggle(): Promise<boolean>;
}

export function createSubscription(api: StockbellApi, kind: SubscriptionKind, id: string): SubscriptionModel {
  const state = signal<SubscriptionState | null>(null);
  const loading = signal(false);
  const pending = signal(false);
  const error = signal<{ action: 'load' | 'toggle'; error: Error } | null>(null);
  let version = 0;

  const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

  return {
    kind,
    id,
    state,
    loading,
    pending,
    error,
    async refresh() {
      const mine = ++version;
      loading.value = true;
      try {
        const next = await api.getSubscription(kind, id);
        if (mine !== version) return;
        batch(() => {
          state.value = next;
          error.value = null;
        });
      } catch (e) {
        if (mine === version) error.value = { action: 'load', error: asError(e) };
      } finally {
        if (mine === version) loading.value = false;
      }
    },
    async toggle() {
      const current = state.value;
      if (!current || pending.value) return false;
      const mine = ++version;
      pending.value = true;
      try {
        const next = current.subscribed ? await api.unsubscribe(kind, id) : await api.subscribe(kind, id);
        batch(() => {
          state.value = next;
          error.value = null;
          loading.value = false;
        });
        return true;
      } catch (e) {
        error.value = { action: 'toggle', error: asError(e) };
        return false;
      } finally {
        pending.value = false;
        if (mine === version) loading.value = false;
      }
    },
  };
}
