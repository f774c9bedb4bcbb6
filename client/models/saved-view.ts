/**
 * A view read with GET and changed with PATCH, where every PATCH is answered with the whole view
 * (`/preferences`, `/admin/settings`). The newest read is shown; changes are shown at once and
 * saved one after another (save-queue.ts); a read that answers while a change is on its way is
 * dropped, since it may predate the change, whose own answer (or the re-read after a failure) follows.
 */
import { batch, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { createLatestRead } from './latest-read.ts';
import { createSaveQueue, type SaveResult } from './save-queue.ts';

export type ViewError = { action: 'load' | 'save'; error: Error };

export interface SavedView<V, P> {
  readonly view: ReadonlySignal<V | null>;
  readonly loading: ReadonlySignal<boolean>;
  readonly saving: ReadonlySignal<boolean>;
  /**
   * A failed read (set and cleared here), or a failed save its owner chose to report (`action: 'save'`,
   * set by the owner: not every save is shown in the same place).
   */
  readonly error: Signal<ViewError | null>;
  refresh(): Promise<void>;
  /** Show `optimistic(view)` at once, then send `patch` after every change made before it. */
  save(patch: P, optimistic?: (view: V) => V): Promise<SaveResult<V>>;
  /** Change what is shown without a PATCH (what another route has already stored). */
  show(change: (view: V) => V): void;
}

export function createSavedView<V, P>(read: () => Promise<V>, write: (patch: P) => Promise<V>): SavedView<V, P> {
  const view = signal<V | null>(null);
  const error = signal<ViewError | null>(null);
  const reads = createLatestRead();

  const refresh = () =>
    reads.run(
      read,
      (next) => {
        if (queue.saving.value) return;
        batch(() => {
          view.value = next;
          if (error.value?.action === 'load') error.value = null;
        });
      },
      (e) => {
        error.value = { action: 'load', error: e };
      },
    );

  const queue = createSaveQueue<V>((next) => {
    reads.supersede();
    view.value = next;
  }, refresh);

  const show = (change: (view: V) => V) => {
    if (view.value) view.value = change(view.value);
  };

  return {
    view,
    loading: reads.loading,
    saving: queue.saving,
    error,
    refresh,
    save(patch, optimistic) {
      if (optimistic) show(optimistic);
      return queue.run(() => write(patch));
    },
    show,
  };
}
