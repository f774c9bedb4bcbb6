/**
 * The administrators' "why not?" for anyone: which user, and which part, category or build; the
 * newest question's answer wins. A 400 names the field it is about (`querystring/user …`).
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { Trace, TraceTargetKind } from '../types.ts';
import { createLatestRead } from './latest-read.ts';

export type TraceLookupField = 'user' | 'kind' | 'id';

export interface TraceLookupModel {
  readonly trace: ReadonlySignal<Trace | null>;
  readonly loading: ReadonlySignal<boolean>;
  /** Why the last question failed, and the field the server's message names. */
  readonly error: ReadonlySignal<{ field: TraceLookupField | null; error: Error } | null>;
  explain(question: { user: string; kind: TraceTargetKind; id: string }): Promise<void>;
}

/** `querystring/user is required` → user; `params/id …` → id. */
export function lookupField(message: string): TraceLookupField | null {
  const name = /^(?:querystring|params)\/(\w+)/.exec(message)?.[1];
  return name === 'user' || name === 'kind' || name === 'id' ? name : null;
}

export function createTraceLookup(read: (user: string, kind: TraceTargetKind, id: string) => Promise<Trace>): TraceLookupModel {
  const trace = signal<Trace | null>(null);
  const error = signal<{ field: TraceLookupField | null; error: Error } | null>(null);
  const reads = createLatestRead();
  return {
    trace,
    loading: reads.loading,
    error,
    explain: ({ user, kind, id }) =>
      reads.run(
        () => read(user, kind, id),
        (next) =>
          batch(() => {
            trace.value = next;
            error.value = null;
          }),
        (e) =>
          batch(() => {
            trace.value = null;
            error.value = { field: lookupField(e.message), error: e };
          }),
      ),
  };
}
