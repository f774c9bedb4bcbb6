/**
 * The caller's subscription list: parts and categories followed, and what they muted, with
 * unsubscribe and unmute in place.
 */
import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import type { SubscriptionItem } from '../types.ts';
import { createLatestRead } from './latest-read.ts';

export interface SubscriptionListModel {
  readonly items: ReadonlySignal<SubscriptionItem[]>;
  /** Followed parts and categories. */
  readonly parts: ReadonlySignal<SubscriptionItem[]>;
  readonly categories: ReadonlySignal<SubscriptionItem[]>;
  /** Muted parts and categories. */
  readonly muted: ReadonlySignal<SubscriptionItem[]>;
  readonly loaded: ReadonlySignal<boolean>;
  readonly loading: ReadonlySignal<boolean>;
  /** Keys (`kind:id`) of rows being removed. */
  readonly pending: ReadonlySignal<ReadonlySet<string>>;
  readonly error: ReadonlySignal<{ action: 'load' | 'unsubscribe' | 'unmute'; error: Error } | null>;
  refresh(): Promise<void>;
  /** Unsubscribes from a followed item, or unmutes a muted one. */
  remove(item: SubscriptionItem): Promise<boolean>;
}

export const subscriptionKey = (item: { kind: string; id: string }) => `${item.kind}:${item.id}`;

export function createSubscriptionList(api: StockbellApi): SubscriptionListModel {
  const items = signal<SubscriptionItem[]>([]);
  const loaded = signal(false);
  const pending = signal<ReadonlySet<string>>(new Set());
  const error = signal<{ action: 'load' | 'unsubscribe' | 'unmute'; error: Error } | null>(null);
  const reads = createLatestRead();

  const setPending = (key: string, on: boolean) => {
    const next = new Set(pending.value);
    if (on) next.add(key);
    else next.delete(key);
    pending.value = next;
  };

  return {
    items,
    parts: computed(() => items.value.filter((item) => item.kind === 'part' && !item.muted)),
    categories: computed(() => items.value.filter((item) => item.kind === 'category' && !item.muted)),
    muted: computed(() => items.value.filter((item) => item.muted)),
    loaded,
    loading: reads.loading,
    pending,
    error,
    refresh: () =>
      reads.run(
        () => api.listSubscriptions(),
        (next) =>
          batch(() => {
            items.value = next;
            loaded.value = true;
            error.value = null;
          }),
        (e) => {
          error.value = { action: 'load', error: e };
        },
      ),
    async remove(item) {
      const key = subscriptionKey(item);
      if (pending.value.has(key)) return false;
      setPending(key, true);
      try {
        await (item.muted ? api.unmute(item.kind, item.id) : api.unsubscribe(item.kind, item.id));
        batch(() => {
          items.value = items.value.filter((i) => subscriptionKey(i) !== key);
          error.value = null;
        });
        return true;
      } catch (e) {
        error.value = { action: item.muted ? 'unmute' : 'unsubscribe', error: asError(e) };
        return false;
      } finally {
        setPending(key, false);
      }
    },
  };
}
