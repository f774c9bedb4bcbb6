/**
 * Every piece of Stockbell's insides a bench reaches for, in one file. The benches otherwise use
 * what a host uses (the plugin, `app.stockbell`, HTTP and the WebSocket): when the core moves or
 * hides something (`contextOf` is going away), only this file changes.
 *
 * What is here is setup and checking, never the thing measured: bulk rows a bench needs before it
 * starts (10,000 webhook endpoints, 10,000 digest users), counts to prove a run did its work, and
 * the renderers the delivery baselines use to send the very bytes Stockbell sends.
 */
import type { FastifyInstance } from 'fastify';
import { contextOf } from '../../server/index.ts';
import { addEndpoint } from '../../server/preferences/endpoint-store.ts';

export { renderDigest, renderWebhook, toOutgoingMessage } from '../../server/channels/index.ts';
export { InProcessBroadcaster } from '../../server/live/index.ts';

/** One statement on the app's own database (`?` placeholders, bound). */
export function execute<T = Record<string, unknown>>(app: FastifyInstance, sql: string, params: unknown[] = []): Promise<T[]> {
  return contextOf(app).em().execute<T[]>(sql, params);
}

/** Statements in one transaction on the app's own database. */
export async function transaction(app: FastifyInstance, body: (execute: (sql: string, params?: unknown[]) => Promise<unknown>) => Promise<void>): Promise<void> {
  await contextOf(app).em().transactional(async (tx) => body((sql, params = []) => tx.execute(sql, params)));
}

/** `sqlite` or `postgresql`: placeholders and timestamps differ between them. */
export function dialectOf(app: FastifyInstance): 'sqlite' | 'postgresql' {
  return contextOf(app).options.database.dialect;
}

/** A personal webhook endpoint for each user, in one transaction. */
export async function addWebhookEndpoints(app: FastifyInstance, endpoints: { userId: string; url: string; secret: string }[], now: Date): Promise<void> {
  await contextOf(app).em().transactional(async (tx) => {
    for (const endpoint of endpoints) await addEndpoint(tx, { ...endpoint, channel: 'webhook', name: 'hook' }, now);
  });
}
