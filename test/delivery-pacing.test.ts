/**
 * How many jobs the worker claims at once (server/delivery/worker.ts, `nextBatch`): as many as a
 * lane sends in a quarter of the lease at its last batch's pace. Fast sends share each claim and
 * record among hundreds of jobs (bench/queue.ts: the queue alone went from 0.37× graphile-worker's
 * no-op drain to parity); slow sends keep claims small, so claimed jobs do not wait out their lease.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Job } from '../server/delivery/job-queue.ts';
import { drainDue, MAX_BATCH, nextBatch } from '../server/delivery/worker.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { allJobs } from './support/delivery.ts';

describe('the next batch', () => {
  it('is the lease’s quarter at the last pace, between the concurrency and MAX_BATCH', () => {
    expect(nextBatch(64, 1, 60_000, 8)).toBe(MAX_BATCH); // a no-op or a local relay
    expect(nextBatch(64, 8_000, 60_000, 8)).toBe(120); // 125 ms a send, 8 at once
    expect(nextBatch(8, 80_000, 60_000, 8)).toBe(8); // 10 s a send: never fewer than the sends in flight
    expect(nextBatch(1, 10_000, 20_000, 1)).toBe(1);
    expect(nextBatch(0, 0, 60_000, 8)).toBe(8); // nothing sent (all paused): back to the floor
  });
});

describe.each(databases)('claims paced to the sends on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function queued(users: number): Promise<TestApp> {
    t = await startApp(db);
    for (let i = 0; i < users; i++) t.host.addUser(`u${i}`, { roles: ['crew'] });
    const outcome = await t.app.stockbell.send({ to: { role: 'crew' }, subject: 'Stocktake' });
    expect(outcome.notified).toBe(users);
    return t;
  }

  /** Drains with `task` taking `ms` per batch; the size of every claim, and each job closed once. */
  async function drain(app: TestApp, ms: number, leaseMs: number): Promise<number[]> {
    const sizes: number[] = [];
    const closed: number[] = [];
    const task = async (jobs: Job[]) => {
      sizes.push(jobs.length);
      if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
      return jobs.map((job) => ({ job, result: { ok: true } as const }));
    };
    await drainDue(app.ctx, { leaseMs, concurrency: 8 }, task, () => false, (outcomes) => {
      closed.push(...outcomes.map((o) => o.job.id));
    });
    expect(new Set(closed).size).toBe(closed.length);
    expect((await allJobs(app)).map((job) => job.status)).toEqual(new Array(closed.length).fill('sent'));
    return sizes;
  }

  it('fast sends: after the first claims of 64, each lane claims MAX_BATCH at a time', async () => {
    const app = await queued(1_300);
    const sizes = await drain(app, 0, 60_000);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(1_300);
    expect(sizes.slice(0, 2)).toEqual([64, 64]);
    expect(sizes).toContain(MAX_BATCH);
    expect(sizes.length).toBeLessThanOrEqual(6);
  });

  it('slow sends: claims shrink to what a quarter of the lease can send', async () => {
    const app = await queued(300);
    // 64 jobs in 200 ms against a 400 ms lease: 64 / 200 × 100 = 32 a claim.
    const sizes = await drain(app, 200, 400);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(300);
    expect(sizes.slice(0, 2)).toEqual([64, 64]);
    for (const size of sizes.slice(2)) expect(size).toBeLessThanOrEqual(40);
  });
});
