/**
 * The delivery log (`GET /admin/deliveries`): jobs newest first, filtered by status, paged by
 * cursor, with a retry for dead and failing ones.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { AdminApi } from '../admin-api.ts';
import { asError } from '../api.ts';
import type { Delivery, DeliveryPage, DeliveryStatus, PausedDestination, RetryDeadBody } from '../types.ts';
import { createLatestRead } from './latest-read.ts';
import type { NoticeBody } from './notice.ts';

export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'retrying', 'sending', 'sent', 'dead'];
export const DELIVERY_PAGE_SIZE = 25;

/** A job the server will take back into the queue: dead, or failed and waiting for its next try. */
export const canRetry = (d: Delivery): boolean => d.status === 'dead' || d.status === 'retrying';

export interface DeliveryLogModel {
  /** null: every status. */
  readonly status: ReadonlySignal<DeliveryStatus | null>;
  readonly items: ReadonlySignal<Delivery[]>;
  readonly nextCursor: ReadonlySignal<string | null>;
  readonly counts: ReadonlySignal<DeliveryPage['counts'] | null>;
  /** Destinations failing for everyone, their jobs waiting for a probe. */
  readonly paused: ReadonlySignal<PausedDestination[]>;
  readonly loaded: ReadonlySignal<boolean>;
  readonly loading: ReadonlySignal<boolean>;
  readonly retrying: ReadonlySignal<ReadonlySet<string>>;
  readonly error: ReadonlySignal<{ action: 'load' | 'retry'; error: Error } | null>;
  setStatus(status: DeliveryStatus | null): Promise<void>;
  /** Read the first page again (with the current filter). */
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  retry(id: string): Promise<boolean>;
  /** Every dead job of a channel or endpoint (or all) back in the queue, then the log read again. */
  retryDead(filter: RetryDeadBody): Promise<boolean>;
}

export interface DeliveryLogOptions {
  pageSize?: number;
  announce?: (body: NoticeBody) => void;
}

export function createDeliveryLog(api: AdminApi, options: DeliveryLogOptions = {}): DeliveryLogModel {
  const pageSize = options.pageSize ?? DELIVERY_PAGE_SIZE;
  const status = signal<DeliveryStatus | null>(null);
  const items = signal<Delivery[]>([]);
  const nextCursor = signal<string | null>(null);
  const counts = signal<DeliveryPage['counts'] | null>(null);
  const paused = signal<PausedDestination[]>([]);
  const loaded = signal(false);
  const retrying = signal<ReadonlySet<string>>(new Set());
  const error = signal<{ action: 'load' | 'retry'; error: Error } | null>(null);
  /** A first page supersedes every read before it; a later page that answers after it is dropped. */
  const reads = createLatestRead();

  const read = (cursor: string | null) =>
    reads.run(
      () => api.listDeliveries({ status: status.value, limit: pageSize, cursor }),
      (page) =>
        batch(() => {
          if (cursor) {
            const seen = new Set(items.value.map((d) => d.id));
            items.value = [...items.value, ...page.items.filter((d) => !seen.has(d.id))];
          } else {
            items.value = page.items;
          }
          nextCursor.value = page.nextCursor;
          counts.value = page.counts;
          paused.value = page.paused ?? [];
          loaded.value = true;
          error.value = null;
        }),
      (e) => {
        error.value = { action: 'load', error: e };
      },
      cursor !== null,
    );

  return {
    status,
    items,
    nextCursor,
    counts,
    paused,
    loaded,
    loading: reads.loading,
    retrying,
    error,
    setStatus(next) {
      status.value = next;
      return read(null);
    },
    reload: () => read(null),
    loadMore() {
      const cursor = nextCursor.value;
      return cursor ? read(cursor) : Promise.resolve();
    },
    async retry(id) {
      if (retrying.value.has(id)) return false;
      retrying.value = new Set([...retrying.value, id]);
      try {
        const updated = await api.retryDelivery(id);
        batch(() => {
          items.value = items.value.map((d) => (d.id === id ? updated : d));
          error.value = null;
        });
        options.announce?.({ type: 'retried', id });
        return true;
      } catch (e) {
        error.value = { action: 'retry', error: asError(e) };
        return false;
      } finally {
        retrying.value = new Set([...retrying.value].filter((r) => r !== id));
      }
    },
    async retryDead(filter) {
      try {
        const retried = await api.retryDead(filter);
        options.announce?.({ type: 'retriedAll', count: retried });
        await read(null);
        return true;
      } catch (e) {
        error.value = { action: 'retry', error: asError(e) };
        return false;
      }
    },
  };
}
