/**
 * What a user does on the inbox page: mark read or unread, delete, mark all read, delete all
 * history. Each moves the rows from the server's answer at once, says what it did in the polite
 * status region, and keeps a failure for the widget to show.
 */
import { batch, computed, type ReadonlySignal, type Signal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';
import { dropIds, place, showPage, type Tabs } from './inbox-tabs.ts';
import type { UnreadCount } from './unread-count.ts';

/**
 * What the last action did, for the polite status region. New arrivals are not announced here: the
 * bell in the page header already says them, and twice would be noise.
 */
export type InboxNotice = { kind: 'read' | 'unread' | 'deleted'; count: number; seq: number };

export interface InboxActions {
  /** An action is on its way. */
  readonly busy: ReadonlySignal<boolean>;
  readonly notice: ReadonlySignal<InboxNotice | null>;
  markRead(ids: readonly string[]): Promise<boolean>;
  markUnread(ids: readonly string[]): Promise<boolean>;
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
}

export function createInboxActions({ api, tabs, unread, error, resync }: InboxParts): InboxActions {
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

  /** One request per row; the rows that went through move even when another one failed. */
  const setRead = (ids: readonly string[], read: boolean) =>
    act(async () => {
      if (ids.length === 0) return;
      const results = await Promise.allSettled(ids.map((id) => (read ? api.markRead(id) : api.markUnread(id))));
      const moved = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      if (moved.length > 0) {
        done(read ? 'read' : 'unread', moved.length, () => {
          for (const n of moved) place(tabs, n);
        });
      }
      await unread.refresh();
      const failure = results.find((r) => r.status === 'rejected');
      if (failure) throw failure.reason;
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
