/**
 * Live push over a real WebSocket on an ephemeral loopback port: authenticated, Origin-checked,
 * per-user frames after commit, other tabs kept in sync, dead sockets dropped, nothing left on close.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

interface Client {
  socket: WebSocket;
  frames: any[];
  next(predicate?: (frame: any) => boolean): Promise<any>;
}

describe.each(databases)('live push on $name', (db) => {
  let t: TestApp;
  let base: string;
  let origin: string;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    t = await startApp(db);
    for (const id of ['ann', 'ben']) t.host.addUser(id);
    const address = await t.listen();
    origin = address;
    base = address.replace('http', 'ws');
  });
  afterEach(async () => {
    for (const socket of clients) socket.terminate();
    clients.length = 0;
    await t?.close();
  });

  async function connect(user: string, headers: Record<string, string> = { origin }): Promise<Client> {
    const socket = new WebSocket(`${base}/plugins/stockbell/ws`, { headers: { 'x-user': user, ...headers } });
    clients.push(socket);
    const frames: any[] = [];
    let consumed = 0;
    let wake: () => void = () => {};
    socket.on('message', (data) => {
      frames.push(JSON.parse(String(data)));
      wake();
    });
    await new Promise<void>((resolve, reject) => { socket.once('open', () => resolve()); socket.once('error', reject); });
    const client: Client = {
      socket,
      frames,
      /** The next frame not yet consumed that matches; frames that arrived earlier count. */
      async next(predicate = () => true) {
        const deadline = Date.now() + 5_000;
        for (;;) {
          while (consumed < frames.length) {
            const frame = frames[consumed++];
            if (predicate(frame)) return frame;
          }
          if (Date.now() > deadline) throw new Error(`no frame for ${user}; got ${JSON.stringify(frames)}`);
          await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 50); });
        }
      },
    };
    await client.next((f) => f.type === 'unread');
    return client;
  }

  function refusal(headers: Record<string, string>): Promise<number> {
    return new Promise((resolve) => {
      const socket = new WebSocket(`${base}/plugins/stockbell/ws`, { headers });
      socket.on('unexpected-response', (_req, res) => { resolve(res.statusCode ?? 0); socket.terminate(); });
      socket.on('open', () => { resolve(101); socket.terminate(); });
      socket.on('error', () => {});
    });
  }

  it('refuses an upgrade without a user (401) or from a foreign or missing Origin (403)', async () => {
    expect(await refusal({ origin })).toBe(401);
    expect(await refusal({ 'x-user': 'ann', origin: 'https://evil.example' })).toBe(403);
    expect(await refusal({ 'x-user': 'ann' })).toBe(403);
    expect(await refusal({ 'x-user': 'ann', origin })).toBe(101);
  });

  it('allows the origins an admin configured, live, besides publicUrl’s', async () => {
    expect(await refusal({ 'x-user': 'ann', origin: 'https://inventory.example' })).toBe(403);
    await t.ctx.settings.write(t.ctx.em(), { allowedOrigins: ['https://inventory.example'] }, t.clock.now());
    expect(await refusal({ 'x-user': 'ann', origin: 'https://inventory.example' })).toBe(101);
    expect(await refusal({ 'x-user': 'ann', origin })).toBe(101);
    expect(await refusal({ 'x-user': 'ann', origin: 'https://other.example' })).toBe(403);
  });

  it('pushes a new notification and the unread count to the recipient only, after commit', async () => {
    const ann = await connect('ann');
    const ben = await connect('ben');
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Stocktake <b>Friday</b>' });
    const frame = await ann.next((f) => f.type === 'notification');
    expect(frame.notification).toMatchObject({ subject: 'Stocktake <b>Friday</b>', reason: 'sent to you', readAt: null });
    const [stored] = (await t.as('ann', 'GET', '/notifications')).body.items;
    expect(frame.notification).toEqual(stored);
    expect(await ann.next((f) => f.type === 'unread')).toEqual({ type: 'unread', count: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(ben.frames).toEqual([{ type: 'unread', count: 0 }]);
  });

  it('keeps a user’s other tabs in sync on read, read-all and delete', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'one' });
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'two' });
    const otherTab = await connect('ann');
    const ben = await connect('ben');
    const [two, one] = (await t.as('ann', 'GET', '/notifications')).body.items;
    await t.as('ann', 'POST', `/notifications/${two.id}/read`);
    expect(await otherTab.next((f) => f.type === 'unread')).toEqual({ type: 'unread', count: 1 });
    await t.as('ann', 'DELETE', `/notifications/${one.id}`);
    expect(await otherTab.next((f) => f.type === 'removed')).toEqual({ type: 'removed', ids: [one.id] });
    expect(await otherTab.next((f) => f.type === 'unread')).toEqual({ type: 'unread', count: 0 });
    // Deleting all history is one statement and one frame, however many rows it was.
    await t.as('ann', 'DELETE', '/notifications?state=read');
    expect(await otherTab.next((f) => f.type === 'historyCleared')).toEqual({ type: 'historyCleared' });
    expect(ben.frames).toEqual([{ type: 'unread', count: 0 }]);
  });

  it('sends the count again when retention deletes unread rows (no change per user is signalled)', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'old' });
    t.clock.advance(20 * 86_400_000);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'recent' });
    const ann = await connect('ann');
    expect(ann.frames).toEqual([{ type: 'unread', count: 2 }]);
    t.clock.advance(11 * 86_400_000);
    expect(await t.app.stockbell.jobs.retention()).toBe(1);
    expect(await ann.next((f) => f.type === 'unread')).toEqual({ type: 'unread', count: 1 });
    // And the next event counts from there.
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'new' });
    expect(await ann.next((f) => f.type === 'unread')).toEqual({ type: 'unread', count: 2 });
  });

  it('closes every socket when the app closes', async () => {
    const ann = await connect('ann');
    const ben = await connect('ben');
    const closed = (c: Client) => new Promise<number>((resolve) => c.socket.once('close', resolve));
    const both = Promise.all([closed(ann), closed(ben)]);
    await t.app.close();
    expect((await both).length).toBe(2);
  });

  it('drops a socket that stops answering pings', async () => {
    await t.close();
    t = await startApp(db, { live: { heartbeatMs: 1_000 } });
    t.host.addUser('ann');
    const address = await t.listen();
    [origin, base] = [address, address.replace('http', 'ws')];
    const ann = await connect('ann');
    // ws answers pings by itself; a client that has gone away does not.
    (ann.socket as any)._receiver.removeAllListeners('ping');
    const closed = new Promise<number>((resolve) => ann.socket.once('close', resolve));
    expect(await closed).toBe(1006);
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'after' });
    expect(ann.frames.filter((f) => f.type === 'notification')).toEqual([]);
  });
});

