/**
 * Delivery with several instances on one PostgreSQL, each a process of its own, to a real HTTP
 * receiver on loopback: two workers share 1,000 webhook jobs and send each exactly once; one is
 * killed with SIGKILL mid-run and the other finishes its jobs once their leases end, every repeat
 * carrying the job's idempotency key; a job added where no worker runs is sent by another instance
 * without waiting for that instance's next poll.
 */
import { afterEach, describe, expect } from 'vitest';
import { type Cluster, hasPostgres, type Instance, pgCluster, until } from './support/instances.ts';
import { test } from './support/receivers.ts';

const JOBS = 1_000;
const crew = Array.from({ length: JOBS }, (_, i) => ({ id: `u${i}`, roles: ['crew'], email: null }));
const admin = { id: 'root', isAdmin: true, email: null };

describe.skipIf(!hasPostgres)('delivery across instances on PostgreSQL', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  /** A personal webhook for every crew member, on the receiver (one path each), and webhooks on for messages. */
  async function webhooksFor(on: Instance, receiverUrl: string): Promise<void> {
    await cluster!.sql(
      `insert into stockbell_endpoints (user_id, channel, name, url, secret, created_at, updated_at)
       select 'u' || i, 'webhook', 'hook', $1 || '/u' || i, 'whsec_scale', now(), now() from generate_series(0, $2::int - 1) i`,
      [receiverUrl, JOBS],
    );
    expect((await on.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } })).status).toBe(200);
  }

  const statuses = async (): Promise<Record<string, number>> =>
    Object.fromEntries((await cluster!.sql<{ status: string; n: number }>('select status, count(*)::int as n from stockbell_deliveries group by status')).map((r) => [r.status, r.n]));

  test('two workers share 1,000 webhook jobs and send each exactly once', { timeout: 120_000 }, async ({ http }) => {
    cluster = await pgCluster();
    const endpointAllowList = ['127.0.0.1'];
    const [a, b] = (await cluster.start(2, { users: [admin, ...crew], options: { endpointAllowList, delivery: { worker: false } } })) as [Instance, Instance];
    await webhooksFor(a, http.origin);
    http.respondWith([], { status: 200, delayMs: 2 });
    expect(await a.request('send', { to: { role: 'crew' }, subject: 'Stocktake' })).toMatchObject({ notified: JOBS });

    // Both workers at once, each claiming until nothing is left.
    const [first, second] = await Promise.all([a.request<{ sent: number }>('runOnce'), b.request<{ sent: number }>('runOnce')]);
    expect(first.sent + second.sent).toBe(JOBS);
    expect(first.sent).toBeGreaterThan(0);
    expect(second.sent).toBeGreaterThan(0);
    const keys = http.requests.map((r) => r.headers['idempotency-key']);
    expect(keys).toHaveLength(JOBS);
    expect(new Set(keys).size).toBe(JOBS);
    expect(await statuses()).toEqual({ sent: JOBS });
  });

  test('a worker killed with SIGKILL mid-run: the other finishes its jobs once the leases end, and loses none', { timeout: 120_000 }, async ({ http }) => {
    cluster = await pgCluster();
    const endpointAllowList = ['127.0.0.1'];
    const delivery = { worker: true, pollMs: 50, concurrency: 8 };
    const [queuer] = (await cluster.start(1, { users: [admin, ...crew], options: { endpointAllowList, delivery: { worker: false } } })) as [Instance];
    const [doomed, survivor] = (await cluster.start(2, { users: [admin, ...crew], options: { endpointAllowList, delivery } })) as [Instance, Instance];
    await webhooksFor(queuer, http.origin);
    // A little latency per request, so the kill lands while sends are in flight.
    http.respondWith([], { status: 200, delayMs: 5 });
    await queuer.request('send', { to: { role: 'crew' }, subject: 'Stocktake' });

    const distinct = () => new Set(http.requests.map((r) => r.headers['idempotency-key'])).size;
    await until('the first deliveries', () => distinct() >= 200, 30_000);
    await doomed.kill();
    expect(distinct()).toBeLessThan(JOBS);
    // The survivor takes everything it can; what is left is leased to the dead worker, whose clock stopped.
    await until('nothing pending', async () => (await statuses()).pending === undefined, 60_000);
    await survivor.request('runOnce');
    const stranded = await statuses();
    expect(stranded.sending).toBeGreaterThan(0);
    expect((stranded.sent ?? 0) + (stranded.sending ?? 0)).toBe(JOBS);
    // The leases (60 s by default) end: the survivor's next poll takes those jobs again.
    await survivor.request('clock', { set: '2026-11-23T08:01:00.001Z' });
    await until('every delivery', () => distinct() === JOBS, 60_000);
    await until('every job recorded as sent', async () => (await statuses()).sent === JOBS, 30_000);

    expect(await statuses()).toEqual({ sent: JOBS });
    // Jobs the killed worker had leased were taken again after their lease ended (a second attempt).
    const [retaken] = await cluster.sql<{ n: number }>('select count(*)::int as n from stockbell_deliveries where attempts > 1');
    expect(retaken?.n).toBeGreaterThan(0);
    // At-least-once: a job in flight at the kill may arrive twice, never zero times, and every
    // arrival for one recipient carries that job's key, in the header and in the signed body.
    expect(http.requests.length).toBeGreaterThanOrEqual(JOBS);
    const byPath = new Map<string, Set<string>>();
    for (const request of http.requests) {
      const keys = byPath.get(request.url) ?? new Set<string>();
      byPath.set(request.url, keys);
      keys.add(String(request.headers['idempotency-key']));
      keys.add(JSON.parse(request.body).id);
    }
    expect(byPath.size).toBe(JOBS);
    for (const keys of byPath.values()) expect(keys.size).toBe(1);
  });

  test('a job added where no worker runs is sent by another instance without waiting for its poll', { timeout: 60_000 }, async ({ http }) => {
    cluster = await pgCluster();
    const endpointAllowList = ['127.0.0.1'];
    const users = [admin, { id: 'ann', email: null }];
    const [queuer] = (await cluster.start(1, { users, options: { endpointAllowList, delivery: { worker: false } } })) as [Instance];
    // The worker's own poll is an hour away: only a signal from the queuer can start it.
    await cluster.start(1, { users, options: { endpointAllowList, delivery: { worker: true, pollMs: 3_600_000 } } });
    expect((await queuer.as('ann', 'POST', '/preferences/endpoints', { channel: 'webhook', url: http.url('/ann') })).status).toBe(201);
    expect((await queuer.as('root', 'PATCH', '/admin/settings', { defaults: { message: { webhook: true } } })).status).toBe(200);

    for (const subject of ['first', 'second']) {
      await queuer.request('send', { to: { userId: 'ann' }, subject });
      await until(`the ${subject} webhook`, () => http.requests.some((r) => r.body.includes(`"${subject}"`)), 10_000);
    }
    await until('both recorded as sent', async () => (await statuses()).sent === 2);
    expect(await statuses()).toEqual({ sent: 2 });
  });
});
