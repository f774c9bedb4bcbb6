/**
 * Stockbell as a host runs it, on an ephemeral loopback port: Fastify 5, the host's
 * @fastify/websocket, the plugin on a SQLite temp file, the in-memory host (users named by
 * `x-user`). The heartbeat is set far out so a ping sweep over 10,000 sockets never lands inside a
 * measurement (the baselines have none), and the delivery worker is off.
 *
 * Its baselines: raw-server.ts (plain `ws`) and fastify-server.ts (the host's framework alone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { MemoryHost } from '../../test/support/memory-host.ts';
import { BENCH_ORIGIN, BENCH_PUBLIC_URL, stockbellApp } from './app.ts';

export interface StockbellServer {
  app: FastifyInstance;
  host: MemoryHost;
  port: number;
  /** The origin of the host's pages (its `publicUrl`): the only one its WebSocket route accepts. */
  origin: string;
  /** Sockets open on the server side (the ws server behind @fastify/websocket tracks them). */
  connected(): number;
  close(): Promise<void>;
}

/** A part (id 1, minimum 100) under Electronics › Passives (ids 1, 2), and `users` with `roles`. */
export function benchHost(users: Iterable<string>, roles: string[] = []): MemoryHost {
  const host = new MemoryHost();
  host.categories.set('1', { id: '1', name: 'Electronics', parentId: null, url: '/categories/1' });
  host.categories.set('2', { id: '2', name: 'Passives', parentId: '1', url: '/categories/2' });
  host.parts.set('1', { id: '1', name: 'R_10K_0603', categoryId: '2', variantOf: null, minimumStock: 100, ownStock: 500, url: '/parts/1', active: true });
  for (const id of users) host.addUser(id, { roles });
  return host;
}

export async function startStockbell(host: MemoryHost): Promise<StockbellServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-live-'));
  // The worker stays off (app.ts): the jobs are still planned in each event's transaction; sending
  // them (bench/digest and bench/webhooks measure that) would run in the background, through the next runs.
  const app = await stockbellApp({ host, database: join(dir, 'stockbell.sqlite'), publicUrl: BENCH_PUBLIC_URL, live: { heartbeatMs: 3_600_000 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    host,
    port,
    origin: BENCH_ORIGIN,
    connected: () => app.websocketServer.clients.size,
    async close() {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
