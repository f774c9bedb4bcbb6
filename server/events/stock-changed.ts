/**
 * A part's stock or minimum changed: evaluate it and every template above it, and raise
 * `part.low_stock` for each one that has just become low, to its subscribers who may view it.
 */
import type { EventOutcome } from '../api.ts';
import { findSubscribers, loadPartTree, templateChain, toRecipients } from '../audience/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { Draft } from '../store/event-writer.ts';
import { marks } from '../store/sql.ts';
import { decideLowStock, lowStockData } from '../triggers/index.ts';
import { alreadySeen, commitEvent, DUPLICATE } from './commit.ts';

export async function stockChanged(
  ctx: Context,
  type: 'stockChanged' | 'minimumChanged',
  partId: string,
  key: string,
): Promise<EventOutcome> {
  if (await alreadySeen(ctx, key)) return DUPLICATE;
  const em = ctx.em();
  const tree = await loadPartTree(ctx.host, [partId]);
  const chain = templateChain(tree, partId);
  if (chain.length === 0) throw new NotFoundError(`part ${partId}`);

  const remembered = await em.execute<{ part_id: string; low: boolean | number }[]>(
    `select part_id, low from stockbell_part_state where part_id in (${marks(chain.length)})`,
    chain.map((part) => part.id),
  );
  const wasLow = new Map(remembered.map((row) => [row.part_id, Boolean(row.low)]));
  const decision = decideLowStock(chain, wasLow);

  const settings = await ctx.settings.read(em);
  const drafts: Draft[] = [];
  if (settings.enabled && settings.lowStockEnabled) {
    for (const part of decision.newlyLow) {
      const target = { kind: 'part', id: part.id } as const;
      const subscribers = await findSubscribers(em, tree, [target]);
      const recipients = await toRecipients(ctx.host, subscribers, { target });
      drafts.push({ kind: 'part.low_stock', target, data: lowStockData(part), recipients, whenBecomesLow: part.id });
    }
  }
  // The state is remembered even when notifications are switched off, so turning them back on
  // does not raise a stale alarm for a part that went low while they were off.
  return commitEvent(ctx, { key, type, payload: { partId }, states: decision.states, drafts });
}
