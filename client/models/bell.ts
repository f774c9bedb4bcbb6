/**
 * The bell's state: the unread count (always live) and the newest unread notifications (read when
 * the flyout opens, then kept live while it is open).
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import type { StockbellApi } from '../api.ts';
import type { Live, LiveEvent } from '../live.ts';
import type { Notification } from '../types.ts';

export interface BellOptions {
  /** How many unread notifications the flyout lists. */
  limit?: number;
  /** Injected for tests; defaults to the global timer. */
  schedule?: (fn: () => void, ms: number) => () => void;
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

const defaultSchedule = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export function createBell(api: StockbellApi, live: Live, options: BellOptions = {}): BellModel {
  const limit = options.limit ?? BELL_LIMIT;
  const schedule = options.schedule ?? defaultSchedule;
  const count = signal(0);
  const items = signal<Notification[]>([]);
  const loaded = signal(false);
  const loading = signal(false);
  const error = signal<Error | null>(null);
  const arrival = signal<Arrival | null>(null);
  let active = false;
  let seq = 0;
  /** Bumped by every count frame: a slower HTTP read must not overwrite a newer pushed count. */
  let countVersion = 0;
  let itemsVersion = 0;
  let cancelRefresh: (() => void) | null = null;

  const fail = (e: unknown) => {
    error.value = e instanceof Error ? e : new Error(String(e));
  };

  async function refreshCount() {
    const version = countVersion;
    try {
      const value = await api.unreadCount();
      if (version === countVersion) count.value = value;
    } catch (e) {
      fail(e);
    }
  }

  async function refreshItems() {
    const version = ++itemsVersion;
    loading.value = true;
    try {
      const page = await api.listNotifications({ state: 'unread', limit });
      if (version !== itemsVersion) return;
      batch(() => {
        items.value = page.items.filter((n) => !n.readAt).slice(0, limit);
        loaded.value = true;
        error.value = null;
      });
    } catch (e) {
      if (version === itemsVersion) fail(e);
    } finally {
      if (version === itemsVersion) loading.value = false;
    }
  }

  function refreshSoon() {
    cancelRefresh?.();
    cancelRefresh = schedule(() => {
      cancelRefresh = null;
      void refreshItems();
    }, REFRESH_DEBOUNCE_MS);
  }

  function onLive(event: LiveEvent) {
    switch (event.type) {
      case 'sync':
        void refreshCount();
        if (active) void refreshItems();
        return;
      case 'unread': {
        countVersion += 1;
        count.value = Math.max(0, event.count);
        // The list should hold min(count, limit) items; if not, something changed elsewhere.
        if (active && items.value.length !== Math.min(count.value, limit)) refreshSoon();
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
    loading,
    error,
    arrival,
    start() {
      const stop = live.subscribe(onLive);
      void refreshCount();
      return () => {
        stop();
        cancelRefresh?.();
        cancelRefresh = null;
        active = false;
      };
    },
    setActive(next) {
      if (next && !active) void refreshItems();
      active = next;
    },
    refresh: async () => {
      await Promise.all([refreshCount(), refreshItems()]);
    },
    async markRead(id) {
      try {
        await api.markRead(id);
        batch(() => {
          items.value = items.value.filter((item) => item.id !== id);
          error.value = null;
        });
        await refreshCount();
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
    async markAllRead() {
      try {
        await api.markAllRead();
        batch(() => {
          items.value = [];
          error.value = null;
        });
        await refreshCount();
        return true;
      } catch (e) {
        fail(e);
        return false;
      }
    },
  };
}
