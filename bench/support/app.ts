/**
 * Stockbell the way a host installs it, for every bench: Fastify (no logger), the host's own
 * @fastify/websocket, then the plugin. Defaults keep background work out of the measurements —
 * no daily timers, the delivery worker off — and any option can say otherwise. The per-user rate
 * limits are off (`rateLimit: false`): the benches measure the code, not the limiter.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import stockbell, { type StockbellOptions } from '../../server/index.ts';

/**
 * The address the bench's pages are served from, as a host sets it (`publicUrl`): the socket route
 * trusts only its origin (or `allowedOrigins`), never the request's Host header, so every bench
 * socket sends `Origin: BENCH_ORIGIN`. One origin for every instance, as behind a load balancer.
 */
export const BENCH_PUBLIC_URL = 'http://stockbell.bench.test';
export const BENCH_ORIGIN = new URL(BENCH_PUBLIC_URL).origin;

export async function stockbellApp(options: StockbellOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  await app.register(stockbell, { schedule: false, rateLimit: false, ...options, delivery: { worker: false, ...options.delivery } });
  await app.ready();
  return app;
}
