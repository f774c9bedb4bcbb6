import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/api.ts';
import { createBell } from '../client/models/bell.ts';
import { createInbox, insertSorted } from '../client/models/inbox.ts';
import { createSubscription } from '../client/models/subscription.ts';
import { createSubscriptionList } from '../client/models/subscriptions.ts';
import { deferred, fakeApi, fakeLive, flush, manualSchedule, notification } from './client-fakes.ts';

const ids = (list: { id: string }[]) => list.map((n) => n.id);

describe('bell model', () => {
  it('reads the count on start and follows count frames', async () => {
    const { api } = fakeApi([notification({ id: '1' }), notification({ id: '2' })]);
    const live = fakeLive();
    const bell = createBell(api, live);
    const stop = bell.start();
    await flush();
    expect(bell.count.value).toBe(2);
    live.emit({ type: 'unread', count: 5 });
    expect(bell.count.value).toBe(5);
    stop();
    expect(live.listeners.size).toBe(0);
  });

  it('reads the newest unread only when the flyout opens, and keeps them live', async () => {
    const rows = [notification({ id: '1' }), notification({ id: '2' }), notification({ id: '3', readAt: '2025-01-02T00:00:00Z' })];
    const { api, calls } = fakeApi(rows);
    const live = fakeLive();
    const bell = createBell(api, live, { limit: 2 });
    bell.start();
    await flush();
    expect(calls).toEqual(['count']);
    bell.setActive(true);
    await flush();
    expect(ids(bell.items.value)).toEqual(['2', '1']);
    const fresh = notification({ id: '4', subject: 'New' });
    live.emit({ type: 'notification', notification: fresh });
    expect(ids(bell.items.value)).toEqual(['4', '2']);
    expect(bell.arrival.value?.notification.subject).toBe('New');
    live.emit({ type: 'removed', ids: ['4'] });
    expect(ids(bell.items.value)).toEqual(['2']);
  });

  it('re-reads the list when a count frame says something changed elsewhere', async () => {
    const { api, store } = fakeApi([notification({ id: '1' }), notification({ id: '2' })]);
    const live = fakeLive();
    const timer = manualSchedule();
    const bell = createBell(api, live, { schedule: timer.schedule });
    bell.start();
    bell.setActive(true);
    await flush();
    expect(bell.items.value).toHaveLength(2);
    (store.rows[0] as { readAt: string | null }).readAt = '2025-01-03T00:00:00Z'; // read in another tab
    live.emit({ type: 'unread', count: 1 });
    expect(timer.pending).toBe(1);
    timer.run();
    await flush();
    expect(ids(bell.items.value)).toEqual(['2']);
  });

  it('marks one read, drops it and re-reads the count', async () => {
    const { api, calls } = fakeApi([notification({ id: '1' }), notification({ id: '2' })]);
    const bell = createBell(api, fakeLive());
    bell.start();
    bell.setActive(true);
    await flush();
    expect(await bell.markRead('2')).toBe(true);
    expect(ids(bell.items.value)).toEqual(['1']);
    expect(bell.count.value).toBe(1);
    expect(calls.slice(-2)).toEqual(['read 2', 'count']);
    expect(await bell.markAllRead()).toBe(true);
    expect(bell.items.value).toEqual([]);
    expect(bell.count.value).toBe(0);
  });

  it('shows a failure instead of swallowing it', async () => {
    const { api, failNext } = fakeApi([notification({ id: '1' })]);
    const bell = createBell(api, fakeLive());
    failNext(new ApiError(500, 'X', 'Database on fire'));
    expect(await bell.markRead('1')).toBe(false);
    expect(bell.error.value?.message).toBe('Database on fire');
  });

  it('lets a pushed count win over a slower HTTP read', async () => {
    const { api } = fakeApi([notification({ id: '1' })]);
    const live = fakeLive();
    const bell = createBell(api, live);
    bell.start(); // count request in flight
    live.emit({ type: 'unread', count: 7 });
    await flush();
    expect(bell.count.value).toBe(7);
  });

  it('re-reads count and list on sync (reconnect, tab visible)', async () => {
    const { api, calls } = fakeApi([notification({ id: '1' })]);
    const live = fakeLive();
    const bell = createBell(api, live);
    bell.start();
    bell.setActive(true);
    await flush();
    calls.length = 0;
    live.emit({ type: 'sync', reason: 'visible' });
    await flush();
    expect(calls.sort()).toEqual(['count', 'list unread 8']);
  });
});

