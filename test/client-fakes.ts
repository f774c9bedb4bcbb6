/**
 * In-memory stand-ins for the browser widgets' API client and live socket, for model tests.
 */
import { signal } from '@preact/signals';
import { ApiError, type StockbellApi } from '../client/api.ts';
import type { Live, LiveEvent, LiveListener } from '../client/live.ts';
import type { Notification, SubscriptionItem, SubscriptionKind, SubscriptionState } from '../client/types.ts';

let next = 1;
export function notification(overrides: Partial<Notification> = {}): Notification {
  const id = overrides.id ?? String(next++);
  return {
    id,
    kind: 'part.low_stock',
    subject: `Subject ${id}`,
    body: `Body ${id}\nsecond line`,
    link: `/parts/${id}`,
    reason: 'subscribed to Electronics',
    target: { kind: 'part', id },
    data: {},
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, Number(id) || 0)).toISOString(),
    readAt: null,
    alert: { state: 'open', resolvedAt: null, status: null },
    snooze: null,
    ...overrides,
  };
}

export interface FakeLive extends Live {
  emit(event: LiveEvent): void;
  readonly listeners: Set<LiveListener>;
}

export function fakeLive(): FakeLive {
  const listeners = new Set<LiveListener>();
  return {
    url: 'ws://test/ws',
    status: signal('open'),
    listeners,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) {
      for (const listener of listeners) listener(event);
    },
  };
}

/** A tiny server: rows newest first, cursors are offsets. Records every call. */
export function fakeApi(rows: Notification[] = []) {
  const store = { rows: [...rows], subscriptions: new Map<string, SubscriptionState>(), list: [] as SubscriptionItem[] };
  const calls: string[] = [];
  let failNext: ApiError | null = null;
  const guard = (call: string) => {
    calls.push(call);
    if (failNext) {
      const error = failNext;
      failNext = null;
      throw error;
    }
  };
  const find = (id: string) => {
    const row = store.rows.find((r) => r.id === id);
    if (!row) throw new ApiError(404, 'STOCKBELL_ERR_NOT_FOUND', 'Notification not found');
    return row;
  };
  const setRead = (call: string, id: string, read: boolean) => {
    guard(call);
    const row = find(id);
    row.readAt = read ? (row.readAt ?? new Date().toISOString()) : null;
    return { ...row };
  };
  const stored = (kind: SubscriptionKind, id: string): SubscriptionState =>
    store.subscriptions.get(`${kind}:${id}`) ?? { subscribed: false, name: `${kind} ${id}`, url: `/${kind}/${id}`, template: false, variants: true, muted: false, covered: false };
  /** PUT (on) or DELETE (off) a subscription: answers with the new state; off also leaves the list. */
  const setSubscribed = (kind: SubscriptionKind, id: string, subscribed: boolean) => {
    guard(`${subscribed ? 'put' : 'delete'} ${kind} ${id}`);
    const state = { ...stored(kind, id), subscribed, covered: subscribed };
    store.subscriptions.set(`${kind}:${id}`, state);
    if (!subscribed) store.list = store.list.filter((s) => !(s.kind === kind && s.id === id));
    return { ...state };
  };
  const sorted = () =>
    [...store.rows].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || Number(b.id) - Number(a.id));
  const api: StockbellApi = {
    baseUrl: '/plugins/stockbell',
    async listNotifications({ state = 'unread', limit = 20, cursor, openOnly } = {}) {
      guard(`list ${state}${openOnly ? ' open' : ''} ${limit} ${cursor ?? ''}`.trim());
      const inState = (r: Notification) =>
        state === 'snoozed' ? !!r.snooze : !r.snooze && (state === 'all' || (state === 'read' ? !!r.readAt : !r.readAt));
      const all = sorted().filter((r) => inState(r) && (!openOnly || r.alert?.state === 'open'));
      const start = cursor ? Number(cursor) : 0;
      const items = all.slice(start, start + limit);
      return { items, nextCursor: start + limit < all.length ? String(start + limit) : null };
    },
    async unreadCount() {
      guard('count');
      return store.rows.filter((r) => !r.readAt && !r.snooze).length;
    },
    async markMany(ids, read) {
      guard(`mark-many ${read ? 'read' : 'unread'} ${ids.join(',')}`);
      return store.rows.filter((r) => ids.includes(r.id)).map((row) => {
        row.readAt = read ? (row.readAt ?? new Date().toISOString()) : null;
        if (read) row.snooze = null;
        return { ...row };
      });
    },
    async snooze(id, body) {
      guard(`snooze ${id} ${JSON.stringify(body)}`);
      const row = find(id);
      row.readAt = null;
      row.snooze = body.untilResolved ? { until: null, untilResolved: true } : { until: body.until ?? '2030-01-01T00:00:00.000Z', untilResolved: false };
      return { ...row };
    },
    async wake(id) {
      guard(`wake ${id}`);
      const row = find(id);
      row.snooze = null;
      return { ...row };
    },
    markRead: async (id) => setRead(`read ${id}`, id, true),
    markUnread: async (id) => setRead(`unread ${id}`, id, false),
    async markAllRead() {
      guard('read-all');
      let updated = 0;
      for (const row of store.rows) {
        if (!row.readAt) {
          row.readAt = new Date().toISOString();
          updated += 1;
        }
      }
      return updated;
    },
    async deleteNotification(id) {
      guard(`delete ${id}`);
      find(id);
      store.rows = store.rows.filter((r) => r.id !== id);
    },
    async deleteNotifications(ids) {
      guard(`delete-many ${ids.join(',')}`);
      const before = store.rows.length;
      store.rows = store.rows.filter((r) => !ids.includes(r.id));
      return before - store.rows.length;
    },
    async deleteHistory() {
      guard('delete-history');
      const before = store.rows.length;
      store.rows = store.rows.filter((r) => !r.readAt);
      return before - store.rows.length;
    },
    async listSubscriptions() {
      guard('subscriptions');
      return [...store.list];
    },
    async getSubscription(kind, id) {
      guard(`get ${kind} ${id}`);
      return { ...stored(kind, id) };
    },
    subscribe: async (kind, id) => setSubscribed(kind, id, true),
    unsubscribe: async (kind, id) => setSubscribed(kind, id, false),
    async mute(kind, id) {
      guard(`mute ${kind} ${id}`);
      return { ...stored(kind, id), subscribed: false, muted: true, covered: false };
    },
    async unmute(kind, id) {
      guard(`unmute ${kind} ${id}`);
      return { ...stored(kind, id), muted: false };
    },
    // Traces are read from a real server (test/client-why.test.ts), never made up here.
    notificationTrace: async () => Promise.reject(new ApiError(501, 'NOT_IN_FAKE', 'traces come from the real server')),
    trace: async () => Promise.reject(new ApiError(501, 'NOT_IN_FAKE', 'traces come from the real server')),
  };
  return {
    api,
    store,
    calls,
    failNext(error: ApiError) {
      failNext = error;
    },
  };
}

/** A manual scheduler for debounced work. */
export function manualSchedule() {
  const tasks = new Set<() => void>();
  return {
    schedule(fn: () => void) {
      tasks.add(fn);
      return () => tasks.delete(fn);
    },
    get pending() {
      return tasks.size;
    },
    run() {
      const now = [...tasks];
      tasks.clear();
      for (const task of now) task();
    },
  };
}

export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A promise settled from outside, to answer requests in the order a test chooses. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}
