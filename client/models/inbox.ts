/**
 * The inbox page's state: two tabs (inbox = unread, history = read), each a cursor-paged list with
 * its own selection, kept live from the socket.
 *
 * Local changes move rows between the tabs at once; anything that happened elsewhere (another tab
 * marked something read) shows up as an unexplained count frame, and the loaded pages are re-read.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { StockbellApi } from '../api.ts';
import { compareNewestFirst } from '../format.ts';
import type { Live, LiveEvent } from '../live.ts';
import type { Notification } from '../types.ts';

export type InboxTab = 'inbox' | 'history';
export const TABS: readonly InboxTab[] = ['inbox', 'history'];

export interface TabState {
  readonly items: ReadonlySignal<Notification[]>;
  readonly nextCursor: ReadonlySignal<string | null>;
  readonly loaded: ReadonlySignal<boolean>;
  readonly loading: ReadonlySignal<boolean>;
  readonly selected: ReadonlySignal<ReadonlySet<string>>;
  /** Selected ids that are on the page now. */
  readonly selectedCount: ReadonlySignal<number>;
  readonly allSelected: ReadonlySignal<boolean>;
}

/**
 * What the last action did, for the polite status region. New arrivals are not announced here: the
 * bell in the page header already says them, and twice would be noise.
 */
export type InboxNotice = { kind: 'read' | 'unread' | 'deleted'; count: number; seq: number };

export interface InboxModel {
  readonly tab: Signal<InboxTab>;
  readonly tabs: Readonly<Record<InboxTab, TabState>>;
  readonly unreadCount: ReadonlySignal<number>;
  readonly busy: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<Error | null>;
  readonly notice: ReadonlySignal<InboxNotice | null>;
  start(): () => void;
  loadMore(tab: InboxTab): Promise<void>;
  /** Re-read the loaded pages and the count. */
  resync(): Promise<void>;
  toggle(tab: InboxTab, id: string, on?: boolean): void;
  selectAll(tab: InboxTab, on: boolean): void;
  markRead(ids: readonly string[]): Promise<boolean>;
  markUnread(ids: readonly string[]): Promise<boolean>;
  remove(ids: readonly string[]): Promise<boolean>;
  markAllRead(): Promise<boolean>;
  deleteHistory(): Promise<boolean>;
}

export interface InboxOptions {
  pageSize?: number;
  initialTab?: InboxTab;
  schedule?: (fn: () => void, ms: number) => () => void;
}

export const PAGE_SIZE = 20;
const MAX_LIMIT = 100;
const RESYNC_DEBOUNCE_MS = 300;

interface MutableTab extends TabState {
  readonly items: Signal<Notification[]>;
  readonly nextCursor: Signal<string | null>;
  readonly loaded: Signal<boolean>;
  readonly loading: Signal<boolean>;
  readonly selected: Signal<ReadonlySet<string>>;
  /**
   * Reads of this tab run one after another: a re-read triggered by the socket must not throw away
   * the page a user just asked for with "Load more", nor land on top of it out of order.
   */
  queue: Promise<void>;
}

function createTab(): MutableTab {
  const items = signal<Notification[]>([]);
  const selected = signal<ReadonlySet<string>>(new Set());
  const selectedCount = computed(() => items.value.filter((n) => selected.value.has(n.id)).length);
  return {
    items,
    nextCursor: signal<string | null>(null),
    loaded: signal(false),
    loading: signal(false),
    selected,
    selectedCount,
    allSelected: computed(() => items.value.length > 0 && selectedCount.value === items.value.length),
    queue: Promise.resolve(),
  };
}

/**
 * Put `item` into a newest-first list. When more pages wait behind the list and the item is older
 * than its last row, leave it out: "Load more" will bring it, and it must not appear twice.
 */
