/**
 * One subscribe toggle: the caller's direct subscription to a part or category, whether a category
 * or template subscription already covers it, and the caller's mute on it. A click adds or removes
 * the direct subscription only; a template part may be followed alone. "Why not?" reads the trace.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import type { SubscriptionKind, SubscriptionState, Trace } from '../types.ts';
import { createLatestRead } from './latest-read.ts';

export type SubscriptionAction = 'load' | 'toggle' | 'mute';

export interface SubscriptionModel {
  readonly kind: SubscriptionKind;
  readonly id: string;
  readonly state: ReadonlySignal<SubscriptionState | null>;
  readonly loading: ReadonlySignal<boolean>;
  /** A change is on its way. */
  readonly pending: ReadonlySignal<boolean>;
  /** The last failure and what failed; cleared by the next success. */
  readonly error: ReadonlySignal<{ action: SubscriptionAction; error: Error } | null>;
  refresh(): Promise<void>;
  /** Subscribe when not directly subscribed, unsubscribe when directly subscribed. Resolves to success. */
  toggle(): Promise<boolean>;
  /** Subscribe, or change what the subscription covers: a template part with its variants or alone. */
  subscribe(options: { variants: boolean }): Promise<boolean>;
  /** Mute this target when it is not muted here, unmute it when it is. */
  toggleMute(): Promise<boolean>;
  /** Whether the caller is told about this target, and if not, why not. */
  explain(): Promise<Trace>;
}

export function createSubscription(api: StockbellApi, kind: SubscriptionKind, id: string): SubscriptionModel {
  const state = signal<SubscriptionState | null>(null);
  const pending = signal(false);
  const error = signal<{ action: SubscriptionAction; error: Error } | null>(null);
  const reads = createLatestRead();
  const show = (next: SubscriptionState) =>
    batch(() => {
      state.value = next;
      error.value = null;
    });

  /** One change at a time, once the state is known; its answer is newer than any read on its way. */
  async function change(action: SubscriptionAction, call: (current: SubscriptionState) => Promise<SubscriptionState>): Promise<boolean> {
    const current = state.value;
    if (!current || pending.value) return false;
    reads.supersede();
    pending.value = true;
    try {
      show(await call(current));
      return true;
    } catch (e) {
      error.value = { action, error: asError(e) };
      return false;
    } finally {
      pending.value = false;
    }
  }

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
    toggle: () => change('toggle', (current) => (current.subscribed ? api.unsubscribe(kind, id) : api.subscribe(kind, id))),
    subscribe: ({ variants }) => change('toggle', () => api.subscribe(kind, id, { variants })),
    toggleMute: () => change('mute', (current) => (current.muted ? api.unmute(kind, id) : api.mute(kind, id))),
    explain: () => api.trace(kind, id),
  };
}
