/**
 * The unread count the bell and the inbox show: read over HTTP, pushed by the socket's count frames.
 * A pushed count is newer than any read still on its way, so such a read is dropped.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { asError, type StockbellApi } from '../api.ts';

export interface UnreadCount {
  readonly count: ReadonlySignal<number>;
  /** A count frame arrived. */
  push(count: number): void;
  refresh(): Promise<void>;
}

export function createUnreadCount(api: Pick<StockbellApi, 'unreadCount'>, fail: (error: Error) => void): UnreadCount {
  const count = signal(0);
  let pushes = 0;
  return {
    count,
    push(value) {
      pushes += 1;
      count.value = Math.max(0, value);
    },
    async refresh() {
      const seen = pushes;
      try {
        const value = await api.unreadCount();
        if (seen === pushes) count.value = value;
      } catch (e) {
        fail(asError(e));
      }
    },
  };
}
