/**
 * The pieces the client models are built from, each on its own: the latest-read rule, debouncing
 * and the unread count.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/api.ts';
import { createLatestRead } from '../client/models/latest-read.ts';
import { debounced } from '../client/models/schedule.ts';
import { createUnreadCount } from '../client/models/unread-count.ts';
import { deferred, manualSchedule } from './client-fakes.ts';

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
