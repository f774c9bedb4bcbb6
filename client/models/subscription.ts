/**
 * One subscribe toggle: the caller's direct subscription to a part or category, and whether a
 * category or template subscription already covers it. A click adds or removes the direct one only.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import type { SubscriptionKind, SubscriptionState } from '../types.ts';
import { createLatestRead } from './latest-read.ts';

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
  const pending = signal(false);
  const error = signal<{ action: 'load' | 'toggle'; error: Error } | null>(null);
  const reads = createLatestRead();
  const show = (next: SubscriptionState) =>
    batch(() => {
      state.value = next;
      error.value = null;
    });

  return {
    kind,
    id,
    state,
    loading: reads.loading,
    pending,
    error,
    refresh: () =>
      reads.run(
        () => api.getSubscription(kind, id),
        show,
        (e) => {
          error.value = { action: 'load', error: e };
        },
      ),
    async toggle() {
      const current = state.value;
      if (!current || pending.value) return false;
      // The toggle's answer is newer than any read still on its way.
      reads.supersede();
      pending.value = true;
      try {
        show(current.subscribed ? await api.unsubscribe(kind, id) : await api.subscribe(kind, id));
        return true;
      } catch (e) {
        error.value = { action: 'toggle', error: asError(e) };
        return false;
      } finally {
        pending.value = false;
      }
    },
  };
}
