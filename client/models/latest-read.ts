/**
 * Reads whose answers may come back out of order (a slow first read, then a faster refresh): only
 * the answer to the newest read is applied, and `loading` stays on until that one has answered.
 * Every model that shows what the server has is built on one.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { asError } from '../api.ts';

export interface LatestRead {
  readonly loading: ReadonlySignal<boolean>;
  /**
   * Read, then hand the answer to `apply` (or the failure to `fail`) unless a newer read started
   * meanwhile, or `supersede()` was called. `continues`: the next page of the current read, which
   * does not supersede it (and is dropped if a new first read starts).
   */
  run<T>(read: () => Promise<T>, apply: (value: T) => void, fail: (error: Error) => void, continues?: boolean): Promise<void>;
  /** Something newer than any read in flight has been applied (a save's answer): drop their answers. */
  supersede(): void;
}

export function createLatestRead(): LatestRead {
  const loading = signal(false);
  let version = 0;
  return {
    loading,
    supersede() {
      version += 1;
      loading.value = false;
    },
    async run(read, apply, fail, continues = false) {
      const mine = continues ? version : ++version;
      loading.value = true;
      try {
        const value = await read();
        if (mine === version) apply(value);
      } catch (e) {
        if (mine === version) fail(asError(e));
      } finally {
        if (mine === version) loading.value = false;
      }
    },
  };
}
