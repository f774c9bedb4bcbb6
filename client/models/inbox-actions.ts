/**
 * What a user does on the inbox page: mark read or unread (one request for the whole selection),
 * snooze and wake, delete, mark all read, delete all history. Each moves the rows from the server's answer at once, says what it did in the polite
 * status region, and keeps a failure for the widget to show.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import type { Notification, SnoozeBody } from '../types.ts';
import { dropIds, showPage, type Tabs } from './inbox-tabs.ts';
import type { UnreadCount } from './unread-count.ts';

/**
 * What the last action did, for the polite status region. New arrivals are not announced here: the
 * bell in the page header already says them, and twice would be noise.
 */
export type InboxNotice = { kind: 'read' | 'unread' | 'deleted' | 'snoozed' | 'woken'; count: number; seq: number };

export interface InboxActions {
  /** An action is on its way. */
  readonly busy: ReadonlySignal<boolean>;
  readonly notice: ReadonlySignal<InboxNotice | null>;
  markRead(ids: readonly string[]): Promise<boolean>;
  markUnread(ids: readonly string[]): Promise<boolean>;
  snooze(id: string, body: SnoozeBody): Promise<boolean>;
  /** End a snooze now: back to the inbox. */
  wake(id: string): Promise<boolean>;
  remove(ids: readonly string[]): Promise<boolean>;
  markAllRead(): Promise<boolean>;
  deleteHistory(): Promise<boolean>;
}

export interface InboxParts {
  api: StockbellApi;
  tabs: Tabs;
  unread: UnreadCount;
  /** The inbox's one error: an action's failure is kept here, its success clears it. */
  error: Signal<Error | null>;
  /** Re-read the loaded pages and the count. */
  resync(): Promise<void>;
  /** Put a row where it now belongs (the inbox's filter applies). */
  place(n: Notification): void;
}

export function createInboxActions({ api, tabs, unread, error, resync, place }: InboxParts): InboxActions {
  const running = signal(0);
  const notice = signal<InboxNotice | null>(null);
  let seq = 0;

  /** The server took the action: show what it did and forget an earlier failure. */
  const done = (kind: InboxNotice['kind'], count: number, change: () => void = () => {}) =>
    batch(() => {
      change();
      error.value = null;
      notice.value = { kind, count, seq: ++seq };
    });

  async function act(work: () => Promise<void>): Promise<boolean> {
    running.value += 1;
    try {
      await work();
      return true;
    } catch (e) {
      error.value = asError(e);
      return false;
    } finally {
      running.value -= 1;
    }
  }

  /** One request for the whole selection (one live signal for the other tabs), the rows moved from its answer. */
  const setRead = (ids: readonly string[], read: boolean) =>
    act(async () => {
      if (ids.length === 0) return;
      const moved = await api.markMany(ids, read);
      done(read ? 'read' : 'unread', moved.length, () => {
        for (const n of moved) place(n);
      });
      await unread.refresh();
    });

  /** One row's snooze set or ended: it moves to where it now belongs. */
  const snoozeChange = (kind: 'snoozed' | 'woken', change: () => Promise<Notification>) =>
    act(async () => {
      const n = await change();
      done(kind, 1, () => place(n));
      await unread.refresh();
    });

  const deleteOne = async (id: string) => {
    await api.deleteNotification(id);
    return 1;
  };

  return {
    busy: computed(() => running.value > 0),
    notice,
    markRead: (ids) => setRead(ids, true),
    markUnread: (ids) => setRead(ids, false),
    snooze: (id, body) => snoozeChange('snoozed', () => api.snooze(id, body)),
    wake: (id) => snoozeChange('woken', () => api.wake(id)),
    remove: (ids) =>
      act(async () => {
        if (ids.length === 0) return;
        // One row: DELETE it; several: one request for all of them.
        const deleted = ids.length > 1 ? await api.deleteNotifications(ids) : await deleteOne(ids[0] as string);
        done('deleted', deleted, () => dropIds(tabs, new Set(ids)));
        await unread.refresh();
      }),
    markAllRead: () =>
      act(async () => {
        done('read', await api.markAllRead());
        await resync();
      }),
    deleteHistory: () =>
      act(async () => {
        const deleted = await api.deleteHistory();
        // Behind any read of the history already queued, so an older page cannot bring the rows back.
        await tabs.history.reads.run(async () =>
          done('deleted', deleted, () => showPage(tabs.history, { items: [], nextCursor: null }, false)),
        );
      }),
  };
}