describe('inbox model', () => {
  const rows = () => [
    notification({ id: '1' }),
    notification({ id: '2' }),
    notification({ id: '3' }),
    notification({ id: '4', readAt: '2025-01-05T00:00:00Z' }),
    notification({ id: '5', readAt: '2025-01-05T00:00:00Z' }),
  ];

  it('loads both tabs and the count on start', async () => {
    const { api } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive(), { pageSize: 2 });
    inbox.start();
    await flush();
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['3', '2']);
    expect(inbox.tabs.inbox.nextCursor.value).toBe('2');
    expect(ids(inbox.tabs.history.items.value)).toEqual(['5', '4']);
    expect(inbox.unreadCount.value).toBe(3);
  });

  it('pages with the cursor without repeating rows', async () => {
    const { api } = fakeApi(rows());
    const live = fakeLive();
    const inbox = createInbox(api, live, { pageSize: 2 });
    inbox.start();
    await flush();
    await inbox.loadMore('inbox');
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['3', '2', '1']);
    expect(inbox.tabs.inbox.nextCursor.value).toBeNull();
  });

  it('does not lose "Load more" pressed while a socket re-sync is reading the same tab', async () => {
    const { api } = fakeApi(Array.from({ length: 5 }, (_, i) => notification({ id: String(i + 1) })));
    const live = fakeLive();
    const inbox = createInbox(api, live, { pageSize: 2 });
    inbox.start();
    await flush();
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['5', '4']);
    live.emit({ type: 'sync', reason: 'open' }); // re-read in flight
    expect(inbox.tabs.inbox.loading.value).toBe(true);
    await inbox.loadMore('inbox');
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['5', '4', '3', '2']);
    live.emit({ type: 'sync', reason: 'visible' }); // a later re-read keeps what was loaded
    await flush();
    await flush();
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['5', '4', '3', '2']);
    expect(inbox.tabs.inbox.loading.value).toBe(false);
  });

  it('moves rows between tabs when marked read or unread', async () => {
    const { api } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive());
    inbox.start();
    await flush();
    inbox.toggle('inbox', '2');
    inbox.toggle('inbox', '3');
    expect(inbox.tabs.inbox.selectedCount.value).toBe(2);
    expect(await inbox.markRead(['2', '3'])).toBe(true);
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['1']);
    expect(ids(inbox.tabs.history.items.value)).toEqual(['5', '4', '3', '2']);
    expect(inbox.tabs.inbox.selected.value.size).toBe(0);
    expect(inbox.unreadCount.value).toBe(1);
    expect(inbox.notice.value).toMatchObject({ kind: 'read', count: 2 });
    await inbox.markUnread(['4']);
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['4', '1']);
  });

  it('deletes one with DELETE and several with one POST', async () => {
    const { api, calls } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive());
    inbox.start();
    await flush();
    await inbox.remove(['1']);
    await inbox.remove(['2', '4']);
    expect(calls).toContain('delete 1');
    expect(calls).toContain('delete-many 2,4');
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['3']);
    expect(ids(inbox.tabs.history.items.value)).toEqual(['5']);
    expect(inbox.notice.value).toMatchObject({ kind: 'deleted', count: 2 });
  });

  it('selects all on the page and clears again', async () => {
    const { api } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive());
    inbox.start();
    await flush();
    inbox.selectAll('history', true);
    expect(inbox.tabs.history.allSelected.value).toBe(true);
    expect(inbox.tabs.inbox.selectedCount.value).toBe(0);
    inbox.selectAll('history', false);
    expect(inbox.tabs.history.selectedCount.value).toBe(0);
  });

  it('deletes all history and leaves the inbox alone', async () => {
    const { api, store } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive());
    inbox.start();
    await flush();
    expect(await inbox.deleteHistory()).toBe(true);
    expect(inbox.tabs.history.items.value).toEqual([]);
    expect(inbox.tabs.inbox.items.value).toHaveLength(3);
    expect(store.rows).toHaveLength(3);
  });

  it('takes new notifications and removals from the socket', async () => {
    const { api } = fakeApi(rows());
    const live = fakeLive();
    const inbox = createInbox(api, live);
    inbox.start();
    await flush();
    inbox.toggle('history', '5');
    live.emit({ type: 'notification', notification: notification({ id: '9', subject: 'Fresh', createdAt: '2025-02-01T00:00:00Z' }) });
    expect(ids(inbox.tabs.inbox.items.value)[0]).toBe('9');
    expect(inbox.notice.value).toBeNull(); // the bell announces arrivals, not the inbox as well
    live.emit({ type: 'removed', ids: ['9', '5'] });
    expect(ids(inbox.tabs.inbox.items.value)).not.toContain('9');
    expect(inbox.tabs.history.selected.value.has('5')).toBe(false);
  });

  it('drops every loaded history row when another tab cleared the history', async () => {
    const { api } = fakeApi(rows());
    const live = fakeLive();
    const inbox = createInbox(api, live);
    inbox.start();
    await flush();
    expect(inbox.tabs.history.items.value.length).toBeGreaterThan(0);
    const unread = ids(inbox.tabs.inbox.items.value);
    live.emit({ type: 'historyCleared' });
    expect(inbox.tabs.history.items.value).toEqual([]);
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(unread);
  });

  it('re-reads the loaded pages when another tab changed the count', async () => {
    const { api, store } = fakeApi(rows());
    const live = fakeLive();
    const timer = manualSchedule();
    const inbox = createInbox(api, live, { schedule: timer.schedule });
    inbox.start();
    await flush();
    (store.rows[0] as { readAt: string | null }).readAt = '2025-01-09T00:00:00Z';
    live.emit({ type: 'unread', count: 2 });
    timer.run();
    await flush();
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['3', '2']);
    expect(ids(inbox.tabs.history.items.value)).toContain('1');
  });

  it('does not let a re-read sent before a local move undo it when its answer lands after', async () => {
    const { api, store } = fakeApi(rows());
    const live = fakeLive();
    const inbox = createInbox(api, live);
    inbox.start();
    await flush();
    // Hold the next inbox read: it leaves before row 4 is marked unread and answers after.
    const held = deferred<void>();
    const list = api.listNotifications.bind(api);
    let holdOne = true;
    api.listNotifications = async (query) => {
      const page = await list(query);
      if (holdOne && query?.state === 'unread') {
        holdOne = false;
        await held.promise;
      }
      return page;
    };
    live.emit({ type: 'sync', reason: 'visible' });
    await flush();
    expect(await inbox.markUnread(['4'])).toBe(true);
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['4', '3', '2', '1']);
    held.resolve();
    await flush();
    await flush();
    expect(ids(inbox.tabs.inbox.items.value)).toEqual(['4', '3', '2', '1']);
    expect(store.rows.find((r) => r.id === '4')?.readAt).toBeNull();
  });

  it('keeps a failed action visible and the rows where they were', async () => {
    const { api, failNext } = fakeApi(rows());
    const inbox = createInbox(api, fakeLive());
    inbox.start();
    await flush();
    failNext(new ApiError(403, 'STOCKBELL_ERR_FORBIDDEN', 'Nope'));
    expect(await inbox.remove(['1', '2'])).toBe(false);
    expect(inbox.error.value?.message).toBe('Nope');
    expect(inbox.tabs.inbox.items.value).toHaveLength(3);
  });
});

