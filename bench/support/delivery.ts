/**
 * What the delivery benches share: a lean SMTP receiver that counts messages without parsing them,
 * a lean HTTP receiver that counts requests, and the app under test (on a database from
 * support/databases.ts).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { StockbellOptions } from '../../server/index.ts';
import { type TestClock, testClock } from '../../test/support/clock.ts';
import type { MemoryHost } from '../../test/support/memory-host.ts';
import { stockbellApp } from './app.ts';
import type { Target } from './databases.ts';

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
  const app = await stockbellApp({ host, clock, ...target.options, ...options });
  return { app, clock };
}
