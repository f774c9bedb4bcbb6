/**
 * The inbox page's state: three tabs (inbox = unread, history = read, snoozed), each a cursor-paged list with
 * its own selection (inbox-tabs.ts), the user's actions on them (inbox-actions.ts), kept live from
 * the socket.
 *
 * Local changes move rows between the tabs at once; anything that happened elsewhere (another tab
 * marked something read) shows up as an unexplained count frame, and the loaded pages are re-read.
 */
import { type ReadonlySignal, type Signal, signal } from '@preact/signals';
import type { StockbellApi } from '../api.ts';
import type { Live, LiveEvent } from '../live.ts';
import type { Trace } from '../types.ts';
import { createInboxActions, type InboxActions } from './inbox-actions.ts';
import type { Notification } from '../types.ts';
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
  /** The inbox tab shows open alerts only. */
  readonly openOnly: ReadonlySignal<boolean>;
  setOpenOnly(on: boolean): Promise<void>;
  start(): () => void;
  loadMore(tab: InboxTab): Promise<void>;
  /** Re-read the loaded pages and the count. */
  resync(): Promise<void>;
  toggle(tab: InboxTab, id: string, on?: boolean): void;
  selectAll(tab: InboxTab, on: boolean): void;
  /** Why a notification reached the user, and what was sent where (its "Why?"). */
  explain(id: string): Promise<Trace>;
}

export interface InboxOptions {
  pageSize?: number;
  initialTab?: InboxTab;
  schedule?: Schedule;
}

export const PAGE_SIZE = 20;
const MAX_LIMIT = 100;
const RESYNC_DEBOUNCE_MS = 300;
/** Reads of one tab in a row before a stale answer is shown anyway (rows moving without pause). */
const RELOAD_ATTEMPTS = 3;
const STATE = { inbox: 'unread', history: 'read', snoozed: 'snoozed' } as const;

export function createInbox(api: StockbellApi, live: Live, options: InboxOptions = {}): InboxModel {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const error = signal<Error | null>(null);
  const fail = (e: Error) => {
    error.value = e;
  };
  const tabs = createTabs(fail);
  const unread = createUnreadCount(api, fail);
  const openOnly = signal(false);
  /** The inbox's filter: with "open alerts only", a message or a resolved alert is not shown there. */
  const shows = (tab: InboxTab, n: Notification) => tab !== 'inbox' || !openOnly.value || n.alert?.state === 'open';
  const placeRow = (n: Notification) => place(tabs, n, shows);

  /**
   * Replace a tab's list with a fresh read of (at least) as many rows as it shows now. A row moved
   * here while the read was on its way makes its answer older than the list: read again, after the
   * move (a few times at most, then the latest answer stands and the socket's next count corrects it).
   */
  function reload(name: InboxTab): Promise<void> {
    const t = tabs[name];
    return t.reads.run(async () => {
      for (let attempt = 1; ; attempt++) {
        const moves = t.moves;
        const limit = Math.min(MAX_LIMIT, Math.max(pageSize, t.items.value.length));
        const page = await api.listNotifications({ state: STATE[name], limit, ...filterOf(name) });
        if (t.moves === moves || attempt === RELOAD_ATTEMPTS) {
          showPage(t, page, false);
          break;
        }
      }
      error.value = null;
    });
  }

  const filterOf = (name: InboxTab) => (name === 'inbox' && openOnly.value ? { openOnly: true } : {});

  async function resync() {
    await Promise.all([unread.refresh(), reload('inbox'), reload('history'), reload('snoozed')]);
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
        if (!tabs.inbox.items.value.some((item) => item.id === n.id)) placeRow(n);
        return;
      }
      case 'updated':
        // Resolved, or snoozed or woken in another tab: shown as it is now, where it now belongs.
        placeRow(event.notification);
        return;
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
    openOnly,
    async setOpenOnly(on) {
      if (on === openOnly.value) return;
      openOnly.value = on;
      showPage(tabs.inbox, { items: [], nextCursor: null }, false);
      await reload('inbox');
    },
    ...createInboxActions({ api, tabs, unread, error, resync, place: placeRow }),
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
        showPage(t, await api.listNotifications({ state: STATE[name], limit: pageSize, cursor, ...filterOf(name) }), true);
        error.value = null;
      });
    },
    resync,
    toggle: (name, id, on) => toggle(tabs[name], id, on),
    selectAll: (name, on) => selectAll(tabs[name], on),
    explain: (id) => api.notificationTrace(id),
  };
}
