/**
 * The bell's state: the unread count (always live) and the newest unread notifications (read when
 * the flyout opens, then kept live while it is open).
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import type { Live, LiveEvent } from '../live.ts';
import type { Notification } from '../types.ts';
import { createLatestRead } from './latest-read.ts';
import { debounced, type Schedule } from './schedule.ts';
import { createUnreadCount } from './unread-count.ts';

export interface BellOptions {
  /** How many unread notifications the flyout lists. */
  limit?: number;
  /** Injected for tests; defaults to the global timer. */
  schedule?: Schedule;
}

export interface Arrival {
  notification: Notification;
  /** Increases with every arrival, so the same subject twice is announced twice. */
  seq: number;
}

export interface BellModel {
  readonly count: ReadonlySignal<number>;
  readonly items: ReadonlySignal<Notification[]>;
  /** True once the items have been read at least once. */
  readonly loaded: ReadonlySignal<boolean>;
  readonly loading: ReadonlySignal<boolean>;
  /** The last failure, cleared by the next success. */
  readonly error: ReadonlySignal<Error | null>;
  /** The last notification that arrived live (for the live region). */
  readonly arrival: ReadonlySignal<Arrival | null>;
  /** Listen to the socket and read the count; returns the function that stops. */
  start(): () => void;
  /** Whether the flyout shows the items: opening reads them, and keeps them live while open. */
  setActive(active: boolean): void;
  refresh(): Promise<void>;
  markRead(id: string): Promise<boolean>;
  markAllRead(): Promise<boolean>;
}

export const BELL_LIMIT = 8;
const REFRESH_DEBOUNCE_MS = 150;

export function createBell(api: StockbellApi, live: Live, options: BellOptions = {}): BellModel {
  const limit = options.limit ?? BELL_LIMIT;
  const items = signal<Notification[]>([]);
  const loaded = signal(false);
  const error = signal<Error | null>(null);
  const arrival = signal<Arrival | null>(null);
  const fail = (e: Error) => {
    error.value = e;
  };
  const unread = createUnreadCount(api, fail);
  const count = unread.count;
  const reads = createLatestRead();
  let active = false;
  let seq = 0;

  const refreshItems = () =>
    reads.run(
      () => api.listNotifications({ state: 'unread', limit }),
      (page) =>
        batch(() => {
          items.value = page.items.filter((n) => !n.readAt).slice(0, limit);
          loaded.value = true;
          error.value = null;
        }),
      fail,
    );
  const refreshSoon = debounced(() => void refreshItems(), REFRESH_DEBOUNCE_MS, options.schedule);

  /** Mark one or all read: drop them from the list, then re-read the count. */
  async function markAndDrop(send: () => Promise<unknown>, keep: (item: Notification) => boolean) {
    try {
      await send();
      batch(() => {
        items.value = items.value.filter(keep);
        error.value = null;
      });
      await unread.refresh();
      return true;
    } catch (e) {
      fail(asError(e));
      return false;
    }
  }

  function onLive(event: LiveEvent) {
    switch (event.type) {
      case 'sync':
        void unread.refresh();
        if (active) void refreshItems();
        return;
      case 'unread': {
        unread.push(event.count);
        // The list should hold min(count, limit) items; if not, something changed elsewhere.
        if (active && items.value.length !== Math.min(count.value, limit)) refreshSoon.soon();
        return;
      }
      case 'notification': {
        const n = event.notification;
        if (n.readAt) return;
        batch(() => {
          if (!items.value.some((item) => item.id === n.id)) items.value = [n, ...items.value].slice(0, limit);
          arrival.value = { notification: n, seq: ++seq };
        });
        return;
      }
      case 'updated': {
        // Resolved (shown as it is now), or snoozed or read elsewhere (out of the flyout).
        const n = event.notification;
        if (!items.value.some((item) => item.id === n.id)) return;
        items.value = n.snooze || n.readAt ? items.value.filter((i) => i.id !== n.id) : items.value.map((i) => (i.id === n.id ? n : i));
        return;
      }
      case 'removed': {
        const gone = new Set(event.ids);
        if (items.value.some((item) => gone.has(item.id))) items.value = items.value.filter((i) => !gone.has(i.id));
        return;
      }
    }
  }

  return {
    count,
    items,
    loaded,
    loading: reads.loading,
    error,
    arrival,
    start() {
      const stop = live.subscribe(onLive);
      void unread.refresh();
      return () => {
        stop();
        refreshSoon.cancel();
        active = false;
      };
    },
    setActive(next) {
      if (next && !active) void refreshItems();
      active = next;
    },
    refresh: async () => {
      await Promise.all([unread.refresh(), refreshItems()]);
    },
    markRead: (id) => markAndDrop(() => api.markRead(id), (item) => item.id !== id),
    markAllRead: () => markAndDrop(() => api.markAllRead(), () => false),
  };
}
