/**
 * The demo as several real processes on one PostgreSQL (a fresh schema per run), started at the same
 * moment: they seed once, accept each other's session cookies, and behave as one host. A change on one
 * instance reaches a WebSocket on every other, exactly once per socket; a read on one moves the
 * unread count on all of them.
 */
import { describe, expect, it } from 'vitest';
import { databases } from './support/databases.ts';
import { call, type DemoProcess, type LiveSocket, openSocket, signIn, startDemoProcess, until } from './support/demo-process.ts';

const postgresql = databases.find((db) => db.name === 'postgresql');
const API = '/plugins/stockbell';
const PAGE_ORIGIN = 'http://inventory.test';

type Frame = LiveSocket['frames'][number];
const notificationIds = (socket: LiveSocket) => socket.frames.filter((f) => f.type === 'notification').map((f) => f.notification.id as string);
const lastUnread = (socket: LiveSocket) => socket.frames.findLast((f: Frame) => f.type === 'unread')?.count as number | undefined;

describe.skipIf(!postgresql)('the demo as several processes on one PostgreSQL', () => {
  it.each([2, 3])('%i instances are one host', async (count) => {
    const created = (postgresql as NonNullable<typeof postgresql>).create();
    const instances: DemoProcess[] = [];
    const sockets: LiveSocket[] = [];
    try {
      // One host behind a load balancer: every instance serves pages of one public origin.
      const env = { DATABASE_URL: created.database, DATABASE_SCHEMA: created.databaseSchema as string, PUBLIC_URL: PAGE_ORIGIN };
      // All at once: the seed and Stockbell's migrations must each happen once, and no start may fail.
      const started = await Promise.allSettled(Array.from({ length: count }, () => startDemoProcess(env)));
      for (const result of started) if (result.status === 'fulfilled') instances.push(result.value);
      for (const result of started) if (result.status === 'rejected') throw result.reason;
      const origins = instances.map((instance) => instance.origin);
      const first = origins[0] as string;
      const second = origins[1] as string;
      const last = origins[count - 1] as string;

      // Signed in on one instance, the cookie is good on every other (one secret, in the database).
      const engineer = await signIn(first, 'engineer');
      const admin = await signIn(last, 'admin');
      for (const origin of origins) {
        const home = await call(origin, engineer, 'GET', '/');
        expect(home.status, origin).toBe(200);
        expect(home.body).toContain('<span data-count="parts">414</span>');
      }

      expect((await call(second, engineer, 'PUT', `${API}/subscriptions/category/14`)).status).toBe(200);
      for (const origin of origins) sockets.push(await openSocket(origin, engineer, PAGE_ORIGIN));
      await until('the greeting on every socket', () => sockets.every((s) => lastUnread(s) === 0));

      // Widget Assembly's variant runs out on the first instance: 77 and 81 go low, on every socket.
      expect((await call(first, admin, 'POST', '/api/parts/77/stock', { quantity: 0 })).status).toBe(200);
      expect((await call(first, admin, 'POST', '/api/parts/81/stock', { quantity: 0 })).status).toBe(200);
      await until('two notifications on every socket', () => sockets.every((s) => notificationIds(s).length === 2 && lastUnread(s) === 2));
      for (const socket of sockets) {
        const targets = socket.frames.filter((f) => f.type === 'notification').map((f) => f.notification.target.id);
        expect(targets.sort()).toEqual(['77', '81']);
      }

      // Read on the second instance: the count drops on every socket, the first's included.
      const inbox = await call(second, engineer, 'GET', `${API}/notifications`);
      expect(inbox.body.items).toHaveLength(2);
      expect((await call(second, engineer, 'POST', `${API}/notifications/${inbox.body.items[0].id}/read`)).status).toBe(200);
      await until('unread 1 on every socket', () => sockets.every((s) => lastUnread(s) === 1));

      // Every instance creates a build at the same moment: distinct references, and each build's
      // notifications reach every socket once.
      const builds = await Promise.all(
        origins.map((origin) => call(origin, admin, 'POST', '/api/builds', { partId: 77, quantity: 50, responsible: ['engineer'] })),
      );
      expect(builds.map((b) => b.status)).toEqual(origins.map(() => 201));
      expect(new Set(builds.map((b) => b.body.reference)).size).toBe(count);
      const all = async () => (await call(last, engineer, 'GET', `${API}/notifications?state=all&limit=100`)).body.items as { id: string }[];
      const expected = (await all()).map((n) => n.id).sort();
      const unread = (await call(first, engineer, 'GET', `${API}/notifications/unread-count`)).body.count;
      expect(expected.length).toBeGreaterThan(2);
      await until('every notification on every socket', () =>
        sockets.every((s) => notificationIds(s).length >= expected.length && lastUnread(s) === unread),
      );
      for (const socket of sockets) expect(notificationIds(socket).sort()).toEqual(expected);
    } finally {
      for (const socket of sockets) socket.close();
      await Promise.all(instances.map((instance) => instance.stop()));
      await created.cleanup();
    }
  }, 120_000);
});
