/**
 * Events and settings with several instances on one PostgreSQL, each a process of its own: one event
 * key reported to every instance at once notifies once, and an admin's change on one instance is
 * what the others act on next (their settings cache is dropped by a signal, not by its age: the
 * instances' clocks stand still here).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, hasPostgres, type Instance, pgCluster, until } from './support/instances.ts';

const HOST_TOKEN = 'test-host-token-0123456789';

function postEvent(instance: Instance, body: Record<string, unknown>): Promise<{ status: number; body: any }> {
  return fetch(`${instance.origin}/plugins/stockbell/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${HOST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  }).then(async (response) => ({ status: response.status, body: await response.json() }));
}

describe.skipIf(!hasPostgres)('events and settings across instances on PostgreSQL', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it.each([2, 3])('notifies once when one event key reaches %i instances at once', { timeout: 90_000 }, async (n) => {
    cluster = await pgCluster();
    const instances = await cluster.start(n, { users: [{ id: 'ann' }] });
    const [a] = instances as [Instance];
    expect((await a.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    for (const instance of instances) await instance.request('setStock', { partId: '1', stock: 5, minimumStock: 100 });
    const socket = await a.connect('ann');

    const outcomes = await Promise.all(instances.map((instance) => postEvent(instance, { type: 'stockChanged', partId: '1', key: 'stock-move-981' })));
    expect(outcomes.map((o) => o.status)).toEqual(instances.map(() => 202));
    expect(outcomes.filter((o) => !o.body.duplicate).map((o) => o.body.notified)).toEqual([1]);
    // The send API's key too.
    const sends = await Promise.all(instances.map((instance) => instance.request<{ duplicate: boolean }>('send', { to: { userId: 'ann' }, subject: 'Once', key: 'send-1' })));
    expect(sends.filter((o) => !o.duplicate)).toHaveLength(1);

    await socket.waitFor('the unread count of both', (f) => f.type === 'unread' && f.count === 2);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(socket.frames.filter((f) => f.type === 'notification')).toHaveLength(2);
    expect((await cluster.sql("select kind from stockbell_notifications where user_id = 'ann' order by id")).map((r) => r.kind)).toEqual(['part.low_stock', 'message']);
  });

  it('applies an admin’s change made on one instance on the others', { timeout: 90_000 }, async () => {
    cluster = await pgCluster();
    const [a, b] = (await cluster.start(2, { users: [{ id: 'ann' }, { id: 'root', isAdmin: true }] })) as [Instance, Instance];
    expect((await a.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    for (const instance of [a, b]) await instance.request('setStock', { partId: '1', stock: 5, minimumStock: 100 });
    // B has read (and keeps) the settings as they were.
    expect((await b.as('root', 'GET', '/admin/settings')).body.lowStockEnabled).toBe(true);

    expect((await a.as('root', 'PATCH', '/admin/settings', { lowStockEnabled: false })).status).toBe(200);
    await until('B to see the change', async () => (await b.as('root', 'GET', '/admin/settings')).body.lowStockEnabled === false);
    expect((await postEvent(b, { type: 'stockChanged', partId: '1' })).body).toMatchObject({ duplicate: false, notified: 0 });
  });
});