describe('live push across instances (PostgreSQL LISTEN/NOTIFY)', () => {
  it('reaches a user connected to another instance, and keeps their tabs in sync from there', async () => {
    const { postgresql, databases } = await import('./support/databases.ts');
    if (!databases.includes(postgresql)) return;
    const a = await startApp(postgresql);
    a.host.addUser('ann');
    const { default: Fastify } = await import('fastify');
    const { default: websocket } = await import('@fastify/websocket');
    const { default: stockbell } = await import('../server/index.ts');
    const b = Fastify();
    await b.register(websocket);
    await b.register(stockbell, {
      host: a.host,
      schedule: false,
      database: a.ctx.options.database.location,
      databaseSchema: a.ctx.options.database.schema!,
    });
    const address = await b.listen({ port: 0, host: '127.0.0.1' });
    // The instances share their settings: the page's origin is trusted by both.
    await a.ctx.settings.write(a.ctx.em(), { allowedOrigins: [address] }, a.clock.now());
    const socket = new WebSocket(`${address.replace('http', 'ws')}/plugins/stockbell/ws`, { headers: { 'x-user': 'ann', origin: address } });
    const frames: any[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    const until = async (predicate: () => boolean) => {
      for (let i = 0; i < 100 && !predicate(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(predicate(), JSON.stringify(frames)).toBe(true);
    };
    try {
      await until(() => frames.length === 1);
      await a.app.stockbell.send({ to: { userId: 'ann' }, subject: 'from instance A' });
      await until(() => frames.some((f) => f.type === 'notification'));
      const pushed = frames.find((f) => f.type === 'notification');
      expect(pushed.notification).toMatchObject({ subject: 'from instance A', reason: 'sent to you' });
      await until(() => frames.at(-1)?.type === 'unread' && frames.at(-1).count === 1);
      await a.as('ann', 'POST', `/notifications/${pushed.notification.id}/read`);
      await until(() => frames.at(-1)?.type === 'unread' && frames.at(-1).count === 0);
      await a.as('ann', 'DELETE', '/notifications?state=read');
      await until(() => frames.some((f) => f.type === 'historyCleared'));
    } finally {
      socket.terminate();
      await b.close();
      await a.close();
    }
  });
});
