/**
 * Debounced work for the models that re-read after socket frames: a burst of frames (another tab
 * marking ten rows read) makes one re-read, not ten.
 */

/** Run `fn` after `ms`; returns the function that cancels it. Tests inject a manual one. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export const timerSchedule: Schedule = (fn, ms) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export interface Debounced {
  /** Run the work `ms` after the last call, once. */
  soon(): void;
  cancel(): void;
}

export function debounced(work: () => void, ms: number, schedule: Schedule = timerSchedule): Debounced {
  let cancel: (() => void) | null = null;
  return {
    soon() {
      cancel?.();
      cancel = schedule(() => {
        cancel = null;
        work();
      }, ms);
    },
    cancel() {
      cancel?.();
      cancel = null;
    },
  };
}
