/**
 * The pieces the client models are built from, each on its own: the latest-read rule, the serial
 * read queue, debouncing, the unread count, the inbox's two lists and its actions.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/api.ts';
import { createInboxActions } from '../client/models/inbox-actions.ts';
import { createTabs, dropIds, place, selectAll, showPage, toggle } from '../client/models/inbox-tabs.ts';
import { createLatestRead } from '../client/models/latest-read.ts';
import { createReadQueue } from '../client/models/read-queue.ts';
import { debounced } from '../client/models/schedule.ts';
import { createUnreadCount } from '../client/models/unread-count.ts';
import { deferred, fakeApi, flush, manualSchedule, notification } from './client-fakes.ts';

const ids = (list: { id: string }[]) => list.map((n) => n.id);

describe('latest read', () => {
  it('applies only the newest read, whatever order the answers come in, and loads until it answers', async () => {
    const reads = createLatestRead();
    const applied: string[] = [];
    const slow = deferred<string>();
    const fast = deferred<string>();
    const first = reads.run(() => slow.promise, (v) => applied.push(v), () => {});
    const second = reads.run(() => fast.promise, (v) => applied.push(v), () => {});
    fast.resolve('new');
    await second;
    expect(reads.loading.value).toBe(false);
    slow.resolve('old');
    await first;
    expect(applied).toEqual(['new']);
  });

  it('reports the newest read’s failure only', async () => {
    const reads = createLatestRead();
    const failures: string[] = [];
    const stale = deferred<string>();
    const first = reads.run(() => stale.promise, () => {}, (e) => failures.push(e.message));
    await reads.run(() => Promise.reject(new Error('newest failed')), () => {}, (e) => failures.push(e.message));
    stale.reject(new Error('stale failed'));
    await first;
    expect(failures).toEqual(['newest failed']);
  });

  it('applies a next page unless a new first read started meanwhile', async () => {
    const reads = createLatestRead();
    const applied: string[] = [];
    await reads.run(() => Promise.resolve('page 2'), (v) => applied.push(v), () => {}, true);
    const next = deferred<string>();
    const more = reads.run(() => next.promise, (v) => applied.push(v), () => {}, true);
    await reads.run(() => Promise.resolve('page 1 again'), (v) => applied.push(v), () => {});
    next.resolve('page 3');
    await more;
    expect(applied).toEqual(['page 2', 'page 1 again']);
  });

  it('drops a read in flight when something newer was applied', async () => {
    const reads = createLatestRead();
    const applied: string[] = [];
    const answer = deferred<string>();
    const reading = reads.run(() => answer.promise, (v) => applied.push(v), () => {});
    expect(reads.loading.value).toBe(true);
    reads.supersede();
    expect(reads.loading.value).toBe(false);
    answer.resolve('before the save');
    await reading;
    expect(applied).toEqual([]);
  });
});

describe('read queue', () => {
  it('runs reads one after another, loads until the last is done, and goes on after a failure', async () => {
    const failures: string[] = [];
    const queue = createReadQueue((e) => failures.push(e.message));
    const order: string[] = [];
    const slow = deferred<void>();
    const first = queue.run(async () => {
      await slow.promise;
      order.push('first');
    });
    const second = queue.run(async () => {
      order.push('second');
      throw new Error('second failed');
    });
    const third = queue.run(async () => {
      order.push('third');
    });
    await flush();
    expect(order).toEqual([]);
    slow.resolve();
    await first;
    expect(queue.loading.value).toBe(true);
    await Promise.all([second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
    expect(failures).toEqual(['second failed']);
    expect(queue.loading.value).toBe(false);
  });
});

describe('debounced', () => {
  it('runs once after the last call, and not at all once cancelled', () => {
    const timer = manualSchedule();
    let runs = 0;
    const work = debounced(() => (runs += 1), 100, timer.schedule);
    work.soon();
    work.soon();
    work.soon();
    expect(timer.pending).toBe(1);
    timer.run();
    expect(runs).toBe(1);
    work.soon();
    work.cancel();
    timer.run();
    expect(runs).toBe(1);
  });
});

describe('unread count', () => {
  it('lets a pushed count win over a read that answers later, and never goes below zero', async () => {
    const answer = deferred<number>();
    const unread = createUnreadCount({ unreadCount: () => answer.promise }, () => {});
    const reading = unread.refresh();
    unread.push(7);
    answer.resolve(3);
    await reading;
    expect(unread.count.value).toBe(7);
    unread.push(-2);
    expect(unread.count.value).toBe(0);
  });

  it('hands a failed read to its owner', async () => {
    const failures: string[] = [];
    const unread = createUnreadCount({ unreadCount: () => Promise.reject(new ApiError(0, 'NETWORK', 'offline')) }, (e) =>
      failures.push(e.message),
    );
    await unread.refresh();
    expect(failures).toEqual(['offline']);
  });
});

describe('inbox lists', () => {
  const read = (id: string) => notification({ id, readAt: '2025-02-01T00:00:00Z' });

  it('a first page replaces the list and the selection of rows that left; a later one appends without repeats', () => {
    const tabs = createTabs(() => {});
    showPage(tabs.inbox, { items: [notification({ id: '3' }), notification({ id: '2' })], nextCursor: 'c' }, false);
    toggle(tabs.inbox, '3');
    toggle(tabs.inbox, '2');
    showPage(tabs.inbox, { items: [notification({ id: '2' }), notification({ id: '1' })], nextCursor: null }, true);
    expect(ids(tabs.inbox.items.value)).toEqual(['3', '2', '1']);
    expect(tabs.inbox.nextCursor.value).toBeNull();
    showPage(tabs.inbox, { items: [notification({ id: '2' })], nextCursor: null }, false);
    expect([...tabs.inbox.selected.value]).toEqual(['2']);
    expect(tabs.inbox.loaded.value).toBe(true);
  });

  it('moves a row to the tab its state says, and drops ids from lists and selections', () => {
    const tabs = createTabs(() => {});
    showPage(tabs.inbox, { items: [notification({ id: '2' }), notification({ id: '1' })], nextCursor: null }, false);
    showPage(tabs.history, { items: [read('5')], nextCursor: null }, false);
    selectAll(tabs.inbox, true);
    place(tabs, read('2'));
    expect(ids(tabs.inbox.items.value)).toEqual(['1']);
    expect(ids(tabs.history.items.value)).toEqual(['5', '2']);
    expect([...tabs.inbox.selected.value]).toEqual(['1']);
    dropIds(tabs, new Set(['1', '5']));
    expect(tabs.inbox.items.value).toEqual([]);
    expect(ids(tabs.history.items.value)).toEqual(['2']);
    expect(tabs.inbox.selected.value.size).toBe(0);
  });
});

describe('inbox actions', () => {
  async function setUp(rows = [notification({ id: '1' }), notification({ id: '2' }), notification({ id: '3' })]) {
    const fake = fakeApi(rows);
    const error = { value: null as Error | null };
    const tabs = createTabs(() => {});
    showPage(tabs.inbox, await fake.api.listNotifications({ state: 'unread' }), false);
    const unread = createUnreadCount(fake.api, () => {});
    let resyncs = 0;
    const actions = createInboxActions({
      api: fake.api,
      tabs,
      unread,
      error: error as never,
      resync: async () => {
        resyncs += 1;
      },
      place: (n) => place(tabs, n),
    });
    return { ...fake, tabs, unread, error, actions, resyncs: () => resyncs };
  }

  it('marks the whole selection read in one request and moves the rows from its answer', async () => {
    const { tabs, actions, calls } = await setUp();
    const busy: boolean[] = [];
    const done = actions.markRead(['1', '3']);
    busy.push(actions.busy.value);
    expect(await done).toBe(true);
    busy.push(actions.busy.value);
    expect(busy).toEqual([true, false]);
    expect(calls.filter((c) => c.startsWith('mark-many'))).toEqual(['mark-many read 1,3']);
    expect(ids(tabs.inbox.items.value)).toEqual(['2']);
    expect(ids(tabs.history.items.value)).toEqual(['3', '1']);
    expect(actions.notice.value).toMatchObject({ kind: 'read', count: 2 });
  });

  it('keeps a refused bulk mark as the error and moves nothing', async () => {
    const { api, tabs, error, actions } = await setUp();
    api.markMany = () => Promise.reject(new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', 'body/ids must NOT have more than 500 items'));
    expect(await actions.markRead(['1', '2'])).toBe(false);
    expect(ids(tabs.inbox.items.value)).toEqual(['3', '2', '1']);
    expect(error.value?.message).toBe('body/ids must NOT have more than 500 items');
  });

  it('moves a snoozed row to the snoozed list and back when woken', async () => {
    const { tabs, actions, unread } = await setUp();
    expect(await actions.snooze('2', { preset: 'hour' })).toBe(true);
    expect(ids(tabs.inbox.items.value)).toEqual(['3', '1']);
    expect(ids(tabs.snoozed.items.value)).toEqual(['2']);
    expect(unread.count.value).toBe(2);
    expect(actions.notice.value).toMatchObject({ kind: 'snoozed', count: 1 });
    expect(await actions.wake('2')).toBe(true);
    expect(ids(tabs.inbox.items.value)).toEqual(['3', '2', '1']);
    expect(tabs.snoozed.items.value).toEqual([]);
  });

  it('clears an earlier failure when the next action goes through, and re-reads the count', async () => {
    const { tabs, error, actions, unread } = await setUp();
    error.value = new Error('earlier');
    expect(await actions.remove(['1', '3'])).toBe(true);
    expect(error.value).toBeNull();
    expect(ids(tabs.inbox.items.value)).toEqual(['2']);
    expect(unread.count.value).toBe(1);
    expect(actions.notice.value).toMatchObject({ kind: 'deleted', count: 2 });
  });

  it('empties the history only after the reads of it already queued', async () => {
    const { tabs, actions, store } = await setUp([notification({ id: '1', readAt: '2025-02-01T00:00:00Z' })]);
    const older = deferred<void>();
    const pending = tabs.history.reads.run(async () => {
      await older.promise;
      showPage(tabs.history, { items: [notification({ id: '1', readAt: '2025-02-01T00:00:00Z' })], nextCursor: null }, false);
    });
    const deleting = actions.deleteHistory();
    await flush();
    expect(store.rows).toEqual([]);
    older.resolve();
    await Promise.all([pending, deleting]);
    expect(tabs.history.items.value).toEqual([]);
    expect(actions.notice.value).toMatchObject({ kind: 'deleted', count: 1 });
  });

  it('marks all read and re-reads what is loaded', async () => {
    const { actions, resyncs } = await setUp();
    expect(await actions.markAllRead()).toBe(true);
    expect(resyncs()).toBe(1);
    expect(actions.notice.value).toMatchObject({ kind: 'read', count: 3 });
  });
});