describe('insertSorted', () => {
  const a = notification({ id: '10', createdAt: '2025-03-03T00:00:00Z' });
  const b = notification({ id: '11', createdAt: '2025-03-01T00:00:00Z' });
  it('places newest first and replaces an existing copy', () => {
    const mid = notification({ id: '12', createdAt: '2025-03-02T00:00:00Z' });
    expect(ids(insertSorted([a, b], mid, true))).toEqual(['10', '12', '11']);
    expect(ids(insertSorted([a, b, mid], { ...mid }, true))).toEqual(['10', '12', '11']);
  });
  it('leaves out an older row when more pages wait, so Load more does not repeat it', () => {
    const old = notification({ id: '13', createdAt: '2024-01-01T00:00:00Z' });
    expect(ids(insertSorted([a, b], old, false))).toEqual(['10', '11']);
    expect(ids(insertSorted([a, b], old, true))).toEqual(['10', '11', '13']);
  });
});

describe('subscription model', () => {
  it('toggles the direct subscription and reports the new state', async () => {
    const { api, calls } = fakeApi();
    const sub = createSubscription(api, 'part', '42');
    await sub.refresh();
    expect(sub.state.value).toMatchObject({ subscribed: false, name: 'part 42' });
    expect(await sub.toggle()).toBe(true);
    expect(sub.state.value?.subscribed).toBe(true);
    expect(await sub.toggle()).toBe(true);
    expect(sub.state.value?.subscribed).toBe(false);
    expect(calls).toEqual(['get part 42', 'put part 42', 'delete part 42']);
  });

  it('keeps the state and shows the failure when the server refuses', async () => {
    const { api, failNext } = fakeApi();
    const sub = createSubscription(api, 'category', '7');
    await sub.refresh();
    failNext(new ApiError(404, 'STOCKBELL_ERR_NOT_FOUND', 'Category not found'));
    expect(await sub.toggle()).toBe(false);
    expect(sub.state.value?.subscribed).toBe(false);
    expect(sub.error.value).toMatchObject({ action: 'toggle' });
    expect(sub.error.value?.error.message).toBe('Category not found');
    expect(sub.pending.value).toBe(false);
  });

  it('does nothing before the state is known', async () => {
    const { api, calls } = fakeApi();
    expect(await createSubscription(api, 'part', '1').toggle()).toBe(false);
    expect(calls).toEqual([]);
  });
});

