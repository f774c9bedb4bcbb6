/**
 * The inbox page's three lists, inbox (unread), history (read) and snoozed: each newest first, paged by cursor,
 * with its own selection and its own queue of reads. Only what changes the lists lives here; what
 * asks the server is in inbox.ts and inbox-actions.ts.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { compareNewestFirst } from '../format.ts';
import type { Notification, NotificationPage } from '../types.ts';
import { createReadQueue, type ReadQueue } from './read-queue.ts';

export type InboxTab = 'inbox' | 'history' | 'snoozed';
export const TABS: readonly InboxTab[] = ['inbox', 'history', 'snoozed'];

/** What the widget reads of a tab. */
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

export interface Tab extends TabState {
  readonly items: Signal<Notification[]>;
  readonly nextCursor: Signal<string | null>;
  readonly loaded: Signal<boolean>;
  readonly selected: Signal<ReadonlySet<string>>;
  readonly reads: ReadQueue;
  /** Counts rows moved in or out here (a local action, a live frame): a read sent before a move is stale. */
  moves: number;
}

export type Tabs = Readonly<Record<InboxTab, Tab>>;

/** The tab a notification belongs in now. */
export const tabOf = (n: Notification): InboxTab => (n.snooze ? 'snoozed' : n.readAt ? 'history' : 'inbox');

export function createTabs(fail: (error: Error) => void): Tabs {
  return { inbox: createTab(fail), history: createTab(fail), snoozed: createTab(fail) };
}

function createTab(fail: (error: Error) => void): Tab {
  const items = signal<Notification[]>([]);
  const selected = signal<ReadonlySet<string>>(new Set());
  const selectedCount = computed(() => items.value.filter((n) => selected.value.has(n.id)).length);
  const reads = createReadQueue(fail);
  return {
    items,
    nextCursor: signal<string | null>(null),
    loaded: signal(false),
    loading: reads.loading,
    selected,
    selectedCount,
    allSelected: computed(() => items.value.length > 0 && selectedCount.value === items.value.length),
    reads,
    moves: 0,
  };
}

/**
 * Show a page the server sent: the first one replaces the list (rows that left it leave the
 * selection too); a later one is appended without repeating rows already shown.
 */
export function showPage(t: Tab, page: NotificationPage, later: boolean): void {
  batch(() => {
    if (later) {
      const seen = new Set(t.items.value.map((n) => n.id));
      t.items.value = [...t.items.value, ...page.items.filter((n) => !seen.has(n.id))];
    } else {
      const ids = new Set(page.items.map((n) => n.id));
      t.items.value = page.items;
      t.selected.value = new Set([...t.selected.value].filter((id) => ids.has(id)));
      t.loaded.value = true;
    }
    t.nextCursor.value = page.nextCursor;
  });
}

/** Take rows out of both lists and both selections (deleted, here or elsewhere). */
export function dropIds(tabs: Tabs, ids: ReadonlySet<string>): void {
  batch(() => {
    for (const t of Object.values(tabs)) {
      if (t.items.value.some((n) => ids.has(n.id))) {
        t.items.value = t.items.value.filter((n) => !ids.has(n.id));
        t.moves += 1;
      }
      if ([...ids].some((id) => t.selected.value.has(id))) {
        t.selected.value = new Set([...t.selected.value].filter((id) => !ids.has(id)));
      }
    }
  });
}

/**
 * A row changed state (read, unread, snoozed, resolved, new): take it out of every list and put it
 * where it now belongs, unless that list's filter (`shows`) leaves it out.
 */
export function place(tabs: Tabs, n: Notification, shows: (tab: InboxTab, n: Notification) => boolean = () => true): void {
  const tab = tabOf(n);
  const target = tabs[tab];
  batch(() => {
    dropIds(tabs, new Set([n.id]));
    if (shows(tab, n)) target.items.value = insertSorted(target.items.value, n, target.nextCursor.value === null);
    target.moves += 1;
  });
}

/** Select or unselect one row (`on` absent: flip it). */
export function toggle(t: Tab, id: string, on?: boolean): void {
  const next = new Set(t.selected.value);
  if (on ?? !next.has(id)) next.add(id);
  else next.delete(id);
  t.selected.value = next;
}

export function selectAll(t: Tab, on: boolean): void {
  t.selected.value = on ? new Set(t.items.value.map((n) => n.id)) : new Set();
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