export function insertSorted(list: readonly Notification[], item: Notification, complete: boolean): Notification[] {
  const rest = list.filter((n) => n.id !== item.id);
  const index = rest.findIndex((n) => compareNewestFirst(item, n) <= 0);
  if (index === -1) return complete ? [...rest, item] : rest;
  return [...rest.slice(0, index), item, ...rest.slice(index)];
}

const defaultSchedule = (fn: () => void, ms: number) => {
  const handle = setTimeout(fn, ms);
  return () => clearTimeout(handle);
};

export function createInbox(api: StockbellApi, live: Live, options: InboxOptions = {}): InboxModel {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const schedule = options.schedule ?? defaultSchedule;
  const tab = signal<InboxTab>(options.initialTab ?? 'inbox');
  const tabs: Record<InboxTab, MutableTab> = { inbox: createTab(), history: createTab() };
  const unreadCount = signal(0);
  const pending = signal(0);
  const busy = computed(() => pending.value > 0);
  const error = signal<Error | null>(null);
  const notice = signal<InboxNotice | null>(null);
  let seq = 0;
  let countVersion = 0;
  let cancelResync: (() => void) | null = null;

  const stateOf = (name: InboxTab) => (name === 'inbox' ? 'unread' : 'read');
  const fail = (e: unknown) => {
    error.value = e instanceof Error ? e : new Error(String(e));
  };
  const announce = (kind: 'read' | 'unread' | 'deleted', count: number) => {
    notice.value = { kind, count, seq: ++seq };
  };

  async function track<T>(work: () => Promise<T>): Promise<T> {
    pending.value += 1;
    try {
      return await work();
    } finally {
      pending.value -= 1;
    }
  }

  async function refreshCount() {
    const version = countVersion;
    try {
      const value = await api.unreadCount();
      if (version === countVersion) unreadCount.value = value;
    } catch (e) {
      fail(e);
    }
  }

  /** Queue a read of one tab; `loading` is on while any read of it is queued or running. */
  function enqueue(t: MutableTab, work: () => Promise<void>): Promise<void> {
    t.loading.value = true;
    let settled!: Promise<void>;
    const run = async () => {
      try {
        await work();
      } catch (e) {
        fail(e);
      } finally {
        if (t.queue === settled) t.loading.value = false;
      }
    };
    settled = t.queue.then(run);
    t.queue = settled;
    return settled;
  }

  /** Replace a tab's list with a fresh read of (at least) as many rows as it shows now. */
  function reload(name: InboxTab): Promise<void> {
    const t = tabs[name];
    return enqueue(t, async () => {
      const limit = Math.min(MAX_LIMIT, Math.max(pageSize, t.items.value.length));
      const page = await api.listNotifications({ state: stateOf(name), limit });
      const ids = new Set(page.items.map((n) => n.id));
      batch(() => {
        t.items.value = page.items;
        t.nextCursor.value = page.nextCursor;
        t.loaded.value = true;
        t.selected.value = new Set([...t.selected.value].filter((id) => ids.has(id)));
        error.value = null;
      });
    });
  }

  async function resync() {
    await Promise.all([refreshCount(), reload('inbox'), reload('history')]);
  }

  function resyncSoon() {
    cancelResync?.();
    cancelResync = schedule(() => {
      cancelResync = null;
      void resync();
    }, RESYNC_DEBOUNCE_MS);
  }

  function dropIds(ids: ReadonlySet<string>) {
    for (const name of TABS) {
      const t = tabs[name];
      if (t.items.value.some((n) => ids.has(n.id))) t.items.value = t.items.value.filter((n) => !ids.has(n.id));
      if ([...ids].some((id) => t.selected.value.has(id))) {
        t.selected.value = new Set([...t.selected.value].filter((id) => !ids.has(id)));
      }
    }
  }

  /** A row changed state: take it out of both lists and put it where it now belongs. */
  function place(n: Notification) {
    const target = tabs[n.readAt ? 'history' : 'inbox'];
    dropIds(new Set([n.id]));
    target.items.value = insertSorted(target.items.value, n, target.nextCursor.value === null);
  }

  function onLive(event: LiveEvent) {
    switch (event.type) {
      case 'sync':
        void resync();
        return;
      case 'unread':
        countVersion += 1;
        if (event.count !== unreadCount.value) {
          unreadCount.value = Math.max(0, event.count);
          // Our own actions already moved their rows; a re-read a moment later is cheap and also
          // catches what another tab or device did.
          resyncSoon();
        }
        return;
      case 'notification': {
        const n = event.notification;
        if (!tabs.inbox.items.value.some((item) => item.id === n.id)) place(n);
        return;
      }
      case 'removed':
        batch(() => dropIds(new Set(event.ids)));
        return;
    }
  }

  async function setRead(ids: readonly string[], read: boolean): Promise<boolean> {
    if (ids.length === 0) return true;
    return track(async () => {
      const results = await Promise.allSettled(ids.map((id) => (read ? api.markRead(id) : api.markUnread(id))));
      let done = 0;
      let failure: unknown = null;
      batch(() => {
        for (const result of results) {
          if (result.status === 'fulfilled') {
            place(result.value);
            done += 1;
          } else {
            failure ??= result.reason;
          }
        }
        if (failure) fail(failure);
        else error.value = null;
        if (done) announce(read ? 'read' : 'unread', done);
      });
      await refreshCount();
      return failure === null;
    });
  }

  const model: InboxModel = {
    tab,
    tabs,
    unreadCount,
    busy,
    error,
    notice,
    start() {
      const stop = live.subscribe(onLive);
      if (!tabs.inbox.loaded.value) void resync();
      return () => {
        stop();
        cancelResync?.();
        cancelResync = null;
      };
    },
    loadMore(name) {
      const t = tabs[name];
      if (!t.nextCursor.value) return Promise.resolve();
      return enqueue(t, async () => {
        // Read the cursor when our turn comes: a re-read queued before us may have moved it.
        const cursor = t.nextCursor.value;
        if (!cursor) return;
        const page = await api.listNotifications({ state: stateOf(name), limit: pageSize, cursor });
        batch(() => {
          const seen = new Set(t.items.value.map((n) => n.id));
          t.items.value = [...t.items.value, ...page.items.filter((n) => !seen.has(n.id))];
          t.nextCursor.value = page.nextCursor;
          error.value = null;
        });
      });
    },
    resync,
    toggle(name, id, on) {
      const t = tabs[name];
      const next = new Set(t.selected.value);
      if (on ?? !next.has(id)) next.add(id);
      else next.delete(id);
      t.selected.value = next;
    },
    selectAll(name, on) {
      const t = tabs[name];
      t.selected.value = on ? new Set(t.items.value.map((n) => n.id)) : new Set();
    },
    markRead: (ids) => setRead(ids, true),
    markUnread: (ids) => setRead(ids, false),
    remove(ids) {
      if (ids.length === 0) return Promise.resolve(true);
      return track(async () => {
        try {
          let deleted: number;
          if (ids.length === 1) {
            await api.deleteNotification(ids[0] as string);
            deleted = 1;
          } else {
            deleted = await api.deleteNotifications(ids);
          }
          batch(() => {
            dropIds(new Set(ids));
            error.value = null;
            announce('deleted', deleted);
          });
          await refreshCount();
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      });
    },
    markAllRead() {
      return track(async () => {
        try {
          const updated = await api.markAllRead();
          error.value = null;
          announce('read', updated);
          await resync();
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      });
    },
    deleteHistory() {
      return track(async () => {
        try {
          const deleted = await api.deleteHistory();
          const history = tabs.history;
          await enqueue(history, async () => {
            batch(() => {
              history.items.value = [];
              history.nextCursor.value = null;
              history.loaded.value = true;
              history.selected.value = new Set();
              error.value = null;
              announce('deleted', deleted);
            });
          });
          return true;
        } catch (e) {
          fail(e);
          return false;
        }
      });
    },
  };
  return model;
}
