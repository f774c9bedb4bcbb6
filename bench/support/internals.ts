/**
 * Every piece of Stockbell's insides a bench reaches for, in one file. The benches otherwise use
 * what a host uses (the plugin, `app.stockbell`, HTTP and the WebSocket): when the core moves or
 * hides something, only this file changes.
 *
 * What is here is checking and baselines, never the thing measured: SQL that proves a run did its
 * work, the renderers the delivery baselines use to send the very bytes Stockbell sends, and the
 * in-process broadcaster a baseline instance runs with.
 */
import type { FastifyInstance } from 'fastify';
import { findSubscribers, loadPartTree } from '../../server/audience/index.ts';
import type { InventoryHost } from '../../server/host.ts';
import { contextOf } from '../../server/internals.ts';

export { renderDigest, renderEmail, renderWebhook, toOutgoingMessage } from '../../server/channels/index.ts';
export { InProcessBroadcaster } from '../../server/live/index.ts';

/** One statement on the app's own database (`?` placeholders, bound). */
export function execute<T = Record<string, unknown>>(app: FastifyInstance, sql: string, params: unknown[] = []): Promise<T[]> {
  return contextOf(app).em().execute<T[]>(sql, params);
}

/** The audience an event on this part computes (the host's tree, the one subscription query): who is told, by user id. */
export async function audienceOf(app: FastifyInstance, host: InventoryHost, partId: string): Promise<Map<string, unknown>> {
  const tree = await loadPartTree(host, [partId]);
  return findSubscribers(contextOf(app).db, tree, [{ kind: 'part', id: partId }]);
}
