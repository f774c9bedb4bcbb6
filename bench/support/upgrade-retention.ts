/**
 * Minimal reproduction: does @fastify/websocket keep each upgrade's request and reply alive for as
 * long as the socket is open? Opens N sockets to each server below, keeps them open, collects
 * garbage, and counts how many of the upgrades' objects are still reachable (WeakRefs).
 *
 *   raw ws                      http.Server + ws's WebSocketServer: the IncomingMessage only
 *   @fastify/websocket          Fastify 5 + @fastify/websocket, a route that keeps the socket
 *   … with references released  the same route cutting one reference, the other, or both
 *                               (releaseUpgrade in release-upgrade.ts)
 *
 *   node --expose-gc bench/support/upgrade-retention.ts [--sockets 500]
 *
 * Prints a Markdown table; bench/live.ts runs it as part of its memory section.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import WebSocket, { WebSocketServer } from 'ws';
import { releaseUpgrade } from './release-upgrade.ts';
import { flag, sleep } from './run.ts';

const SOCKETS = flag('sockets', 500);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
const gc = globalThis.gc;

interface Tracked {
  request: WeakRef<object>[];
  response: WeakRef<object>[];
  fastifyRequest: WeakRef<object>[];
}

interface Server {
  url: string;
  tracked: Tracked;
  close(): Promise<void>;
}

const empty = (): Tracked => ({ request: [], response: [], fastifyRequest: [] });

async function rawWs(): Promise<Server> {
  const tracked = empty();
  const server = createServer();
  const wss = new WebSocketServer({ server });
  const kept = new Set<WebSocket>();
  wss.on('connection', (socket, request: IncomingMessage) => {
    kept.add(socket);
    tracked.request.push(new WeakRef(request));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    tracked,
    async close() {
      for (const socket of kept) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => server.close(() => resolve())));
    },
  };
}

async function fastifyWs(release?: Parameters<typeof releaseUpgrade>[1]): Promise<Server> {
  const tracked = empty();
  const app = Fastify({ logger: false });
  await app.register(websocket);
  const kept = new Set<WebSocket>();
  app.get('/ws', { websocket: true }, (socket, request) => {
    kept.add(socket);
    tracked.request.push(new WeakRef(request.raw));
    tracked.fastifyRequest.push(new WeakRef(request));
    const response = (socket as unknown as { _socket?: { _httpMessage?: object } })._socket?._httpMessage;
    if (response) tracked.response.push(new WeakRef(response));
    if (release) releaseUpgrade(socket, release);
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/ws`, tracked, close: () => app.close() };
}

async function openSockets(url: string, n: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = Array.from({ length: Math.min(50, n - i) }, () => new WebSocket(url, { perMessageDeflate: false }));
    await Promise.all(batch.map((socket) => new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    })));
    sockets.push(...batch);
  }
  return sockets;
}

async function alive(refs: WeakRef<object>[]): Promise<string> {
  if (refs.length === 0) return '—';
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(20);
  }
  return `${refs.filter((ref) => ref.deref() !== undefined).length} of ${refs.length}`;
}

export async function retention(sockets = SOCKETS): Promise<string[]> {
  const lines = [
    `| server (${sockets} open sockets, after gc) | upgrade IncomingMessage alive | its ServerResponse alive | Fastify Request alive |`,
    '| --- | ---: | ---: | ---: |',
  ];
  for (const [name, start] of [
    ['raw `ws` on http.Server', rawWs],
    ['Fastify + @fastify/websocket', () => fastifyWs()],
    ['… the route replacing only the `error` listener', () => fastifyWs({ response: false })],
    ['… the route detaching only the ServerResponse', () => fastifyWs({ listener: false })],
    ['… the route doing both (`releaseUpgrade(socket)`)', () => fastifyWs({})],
  ] as const) {
    const server = await start();
    const clients = await openSockets(server.url, sockets);
    await sleep(100);
    const { tracked } = server;
    lines.push(`| ${name} | ${await alive(tracked.request)} | ${await alive(tracked.response)} | ${await alive(tracked.fastifyRequest)} |`);
    for (const client of clients) client.terminate();
    await server.close();
  }
  return lines;
}

if (import.meta.main) console.log((await retention()).join('\n'));
