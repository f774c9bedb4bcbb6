/**
 * Hostile WebSocket clients (issue #14, items 1 and 9), against a real server on a loopback port:
 * client frames are refused before they are buffered whatever `maxPayload` the host gave
 * @fastify/websocket, one user's sockets are capped, the Origin is compared with the settings and
 * never with the request's own Host header, and a host's logout closes that user's sockets.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { connect as tcpConnect, type Socket } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CLIENT_FRAME, CLOSE_CODES } from '../server/contract/index.ts';
import stockbell from '../server/index.ts';
import { contextOf } from '../server/internals.ts';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';
import { inventreeHost } from './support/memory-host.ts';

const MiB = 1024 * 1024;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function app(options: Parameters<typeof startApp>[1] = {}): Promise<{ t: TestApp; origin: string; wsUrl: string }> {
  const t = await startApp(sqlite, options);
  cleanups.push(() => t.close());
  for (const id of ['ann', 'ben']) t.host.addUser(id);
  const origin = await t.listen();
  return { t, origin, wsUrl: `${origin.replace('http', 'ws')}/plugins/stockbell/ws` };
}

function open(wsUrl: string, user: string, origin: string): Promise<WebSocket> {
  const socket = new WebSocket(wsUrl, { headers: { 'x-user': user, origin } });
  cleanups.push(() => socket.terminate());
  return new Promise((resolve, reject) => {
    socket.once('message', () => resolve(socket));
    socket.once('error', reject);
  });
}

const closeCode = (socket: WebSocket) =>
  socket.readyState === WebSocket.CLOSED ? Promise.resolve(-1) : once(socket, 'close').then(([code]) => code as number);

/** Status of an upgrade attempt: 101, or the HTTP status it was refused with. */
function upgrade(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, { headers });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.terminate();
    });
    socket.on('error', () => {});
  });
}

/**
 * A client written by hand over TCP: the handshake, then one masked binary frame announcing
 * `length` bytes, whose payload it streams from one reused zero-filled chunk (so this process
 * holds no copy of it) until the server hangs up. Returns the bytes the server let it send.
 */
async function floodOneFrame(origin: string, length: number): Promise<number> {
  const { hostname, port } = new URL(origin);
  const socket: Socket = tcpConnect(Number(port), hostname);
  cleanups.push(() => socket.destroy());
  socket.on('error', () => {});
  await once(socket, 'connect');
  socket.write(
    `GET /plugins/stockbell/ws HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\nOrigin: ${origin}\r\nx-user: ann\r\n\r\n`,
  );
  const [reply] = (await once(socket, 'data')) as [Buffer];
  expect(reply.toString('latin1')).toMatch(/^HTTP\/1\.1 101/);
  const header = Buffer.alloc(14);
  header[0] = 0x82; // FIN, binary
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(length), 2);
  // Mask key 0: the zero payload stays zero.
  let sent = 0;
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  socket.write(header);
  const chunk = Buffer.alloc(MiB);
  while (!closed && sent < length) {
    const ok = socket.write(chunk);
    sent += chunk.length;
    if (!ok) await settled(socket, 'drain');
  }
  if (!closed) await settled(socket, 'close');
  return sent;
}

/** Resolves on `event`, or when the socket closes or fails (a reset is the expected end here). */
const settled = (socket: Socket, event: string) =>
  new Promise<void>((resolve) => {
    socket.once(event, () => resolve());
    socket.once('close', () => resolve());
    socket.once('error', () => resolve());
  });

