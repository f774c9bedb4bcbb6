/**
 * Live push across instances, each a process of its own on one PostgreSQL (LISTEN/NOTIFY): a user's
 * sockets on different instances hear every change exactly once, whichever instance made it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type Cluster, hasPostgres, type Instance, pgCluster } from './support/instances.ts';

const HOST_TOKEN = 'test-host-token-0123456789';
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.skipIf(!hasPostgres)('live push across instances on PostgreSQL', () => {
  let cluster: Cluster | undefined;
  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

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
});
