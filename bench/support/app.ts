/**
 * Stockbell the way a host installs it, for every bench: Fastify (no logger), the host's own
 * @fastify/websocket, then the plugin. Defaults keep background work out of the measurements —
 * no daily timers, the delivery worker off — and any option can say otherwise.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import stockbell, { type StockbellOptions } from '../../server/index.ts';

export async function stockbellApp(options: StockbellOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(websocket);
  await app.register(stockbell, { schedule: false, ...options, delivery: { worker: false, ...options.delivery } });
  await app.ready();
  return app;
}
