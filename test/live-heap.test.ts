/**
 * An idle socket keeps no HTTP objects of its upgrade alive: @fastify/websocket holds each upgrade's
 * IncomingMessage, ServerResponse and Fastify request for the socket's whole life (the bench branch's
 * bench/support/upgrade-retention.ts reproduces it), about half the heap of an idle socket, and the
 * `/ws` route lets them go once the socket is open.
 */
import v8 from 'node:v8';
import vm from 'node:vm';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import stockbell from '../server/index.ts';
import { contextOf } from '../server/internals.ts';
import { sqlite } from './support/databases.ts';
import { MemoryHost } from './support/memory-host.ts';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

let app: FastifyInstance | undefined;
let cleanup = async () => {};
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await app?.close();
  await cleanup();
});

it('lets each upgrade’s request and response be collected while its socket stays open', async () => {
  const database = sqlite.create();
  cleanup = database.cleanup;
  const host = new MemoryHost();
  app = Fastify({ logger: false });
  await app.register(websocket);
  // The host's own hook sees each upgrade's objects; it keeps them only weakly.
  const upgrades: { request: WeakRef<object>; raw: WeakRef<object>; response: WeakRef<object> }[] = [];
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.endsWith('/ws')) upgrades.push({ request: new WeakRef(request), raw: new WeakRef(request.raw), response: new WeakRef(reply.raw) });
  });
  await app.register(stockbell, { host, database: database.database, schedule: false, delivery: { worker: false } });
  const origin = await app.listen({ port: 0, host: '127.0.0.1' });
  const ctx = contextOf(app);
  await ctx.settings.write(ctx.em(), { publicUrl: origin }, ctx.clock.now()); // the pages the sockets come from
  for (let i = 0; i < 20; i++) {
    host.addUser(`u${i}`);
    const socket = new WebSocket(`${origin.replace('http', 'ws')}/plugins/stockbell/ws`, { headers: { 'x-user': `u${i}`, origin } });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('message', () => resolve());
      socket.once('error', reject);
    });
  }
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const alive = (key: 'request' | 'raw' | 'response') => upgrades.filter((u) => u[key].deref() !== undefined).length;
  expect(upgrades).toHaveLength(20);
  expect({ request: alive('request'), raw: alive('raw'), response: alive('response') }).toEqual({ request: 0, raw: 0, response: 0 });
  // The sockets are still open and served.
  expect(sockets.every((socket) => socket.readyState === WebSocket.OPEN)).toBe(true);
});
