/**
 * Alert states and snoozes, live, over real WebSockets on loopback: a resolution reaches every
 * connected recipient as an `updated` frame (one UPDATE, one signal); a snooze set in one tab moves
 * the row in the others; a snooze that ends comes back as a `notification` frame with the count.
 * Across instances on PostgreSQL, the signals carry no rows and each instance reads back its own.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type TestApp } from './support/app.ts';
import { databases, postgresql } from './support/databases.ts';

interface Client {
  frames: any[];
  until(predicate: (frames: any[]) => boolean): Promise<void>;
  close(): void;
}

async function connect(address: string, user: string): Promise<Client> {
  const socket = new WebSocket(`${address.replace('http', 'ws')}/plugins/stockbell/ws`, { headers: { 'x-user': user, origin: address } });
  const frames: any[] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  const client: Client = {
    frames,
    async until(predicate) {
      for (let i = 0; i < 100 && !predicate(frames); i++) await new Promise((r) => setTimeout(r, 50));
      expect(predicate(frames), JSON.stringify(frames)).toBe(true);
    },
    close: () => socket.terminate(),
  };
  await client.until((f) => f.length === 1); // the greeting count
  return client;
}

const lastCount = (frames: any[]) => frames.filter((f) => f.type === 'unread').at(-1)?.count;

describe.each(databases)('live alert states on $name', (db) => {
  let t: TestApp;
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await t?.close();
  });

  it('pushes a resolution to every connected recipient, and nobody else', async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben', 'cat']) t.host.addUser(id);
    t.host.parts.get('1')!.minimumStock = 100;
    for (const id of ['ann', 'ben']) await t.as(id, 'PUT', '/subscriptions/part/1');
    const address = await t.listen();
    const [ann, ben, cat] = await Promise.all(['ann', 'ben', 'cat'].map((id) => connect(address, id)));
    clients.push(ann!, ben!, cat!);
    t.host.setStock('1', 5);
    await t.app.stockbell.events.stockChanged('1');
    await ann!.until((f) => f.some((x) => x.type === 'notification'));
    t.host.setStock('1', 120);
    await t.app.stockbell.events.stockChanged('1');
    for (const client of [ann!, ben!]) {
      await client.until((f) => f.some((x) => x.type === 'updated'));
      const { notification } = client.frames.find((x) => x.type === 'updated');
      expect(notification.alert).toMatchObject({ state: 'resolved', status: 'Resolved: back to 120 (min 100)' });
    }
    expect(cat!.frames).toEqual([{ type: 'unread', count: 0 }]);
  });

  it('brings a row snoozed until resolved back with the badge when its alert resolves, and leaves other counts alone', async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben']) t.host.addUser(id);
    t.host.parts.get('1')!.minimumStock = 100;
    for (const id of ['ann', 'ben']) await t.as(id, 'PUT', '/subscriptions/part/1');
    const address = await t.listen();
    const [ann, ben] = await Promise.all(['ann', 'ben'].map((id) => connect(address, id)));
    clients.push(ann!, ben!);
    t.host.setStock('1', 5);
    await t.app.stockbell.events.stockChanged('1');
    await ann!.until((f) => lastCount(f) === 1);
    const [n] = (await t.as('ann', 'GET', '/notifications')).body.items;
    await t.as('ann', 'POST', `/notifications/${n.id}/snooze`, { untilResolved: true });
    await ann!.until((f) => lastCount(f) === 0);
    const benFrames = ben!.frames.length;
    t.host.setStock('1', 120);
    await t.app.stockbell.events.stockChanged('1');
    // Back in ann's inbox, resolved and unread: a notification frame, then her count.
    await ann!.until((f) => f.some((x) => x.type === 'notification' && x.notification.id === n.id && x.notification.alert?.state === 'resolved') && lastCount(f) === 1);
    expect(ann!.frames.find((x) => x.type === 'notification' && x.notification.id === n.id && x.notification.alert?.state === 'resolved').notification.snooze).toBeNull();
    // Ben's row was never snoozed: it is updated in place, and his count does not move.
    await ben!.until((f) => f.some((x) => x.type === 'updated'));
    expect(ben!.frames.slice(benFrames).map((x) => x.type)).toEqual(['updated']);
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body).toEqual({ count: 1 });
  });

  it('moves a snoozed row in the user’s other tabs, and brings it back with the badge when it ends', async () => {
    t = await startApp(db);
    t.host.addUser('ann');
    const address = await t.listen();
    const otherTab = await connect(address, 'ann');
    clients.push(otherTab);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Later' });
    await otherTab.until((f) => lastCount(f) === 1);
    const [n] = (await t.as('ann', 'GET', '/notifications')).body.items;
    await t.as('ann', 'POST', `/notifications/${n.id}/snooze`, { preset: 'hour' });
    await otherTab.until((f) => f.some((x) => x.type === 'updated' && x.notification.snooze) && lastCount(f) === 0);
    t.clock.advance(3_600_000);
    expect(await t.app.stockbell.jobs.snoozes()).toBe(1);
    await otherTab.until((f) => f.filter((x) => x.type === 'notification').length === 2 && lastCount(f) === 1);
    expect(otherTab.frames.filter((x) => x.type === 'notification').at(-1).notification).toMatchObject({ id: n.id, snooze: null, readAt: null });
  });
});

describe('live alert states across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  it('reaches users connected to another instance with resolutions, returns and snoozes', async () => {
    if (!databases.includes(postgresql)) return;
    const a = await startApp(postgresql);
    a.host.addUser('ann');
    a.host.parts.get('1')!.minimumStock = 100;
    await a.as('ann', 'PUT', '/subscriptions/part/1');
    const b = await startApp({ name: 'postgresql', create: () => ({ database: a.ctx.options.database.location, databaseSchema: a.ctx.options.database.schema!, cleanup: async () => {} }) }, { host: a.host });
    const address = await b.listen();
    const ann = await connect(address, 'ann');
    try {
      a.host.setStock('1', 5);
      await a.app.stockbell.events.stockChanged('1');
      await ann.until((f) => f.some((x) => x.type === 'notification'));
      a.host.setStock('1', 150);
      await a.app.stockbell.events.stockChanged('1');
      await ann.until((f) => f.some((x) => x.type === 'updated' && x.notification.alert?.state === 'resolved'));

      const [n] = (await a.as('ann', 'GET', '/notifications')).body.items;
      await a.as('ann', 'POST', `/notifications/${n.id}/snooze`, { preset: 'hour' });
      await ann.until((f) => f.some((x) => x.type === 'updated' && x.notification.snooze) && lastCount(f) === 0);
      a.clock.advance(3_600_000);
      expect(await a.app.stockbell.jobs.snoozes()).toBe(1);
      await ann.until((f) => f.filter((x) => x.type === 'notification').length === 2 && lastCount(f) === 1);
    } finally {
      ann.close();
      await b.close();
      await a.close();
    }
  });
});
