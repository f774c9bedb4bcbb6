/**
 * Scheduled work with three instances on one PostgreSQL, each a process of its own on an injected
 * clock: when all three wake at the same minute, the daily digest still mails each user once per local
 * day (a real SMTP receiver), and retention runs once per day.
 */
import { afterEach, describe, expect } from 'vitest';
import { type Cluster, hasPostgres, type Instance, pgCluster } from './support/instances.ts';
import { test } from './support/receivers.ts';

const DAY = 86_400_000;
const at = (iso: string, plusMs = 0) => new Date(new Date(iso).getTime() + plusMs).toISOString();

describe.skipIf(!hasPostgres)('scheduled work across instances on PostgreSQL', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  const everywhere = <T>(instances: Instance[], cmd: 'runDigests' | 'runOnce' | 'scheduledRetention') =>
    Promise.all(instances.map((instance) => instance.request<T>(cmd)));
  const setClocks = (instances: Instance[], iso: string) => Promise.all(instances.map((instance) => instance.request('clock', { set: iso })));

  test('three instances waking at the same minute send each user one digest per local day', { timeout: 120_000 }, async ({ smtp }) => {
    cluster = await pgCluster();
    const users = ['dora', 'eli', 'fay'].map((id) => ({ id }));
    const instances = await cluster.start(3, { users, clock: '2026-11-23T06:00:00Z', options: { smtp: `smtp://127.0.0.1:${smtp.port}`, delivery: { worker: false } } });
    const [a, b, c] = instances as [Instance, Instance, Instance];
    for (const [user, instance] of [['dora', a], ['eli', b], ['fay', c]] as const) {
      expect((await instance.as(user, 'PATCH', '/preferences', { email: { mode: 'digest', digestHour: 8, timeZone: 'UTC' } })).status).toBe(200);
      await instance.request('send', { to: { userId: user }, subject: `For ${user}, day one` });
    }

    await setClocks(instances, '2026-11-23T08:00:00Z');
    const planned = await everywhere<{ planned: number }>(instances, 'runDigests');
    expect(planned.reduce((sum, stats) => sum + stats.planned, 0)).toBe(3);
    await everywhere(instances, 'runOnce');
    await smtp.waitFor(3);
    // The next checks of the same day, on every instance, find the day taken.
    await setClocks(instances, '2026-11-23T08:05:00Z');
    await a.request('send', { to: { userId: 'dora' }, subject: 'For dora, later on day one' });
    expect((await everywhere<{ planned: number }>(instances, 'runDigests')).map((s) => s.planned)).toEqual([0, 0, 0]);
    await everywhere(instances, 'runOnce');

    await setClocks(instances, '2026-11-24T08:00:00Z');
    expect((await everywhere<{ planned: number }>(instances, 'runDigests')).reduce((sum, s) => sum + s.planned, 0)).toBe(1);
    await everywhere(instances, 'runOnce');
    await smtp.waitFor(4);
    await new Promise((resolve) => setTimeout(resolve, 300));

    const mails = smtp.messages.map((m) => ({ to: m.envelope.rcptTo.join(), text: m.parsed.text ?? '' }));
    expect(mails.map((m) => m.to).sort()).toEqual(['dora@example.test', 'dora@example.test', 'eli@example.test', 'fay@example.test']);
    expect(mails.filter((m) => m.to === 'dora@example.test').map((m) => m.text.includes('later on day one'))).toEqual([false, true]);
  });

  test('retention runs once a day, whichever of three instances wakes first', { timeout: 120_000 }, async () => {
    cluster = await pgCluster();
    const instances = await cluster.start(3, { users: [{ id: 'ann' }], clock: '2026-10-01T03:15:00Z' });
    const [a] = instances as [Instance];
    for (let i = 0; i < 3; i++) await a.request('send', { to: { userId: 'ann' }, subject: `old ${i}` });

    // Thirty days and a minute later, 03:15 UTC: every instance's timer fires.
    await setClocks(instances, at('2026-10-31T03:15:00Z', 60_000));
    const first = await everywhere<number | null>(instances, 'scheduledRetention');
    expect(first.filter((ran) => ran !== null)).toEqual([3]);

    await a.request('send', { to: { userId: 'ann' }, subject: 'new' });
    // Later the same day: taken already, nobody runs it again.
    await setClocks(instances, at('2026-10-31T23:00:00Z'));
    expect(await everywhere(instances, 'scheduledRetention')).toEqual([null, null, null]);
    // The next day: once again, by one instance (nothing is old enough yet).
    await setClocks(instances, '2026-11-01T03:15:00Z');
    expect((await everywhere<number | null>(instances, 'scheduledRetention')).filter((ran) => ran !== null)).toEqual([0]);
    // A month on, the one row left is old: one instance deletes it.
    await setClocks(instances, at('2026-10-31T03:16:00Z', 31 * DAY));
    expect((await everywhere<number | null>(instances, 'scheduledRetention')).filter((ran) => ran !== null)).toEqual([1]);
  });
});
