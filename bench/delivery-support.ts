/**
 * What bench/digest.ts and bench/webhooks.ts share: the databases to run on (a SQLite file, and
 * PostgreSQL unless STOCKBELL_BENCH_PG=off), a lean SMTP receiver that counts messages without
 * parsing them, a lean HTTP receiver that counts requests, and the app under test.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import stockbell from '../server/index.ts';
import type { StockbellOptions } from '../server/options.ts';
import type { TestClock } from '../test/support/clock.ts';
import { testClock } from '../test/support/clock.ts';
import type { MemoryHost } from '../test/support/memory-host.ts';

const PG_URL = process.env.STOCKBELL_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';

export interface Target {
  name: string;
  options: { database: string; databaseSchema?: string };
  cleanup(): Promise<void>;
}

export function sqliteTarget(): Target {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-'));
  return { name: 'SQLite', options: { database: join(dir, 'stockbell.sqlite') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
}

export async function postgresTarget(): Promise<Target | null> {
  if (PG_URL === 'off') return null;
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: PG_URL });
  try {
    await client.connect();
  } catch (error) {
    console.log(`PostgreSQL skipped: ${(error as Error).message}`);
    return null;
  }
  return {
    name: 'PostgreSQL',
    options: { database: PG_URL, databaseSchema: schema },
    async cleanup() {
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    },
  };
}

export async function targets(): Promise<Target[]> {
  return [sqliteTarget(), await postgresTarget()].filter((t): t is Target => t !== null);
}

export interface Counter {
  port: number;
  count: number;
  /** Resolves once `n` messages have arrived since the last reset. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  reset(): void;
  close(): Promise<void>;
}

async function waitUntil(counter: { count: number }, n: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (counter.count < n) {
    if (Date.now() > deadline) throw new Error(`only ${counter.count} of ${n} arrived within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** A real SMTP server on loopback that accepts every message and counts it (no parsing: it is not what we measure). */
export async function smtpCounter(): Promise<Counter> {
  const counter = {
    port: 0,
    count: 0,
    waitFor: (n: number, timeoutMs = 120_000) => waitUntil(counter, n, timeoutMs),
    reset() {
      counter.count = 0;
    },
    close: async () => {},
  };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1_000,
    onData(stream, _session, callback) {
      stream.on('data', () => {});
      stream.on('end', () => {
        counter.count++;
        callback();
      });
    },
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  counter.port = (server.server.address() as AddressInfo).port;
  counter.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return counter;
}

/** A real HTTP server on loopback that answers 204 to every POST and counts them. */
export async function httpCounter(): Promise<Counter & { url(path: string): string }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      counter.count++;
      res.writeHead(204);
      res.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  const counter = {
    port,
    count: 0,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    waitFor: (n: number, timeoutMs = 120_000) => waitUntil(counter, n, timeoutMs),
    reset() {
      counter.count = 0;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return counter;
}

export async function startStockbell(
  target: Target,
  host: MemoryHost,
  options: Partial<StockbellOptions> = {},
): Promise<{ app: FastifyInstance; clock: TestClock }> {
  const clock = testClock('2026-11-23T06:00:00Z');
  const app = Fastify();
  await app.register(websocket);
  await app.register(stockbell, { host, clock, schedule: false, delivery: { worker: false }, ...target.options, ...options });
  await app.ready();
  return { app, clock };
}

export function rate(messages: number, ms: number): string {
  return `${Math.round((messages / ms) * 1000).toLocaleString('en')}/s`;
}
