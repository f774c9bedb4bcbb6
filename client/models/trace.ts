/**
 * One "Why?" / "Why not?" disclosure: closed until asked, then the trace read afresh every time it
 * opens (a rule changed since is reflected), the newest read winning.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { Trace } from '../types.ts';
import { createLatestRead } from './latest-read.ts';

export interface TraceModel {
  readonly open: ReadonlySignal<boolean>;
  readonly trace: ReadonlySignal<Trace | null>;
  readonly loading: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<Error | null>;
  /** Opens (reading the trace) or closes. */
  toggle(): void;
  close(): void;
  refresh(): Promise<void>;
}

export function createTrace(read: () => Promise<Trace>): TraceModel {
  const open = signal(false);
  const trace = signal<Trace | null>(null);
  const error = signal<Error | null>(null);
  const reads = createLatestRead();
  const refresh = () =>
    reads.run(
      read,
      (next) =>
        batch(() => {
          trace.value = next;
          error.value = null;
        }),
      (e) => {
        error.value = e;
      },
    );
  return {
    open,
    trace,
    loading: reads.loading,
    error,
    toggle() {
      open.value = !open.value;
      if (open.value) void refresh();
    },
    close() {
      open.value = false;
    },
    refresh,
  };
}
