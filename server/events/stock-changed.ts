/**
 * A part's stock or minimum changed: evaluate it and every template above it, and raise
 * `part.low_stock` for each one that has just become low, to its subscribers who may view it.
 * A part that recovers resolves its alert (the state flip in store/event-writer.ts knows the
 * moment), and an open build shortage waiting on any of these parts is checked again: once every
 * line is covered, it resolves.
 */
import { findSubscribers, loadPartTree, templateChain, toRecipients } from '../audience/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { GlobalSettings } from '../settings/index.ts';
import { type Draft, type Resolution, rememberedLowStates, shortagesWatching } from '../store/event-writer.ts';
import { decideLowStock, lowStockData, shortLines } from '../triggers/index.ts';
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
      const subscribers = await findSubscribers(ctx.db, tree, [target]);
      const recipients = await toRecipients(ctx.host, subscribers, { target });
      drafts.push({ kind: 'part.low_stock', target, data: lowStockData(part), recipients, whenBecomesLow: part.id });
    }
  }
  // The state is remembered even when notifications are switched off, so turning them back on
  // does not raise a stale alarm for a part that went low while they were off.
  return { states: decision.states, drafts, resolutions: await coveredBuilds(ctx, chain.map((part) => part.id)) };
}

/** Open build shortages waiting on these parts whose every line is now covered (or whose build is gone). */
async function coveredBuilds(ctx: Context, partIds: readonly string[]): Promise<Resolution[]> {
  const buildIds = await shortagesWatching(ctx.em(), partIds);
  if (buildIds.length === 0) return [];
  const builds = await Promise.all(buildIds.map((id) => ctx.host.getBuild(id)));
  const tree = await loadPartTree(ctx.host, builds.flatMap((build) => build?.bom.map((line) => line.partId) ?? []));
  const resolutions: Resolution[] = [];
  buildIds.forEach((id, i) => {
    const build = builds[i];
    if (build && shortLines(build, tree.parts).length > 0) return;
    resolutions.push(buildResolution(id, build ? 'covered' : 'cancelled'));
  });
  return resolutions;
}

/** A build's shortage alert, resolved: its lines covered, or the build completed or cancelled. */
export function buildResolution(buildId: string, reason: 'covered' | 'completed' | 'cancelled'): Resolution {
  return { kind: 'build.stock_short', target: { kind: 'build', id: buildId }, resolution: { reason } };
}