describe('subscription list model', () => {
  it('splits parts and categories and unsubscribes in place', async () => {
    const { api, store } = fakeApi();
    store.list = [
      { kind: 'part', id: '1', name: 'Resistor', path: ['Electronics', 'Passives'], url: '/parts/1', muted: false, variants: true },
      { kind: 'category', id: '2', name: 'Mechanical', path: ['Mechanical'], url: '/categories/2', muted: false, variants: true },
    ];
    const list = createSubscriptionList(api);
    await list.refresh();
    expect(list.parts.value.map((i) => i.name)).toEqual(['Resistor']);
    expect(list.categories.value.map((i) => i.name)).toEqual(['Mechanical']);
    expect(await list.remove(list.parts.value[0] as never)).toBe(true);
    expect(list.items.value.map((i) => i.id)).toEqual(['2']);
    expect(list.pending.value.size).toBe(0);
  });
});

describe('alert states and snoozes, live', () => {
  const resolved = (n: ReturnType<typeof notification>) => ({
    ...n,
    alert: { state: 'resolved' as const, resolvedAt: '2025-01-02T00:00:00.000Z', status: 'Resolved: back to 120 (min 100)' },
  });

  it('shows a resolved alert in place in the bell, and drops one snoozed elsewhere', async () => {
    const rows = [notification({ id: '1' }), notification({ id: '2' })];
    const { api } = fakeApi(rows);
    const live = fakeLive();
    const bell = createBell(api, live);
    bell.start();
    bell.setActive(true);
    await flush();
    live.emit({ type: 'updated', notification: resolved(rows[0]!) });
    expect(bell.items.value.map((n) => [n.id, n.alert?.state])).toEqual([['2', 'open'], ['1', 'resolved']]);
    live.emit({ type: 'updated', notification: { ...rows[1]!, snooze: { until: '2030-01-01T00:00:00.000Z', untilResolved: false } } });
    expect(bell.items.value.map((n) => n.id)).toEqual(['1']);
  });

  it('keeps the inbox’s open-alerts filter when an alert resolves, and lists snoozed ones apart', async () => {
    const rows = [notification({ id: '1' }), notification({ id: '2', kind: 'message', alert: null })];
    const { api, calls } = fakeApi(rows);
    const live = fakeLive();
    const inbox = createInbox(api, live);
    inbox.start();
    await flush();
    await inbox.setOpenOnly(true);
    expect(calls).toContain('list unread open 20');
    expect(inbox.tabs.inbox.items.value.map((n) => n.id)).toEqual(['1']);
    // The server resolved it (its answers say so from now on), and the frame says it too.
    Object.assign(rows[0]!, resolved(rows[0]!));
    live.emit({ type: 'updated', notification: { ...rows[0]! } });
    expect(inbox.tabs.inbox.items.value).toEqual([]);
    await inbox.setOpenOnly(false);
    expect(inbox.tabs.inbox.items.value.map((n) => [n.id, n.alert?.status ?? null])).toEqual([['2', null], ['1', 'Resolved: back to 120 (min 100)']]);
    live.emit({ type: 'updated', notification: { ...rows[1]!, snooze: { until: null, untilResolved: true } } });
    expect(inbox.tabs.snoozed.items.value.map((n) => n.id)).toEqual(['2']);
    expect(inbox.tabs.inbox.items.value.map((n) => n.id)).toEqual(['1']);
  });
});
