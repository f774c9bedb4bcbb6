/**
 * Every piece of Stockbell's insides a bench reaches for, in one file. The benches otherwise use
 * what a host uses (the plugin, `app.stockbell`, HTTP and the WebSocket): when the core moves or
 * hides something, only this file changes.
 *
 * What is here is checking and baselines, never the thing measured: SQL that proves a run did its
 * work, the renderers the delivery baselines use to send the very bytes Stockbell sends, and the
 * in-process broadcaster a baseline instance runs with. One exception, named as such:
 * `drainQueueAlone`, the delivery queue taken apart from the work its jobs do (bench/queue.ts).
 */
import type { FastifyInstance } from 'fastify';
import { findSubscribers, loadPartTree } from '../../server/audience/index.ts';
import type { Job } from '../../server/delivery/job-queue.ts';
import { drainDue } from '../../server/delivery/worker.ts';
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

/**
 * The delivery queue alone: the worker's own loop (`drainDue`: two lanes, claims paced to the
 * sends, the lease, one recording transaction per batch) around a task that does nothing, so the
 * queue can be set beside graphile-worker's no-op task doing the same. Returns the jobs closed.
 */
export async function drainQueueAlone(app: FastifyInstance): Promise<number> {
  const ctx = contextOf(app);
  let closed = 0;
  const noop = async (jobs: Job[]) => jobs.map((job) => ({ job, result: { ok: true } as const }));
  await drainDue(ctx, ctx.options.delivery, noop, () => false, (outcomes) => {
    closed += outcomes.length;
  });
  return closed;
}
