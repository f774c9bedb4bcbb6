/**
 * The inbox page's state: two tabs (inbox = unread, history = read), each a cursor-paged list with
 * its own selection (inbox-tabs.ts), the user's actions on them (inbox-actions.ts), kept live from
 * the socket.
 *
 * Local changes move rows between the tabs at once; anything that happened elsewhere (another tab
 * marked something read) shows up as an unexplained count frame, and the loaded pages are re-read.
 */
import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { StockbellApi } from '../api.ts';
import type { Live, LiveEvent } from '../live.ts';
import { createInboxActions, type InboxActions } from './inbox-actions.ts';
import { createTabs, dropIds, type InboxTab, place, selectAll, showPage, type TabState, toggle } from './inbox-tabs.ts';
import { debounced, type Schedule } from './schedule.ts';
import { createUnreadCount } from './unread-count.ts';

export type { InboxNotice } from './inbox-actions.ts';
export { type InboxTab, insertSorted, TABS, type TabState } from './inbox-tabs.ts';

export interface InboxModel extends InboxActions {
  readonly tab: Signal<InboxTab>;
  readonly tabs: Readonly<Record<InboxTab, TabState>>;
  readonly unreadCount: ReadonlySignal<number>;
  readonly error: ReadonlySignal<Error | null>;
  start(): () => void;
  loadMore(tab: InboxTab): Promise<void>;
  /** Re-read the loaded pages and the count. */
  resync(): Promise<void>;
  toggle(tab: InboxTab, id: string, on?: boolean): void;
  selectAll(tab: InboxTab, on: boolean): void;
}

export interface InboxOptions {
  pageSize?: number;
  initialTab?: InboxTab;
  schedule?: Schedule;
}

export const PAGE_SIZE = 20;
const MAX_LIMIT = 100;
const RESYNC_DEBOUNCE_MS = 300;
const STATE = { inbox: 'unread', history: 'read' } as const;

export function createInbox(api: StockbellApi, live: Live, options: InboxOptions = {}): InboxModel {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const error = signal<Error | null>(null);
  const fail = (e: Error) => {
    error.value = e;
  };
  const tabs = createTabs(fail);
  const unread = createUnreadCount(api, fail);

  /** Replace a tab's list with a fresh read of (at least) as many rows as it shows now. */
  function reload(name: InboxTab): Promise<void> {
    const t = tabs[name];
    return t.reads.run(async () => {
      const limit = Math.min(MAX_LIMIT, Math.max(pageSize, t.items.value.length));
      showPage(t, await api.listNotifications({ state: STATE[name], limit }), false);
      error.value = null;
    });
  }

  async function resync() {
    await Promise.all([unread.refresh(), reload('inbox'), reload('history')]);
  }
  const resyncSoon = debounced(() => void resync(), RESYNC_DEBOUNCE_MS, options.schedule);

  function onLive(event: LiveEvent) {
    switch (event.type) {
      case 'sync':
        void resync();
        return;
      case 'unread': {
        const unexplained = event.count !== unread.count.value;
        unread.push(event.count);
        // Our own actions already moved their rows; a re-read a moment later is cheap and also
        // catches what another tab or device did.
        if (unexplained) resyncSoon.soon();
        return;
      }
      case 'notification': {
        const n = event.notification;
        if (!tabs.inbox.items.value.some((item) => item.id === n.id)) place(tabs, n);
        return;
      }
      case 'removed':
        dropIds(tabs, new Set(event.ids));
        return;
      case 'historyCleared':
        // All history went elsewhere (too many ids to list): the loaded read rows go with it.
        showPage(tabs.history, { items: [], nextCursor: null }, false);
        return;
    }
  }

  return {
    tab: signal<InboxTab>(options.initialTab ?? 'inbox'),
    tabs,
    unreadCount: unread.count,
    error,
    ...createInboxActions({ api, tabs, unread, error, resync }),
    start() {
      const stop = live.subscribe(onLive);
      if (!tabs.inbox.loaded.value) void resync();
      return () => {
        stop();
        resyncSoon.cancel();
      };
    },
    loadMore(name) {
      const t = tabs[name];
      if (!t.nextCursor.value) return Promise.resolve();
      return t.reads.run(async () => {
        // Read the cursor when our turn comes: a re-read queued before us may have moved it.
        const cursor = t.nextCursor.value;
        if (!cursor) return;
        showPage(t, await api.listNotifications({ state: STATE[name], limit: pageSize, cursor }), true);
        error.value = null;
      });
    },
    resync,
    toggle: (name, id, on) => toggle(tabs[name], id, on),
    selectAll: (name, on) => selectAll(tabs[name], on),
  };
}
