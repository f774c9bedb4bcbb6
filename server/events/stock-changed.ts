/**
 * A part's stock or minimum changed: evaluate it and every template above it, and raise
 * `part.low_stock` for each one that has just become low, to its subscribers who may view it.
 */
import { findSubscribers, loadPartTree, templateChain, toRecipients } from '../audience/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { GlobalSettings } from '../settings/index.ts';
import { type Draft, rememberedLowStates } from '../store/event-writer.ts';
import { decideLowStock, lowStockData } from '../triggers/index.ts';
import type { Decision } from './run-event.ts';

export async function decideStockChange(ctx: Context, partId: string, settings: GlobalSettings): Promise<Decision> {
  const tree = await loadPartTree(ctx.host, [partId]);
  const chain = templateChain(tree, partId);
  if (chain.length === 0) throw new NotFoundError(`part ${partId}`);
  const em = ctx.em();
  const decision = decideLowStock(chain, await rememberedLowStates(em, chain.map((part) => part.id)));

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
  return { states: decision.states, drafts };
}