describe('client frames', () => {
  it('are refused from the frame header, whatever maxPayload the host set: RSS stays flat under 4 × 90 MiB', { timeout: 120_000 }, async () => {
    // The host registered @fastify/websocket with a huge limit of its own.
    const host = inventreeHost();
    host.addUser('ann');
    const server = Fastify({ logger: false });
    await server.register(websocket, { options: { maxPayload: 1024 * MiB } });
    const { sqlite: db } = await import('./support/databases.ts');
    const created = db.create();
    await server.register(stockbell, { host, database: created.database, schedule: false, delivery: { worker: false } });
    cleanups.push(async () => {
      await server.close();
      await created.cleanup();
    });
    const origin = await server.listen({ port: 0, host: '127.0.0.1' });
    const ctx = contextOf(server);
    await ctx.settings.write(ctx.em(), { publicUrl: origin }, ctx.clock.now());

    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    let accepted: number[];
    try {
      accepted = await Promise.all([0, 1, 2, 3].map(() => floodOneFrame(origin, 90 * MiB)));
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    const grewMiB = (peak - before) / MiB;
    console.log(`4 × 90 MiB client frames: RSS ${Math.round(before / MiB)} → peak ${Math.round(peak / MiB)} MiB (+${grewMiB.toFixed(1)}); the server hung up after ${accepted.map((n) => `${Math.round(n / MiB)} MiB`).join(', ')} had been written`);
    // Buffered, the four frames would add 360 MiB.
    expect(grewMiB).toBeLessThan(64);
    for (const bytes of accepted) expect(bytes).toBeLessThan(90 * MiB);
  });

  it('close the socket: a message of any size from a real client ends it (1009 when too large, 1008 otherwise)', async () => {
    const { origin, wsUrl } = await app();
    const big = await open(wsUrl, 'ann', origin);
    big.send(Buffer.alloc(MiB));
    expect(await closeCode(big)).toBe(1009);
    const small = await open(wsUrl, 'ann', origin);
    small.send('hello');
    expect(await closeCode(small)).toBe(CLOSE_CLIENT_FRAME);
  });
});

describe('sockets per user', () => {
  it('are capped: a new socket past the cap closes that user’s oldest with the "replaced" code, nobody else’s', async () => {
    const { t, origin, wsUrl } = await app({ live: { maxSocketsPerUser: 3 } });
    const ben = await open(wsUrl, 'ben', origin);
    const anns: WebSocket[] = [];
    for (let i = 0; i < 3; i++) anns.push(await open(wsUrl, 'ann', origin));
    const oldestClosed = closeCode(anns[0] as WebSocket);
    anns.push(await open(wsUrl, 'ann', origin));
    expect(await oldestClosed).toBe(CLOSE_CODES.replaced);
    expect(anns.slice(1).map((s) => s.readyState)).toEqual([WebSocket.OPEN, WebSocket.OPEN, WebSocket.OPEN]);
    expect(ben.readyState).toBe(WebSocket.OPEN);
    // The newest still hears everything.
    const frame = once(anns[3] as WebSocket, 'message');
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'still here' });
    expect(JSON.parse(String((await frame)[0]))).toMatchObject({ type: 'notification' });
  });

  it('50 sockets opened by one user leave the cap (10) open', { timeout: 60_000 }, async () => {
    const { origin, wsUrl } = await app();
    const sockets: WebSocket[] = [];
    for (let i = 0; i < 50; i++) sockets.push(await open(wsUrl, 'ann', origin));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sockets.filter((s) => s.readyState === WebSocket.OPEN).length).toBe(10);
  });
});

describe('the Origin of an upgrade', () => {
  it('is compared with publicUrl and allowedOrigins, never with the request’s own Host header', async () => {
    const t = await startApp(sqlite);
    cleanups.push(() => t.close());
    t.host.addUser('ann');
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${address.replace('http', 'ws')}/plugins/stockbell/ws`;
    // Nothing configured: the page's origin matching the Host header proves nothing.
    expect(await upgrade(url, { 'x-user': 'ann', origin: address })).toBe(403);
    await t.ctx.settings.write(t.ctx.em(), { publicUrl: 'https://inventory.example' }, t.clock.now());
    expect(await upgrade(url, { 'x-user': 'ann', origin: 'https://inventory.example' })).toBe(101);
    // A Host header the client chose (DNS rebinding, a misrouted proxy) matching its Origin.
    expect(await upgrade(url, { 'x-user': 'ann', origin: 'http://evil.example', host: 'evil.example' })).toBe(403);
    expect(await upgrade(url, { 'x-user': 'ann', origin: address })).toBe(403);
  });
});

describe('a host’s logout', () => {
  it('closes that user’s sockets with the "signed out" code, and no one else’s', async () => {
    const { t, origin, wsUrl } = await app();
    const ann = [await open(wsUrl, 'ann', origin), await open(wsUrl, 'ann', origin)];
    const ben = await open(wsUrl, 'ben', origin);
    const codes = ann.map(closeCode);
    await t.app.stockbell.disconnect('ann');
    expect(await Promise.all(codes)).toEqual([CLOSE_CODES.signedOut, CLOSE_CODES.signedOut]);
    expect(ben.readyState).toBe(WebSocket.OPEN);
  });
});
