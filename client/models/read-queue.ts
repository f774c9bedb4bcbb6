/**
 * Reads of one list, one after another: a re-read triggered by the socket must not throw away the
 * page a user just asked for with "Load more", nor land on top of it out of order.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { asError } from '../api.ts';

export interface ReadQueue {
  /** On while any read is queued or running. */
  readonly loading: ReadonlySignal<boolean>;
  /** Run `work` after every read queued before it; a failure goes to `fail` and the queue goes on. */
  run(work: () => Promise<void>): Promise<void>;
}

export function createReadQueue(fail: (error: Error) => void): ReadQueue {
  const loading = signal(false);
  let tail: Promise<void> = Promise.resolve();
  return {
    loading,
    run(work) {
      loading.value = true;
      const mine: Promise<void> = tail.then(async () => {
        try {
          await work();
        } catch (e) {
          fail(asError(e));
        } finally {
          if (tail === mine) loading.value = false;
        }
      });
      tail = mine;
      return mine;
    },
  };
}
