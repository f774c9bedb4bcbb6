/**
 * Changes saved one after another, in the order they were made, for models whose every change is
 * answered with the whole view (`PATCH /preferences`, `PATCH /admin/settings`).
 *
 * The UI shows each change at once (optimistically). Only the answer to the last queued change is
 * applied: an earlier answer would briefly undo the changes still queued behind it. When any change
 * fails, the view is read again once the queue is empty, so what is shown is what is stored.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { asError } from '../api.ts';

export type SaveResult<V> = { ok: true; value: V } | { ok: false; error: Error };

export interface SaveQueue<V> {
  /**
   * A change is on its way. A read that answers meanwhile must not be shown: it may predate the
   * change, and the change's own answer (or the re-read after a failure) follows.
   */
  readonly saving: ReadonlySignal<boolean>;
  run(send: () => Promise<V>): Promise<SaveResult<V>>;
}

export function createSaveQueue<V>(apply: (view: V) => void, reload: () => Promise<void>): SaveQueue<V> {
  const saving = signal(false);
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let failed = false;

  return {
    saving,
    run(send) {
      queued += 1;
      saving.value = true;
      const result = tail.then(async (): Promise<SaveResult<V>> => {
        try {
          const value = await send();
          if (queued === 1) apply(value);
          return { ok: true, value };
        } catch (e) {
          failed = true;
          return { ok: false, error: asError(e) };
        } finally {
          queued -= 1;
          if (queued === 0) {
            saving.value = false;
            if (failed) {
              failed = false;
              await reload();
            }
          }
        }
      });
      tail = result;
      return result;
    },
  };
}
