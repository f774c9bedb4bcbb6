/**
 * Live push across instances, each a process of its own on one PostgreSQL (LISTEN/NOTIFY): a user's
 * sockets on different instances hear every change exactly once, whichever instance made it; a
 * dropped LISTEN connection comes back and the sockets that missed signals are brought up to date;
 * NOTIFY payloads stay small whatever the batch.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, hasPostgres, type Instance, type LiveClient, pgCluster, until } from './support/instances.ts';

const HOST_TOKEN = 'test-host-token-0123456789';
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
const unreadCounts = (client: LiveClient) => client.frames.filter((f) => f.type === 'unread').map((f) => f.count);
const notificationIds = (client: LiveClient) => client.frames.filter((f) => f.type === 'notification').map((f) => f.notification.id);

describe.skipIf(!hasPostgres)('live push across instances on PostgreSQL', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  async function unreadInDatabase(user: string): Promise<number> {
    const [row] = await cluster!.sql('select count(*)::int as n from stockbell_notifications where user_id = $1 and read_at is null', [user]);
    return row.n;
  }

  describe.each([2, 3])('%i instances', (n) => {
    it('gives each of a user’s sockets every frame exactly once, whichever instance handled the event or the change', { timeout: 90_000 }, async () => {
      cluster = await pgCluster();
      const instances = await cluster.start(n, { users: [{ id: 'ann' }, { id: 'ben' }] });
      const [a, b] = instances as [Instance, Instance];
      const sockets = await Promise.all(instances.map((instance) => instance.connect('ann')));
      const ben = await b.connect('ben');
      // Step by step: each change's frames have reached every socket before the next change starts.
      const everywhere = (what: string, predicate: (frame: any) => boolean) => Promise.all(sockets.map((s) => s.waitFor(what, predicate)));
      const unread = (count: number, after: number) => everywhere(`unread ${count}`, (f) => f.type === 'unread' && f.count === count && f.seq > after);
      let seq = 0;
      for (const socket of sockets) {
        // Number the frames as they arrive, so "the unread frame after this change" can be told apart.
        const push = socket.frames.push.bind(socket.frames);
        socket.frames.push = (...frames: any[]) => push(...frames.map((f) => ({ ...f, seq: ++seq })));
      }

      await a.request('send', { to: { userId: 'ann' }, subject: 'one, from A' });
      await everywhere('one', (f) => f.notification?.subject === 'one, from A');
      await unread(1, 0);
      let mark = seq;
      await b.request('send', { to: { userId: 'ann' }, subject: 'two, from B' });
      await everywhere('two', (f) => f.notification?.subject === 'two, from B');
      await unread(2, mark);
      mark = seq;
      expect((await a.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
      for (const instance of instances) await instance.request('setStock', { partId: '1', stock: 5, minimumStock: 100 });
      const stock = await fetch(`${b.origin}/plugins/stockbell/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${HOST_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'stockChanged', partId: '1', key: 'move-1' }),
      });
      expect(await stock.json()).toMatchObject({ duplicate: false, notified: 1 });
      await everywhere('low stock', (f) => f.notification?.kind === 'part.low_stock');
      await unread(3, mark);

      const items = (await a.as('ann', 'GET', '/notifications')).body.items as { id: string; subject: string }[];
      const [low, two, one] = items.map((item) => item.id) as [string, string, string];
      mark = seq;
      expect((await a.as('ann', 'POST', `/notifications/${one}/read`)).status).toBe(200);
      await unread(2, mark);
      mark = seq;
      expect((await b.as('ann', 'DELETE', `/notifications/${two}`)).status).toBe(204);
      await everywhere('removed', (f) => f.type === 'removed' && f.seq > mark);
      await unread(1, mark);
      mark = seq;
      expect((await b.as('ann', 'POST', '/notifications/read-all')).body).toEqual({ updated: 1 });
      await unread(0, mark);
      mark = seq;
      expect((await a.as('ann', 'DELETE', '/notifications?state=read')).body).toEqual({ deleted: 2 });
      await everywhere('history cleared', (f) => f.type === 'historyCleared');
      await unread(0, mark);
      await settle();

      for (const socket of sockets) {
        expect(socket.frames.map(({ seq: _seq, ...frame }) => (frame.type === 'notification' ? { type: 'notification', id: frame.notification.id } : frame))).toEqual([
          { type: 'unread', count: 0 },
          { type: 'notification', id: one },
          { type: 'unread', count: 1 },
          { type: 'notification', id: two },
          { type: 'unread', count: 2 },
          { type: 'notification', id: low },
          { type: 'unread', count: 3 },
          { type: 'unread', count: 2 },
          { type: 'removed', ids: [two] },
          { type: 'unread', count: 1 },
          { type: 'unread', count: 0 },
          { type: 'historyCleared' },
          { type: 'unread', count: 0 },
        ]);
      }
      // Nothing of ann's ever reached ben.
      expect(ben.frames).toEqual([{ type: 'unread', count: 0 }]);
    });
  });

  it('keeps NOTIFY payloads small however many rows an event or a deletion touches', { timeout: 90_000 }, async () => {
    cluster = await pgCluster();
    const crew = Array.from({ length: 2_000 }, (_, i) => ({ id: `c${i}`, roles: ['crew'], email: null }));
    const [a, b] = (await cluster.start(2, { users: [{ id: 'ann' }, ...crew] })) as [Instance, Instance];
    const listener = new pg.Client({ connectionString: cluster.url });
    await listener.connect();
    const payloads: string[] = [];
    listener.on('notification', (message) => payloads.push(message.payload ?? ''));
    await listener.query(`listen stockbell_live_${cluster.schema}`);
    try {
      // 500 of ann's notifications (the most one deletion takes), written straight into her inbox.
      await cluster.sql(`insert into stockbell_notifications (event_id, user_id, kind, data, reason, created_at)
        select 0, 'ann', 'message', '{"subject":"old","body":"","link":null}', '{"type":"direct"}', now() from generate_series(1, 500)`);
      const ann = await b.connect('ann');
      const crewOnB = await b.connect('c1999');
      const all = (await cluster.sql<{ id: number }>(`select id from stockbell_notifications where user_id = 'ann' order by id`)).map((row) => String(row.id));
      expect(all).toHaveLength(500);

      const fanout = await a.request<{ notified: number }>('send', { to: { role: 'crew' }, subject: 'Stocktake on Friday' });
      expect(fanout.notified).toBe(2_000);
      await crewOnB.waitFor('the fan-out', (f) => f.notification?.subject === 'Stocktake on Friday');
      expect((await a.as('ann', 'POST', '/notifications/delete', { ids: all })).body).toEqual({ deleted: 500 });
      const removed = await ann.waitFor('the deletion', (f) => f.type === 'removed');
      await ann.waitFor('the count after it', (f) => f.type === 'unread' && f.count === 0 && ann.frames.indexOf(f) > ann.frames.indexOf(removed));
      await settle();

      const removals = ann.frames.filter((f) => f.type === 'removed');
      expect(removals).toHaveLength(1);
      expect([...removed.ids].sort((x: string, y: string) => Number(x) - Number(y))).toEqual(all);
      expect(unreadCounts(ann)).toEqual([500, 0]);
      expect(payloads.length).toBeGreaterThan(1);
      // PostgreSQL refuses payloads of 8,000 bytes or more; these stay far under.
      expect(Math.max(...payloads.map((p) => Buffer.byteLength(p)))).toBeLessThanOrEqual(2_000);
    } finally {
      await listener.end();
    }
  });

  it('reconnects a dropped LISTEN connection and brings the sockets that missed signals up to date', { timeout: 90_000 }, async () => {
    cluster = await pgCluster();
    const [a, b] = (await cluster.start(2, { users: [{ id: 'ann' }] })) as [Instance, Instance];
    const onA = await a.connect('ann');
    const onB = await b.connect('ann');
    // The instances' LISTEN connections: the last thing each ran was its `listen`.
    const listeners = async () =>
      (await cluster!.sql<{ pid: number }>(`select pid from pg_stat_activity where query = $1 order by pid`, [`listen stockbell_live_${cluster!.schema}`])).map((row) => row.pid);
    const before = await until('both listening', async () => ((await listeners()).length === 2 ? listeners() : null));

    // Events flow from A while both LISTEN connections are terminated from SQL.
    let sending = true;
    let sent = 0;
    const flow = (async () => {
      while (sending) {
        await a.request('send', { to: { userId: 'ann' }, subject: `event ${sent}` });
        sent++;
      }
    })();
    await until('a few events', () => sent >= 5);
    await cluster.sql('select pg_terminate_backend(pid) from unnest($1::int[]) pid', [before]);
    await until('both listening again', async () => {
      const now = await listeners();
      return now.length === 2 && now.every((pid) => !before.includes(pid));
    });
    const atReconnect = sent;
    await until('a few more events', () => sent >= atReconnect + 20);
    sending = false;
    await flow;

    const stored = (await cluster.sql<{ id: number }>(`select id from stockbell_notifications where user_id = 'ann' order by id`)).map((row) => String(row.id));
    expect(stored).toHaveLength(sent);
    const last = await unreadInDatabase('ann');
    for (const socket of [onA, onB]) {
      await socket.waitFor(`unread ${last}`, (f) => f.type === 'unread' && f.count === last);
    }
    await settle();
    for (const socket of [onA, onB]) {
      // Every notification exactly once (the missed ones re-sent after the reconnect), and the count right.
      expect([...notificationIds(socket)].sort((x, y) => Number(x) - Number(y))).toEqual(stored);
      expect(unreadCounts(socket).at(-1)).toBe(last);
    }
  });
});
