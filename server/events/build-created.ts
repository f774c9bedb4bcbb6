/**
 * A new build order: `build.created` to the assembly's subscribers and the responsible (never the
 * creator), and, if any BOM line is short, one `build.stock_short` per user to the assembly's
 * subscribers, the responsible users and roles, and the subscribers of each short part.
 */
import { findSubscribers, loadPartTree, offer, type RankedReason, responsibleFor, toRecipients } from '../audience/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { GlobalSettings } from '../settings/index.ts';
import type { Draft } from '../store/event-writer.ts';
import { buildData, shortLines } from '../triggers/index.ts';
import type { Decision } from './run-event.ts';

export async function decideBuildCreated(ctx: Context, buildId: string, settings: GlobalSettings): Promise<Decision> {
  const build = await ctx.host.getBuild(buildId);
  if (!build) throw new NotFoundError(`build ${buildId}`);
  if (!settings.enabled) return { drafts: [] };

  const tree = await loadPartTree(ctx.host, [build.partId, ...build.bom.map((line) => line.partId)]);
  const lines = shortLines(build, tree.parts);
  const data = buildData(build, tree.parts.get(build.partId));
  const target = { kind: 'build', id: build.id } as const;

  const assemblyWatchers = await findSubscribers(ctx.db, tree, [{ kind: 'part', id: build.partId }]);
  const responsible = await responsibleFor(ctx.host, build);
  const toldOfCreation = merge(assemblyWatchers, responsible);
  const drafts: Draft[] = [{
    kind: 'build.created',
    target,
    data,
    recipients: await toRecipients(ctx.host, toldOfCreation, { target, exclude: build.createdBy }),
  }];

  if (lines.length > 0) {
    const shortWatchers = await findSubscribers(ctx.db, tree, lines.map((line) => ({ kind: 'part', id: line.partId }) as const));
    const toldOfShortage = merge(toldOfCreation, shortWatchers);
    drafts.push({
      kind: 'build.stock_short',
      target,
      data: { ...data, lines },
      recipients: await toRecipients(ctx.host, toldOfShortage, { target }),
      watchParts: lines.map((line) => line.partId),
    });
  }
  return { drafts };
}

function merge(...maps: Map<string, RankedReason>[]): Map<string, RankedReason> {
  const merged = new Map<string, RankedReason>();
  for (const map of maps) for (const [userId, reason] of map) offer(merged, userId, reason);
  return merged;
}
