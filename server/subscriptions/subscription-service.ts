/**
 * A user's subscriptions and mutes: what they follow or mute directly, what reaches a target
 * through a template or a category above it (decided by audience/coverage.ts, as the engine
 * decides it), and the list with names and paths from the host (in batch).
 */
import {
  coverageOn,
  covers,
  emptyCoverage,
  loadCategories,
  loadPartTree,
  type PathLink,
  pathOf,
  type PartTree,
  categoryPath,
  rulesOn,
} from '../audience/index.ts';
import type { SubscriptionItem, SubscriptionKind, SubscriptionSource, SubscriptionState } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import type { HostPart } from '../host.ts';
import { Subscription } from '../store/entities.ts';

export async function listSubscriptions(ctx: Context, userId: string): Promise<SubscriptionItem[]> {
  const em = ctx.em();
  const rows = await em.find(Subscription, { userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const partIds = rows.filter((row) => row.targetKind === 'part').map((row) => row.targetId);
  const tree = await loadPartTree(ctx.host, partIds);
  await loadCategories(ctx.host, rows.filter((row) => row.targetKind === 'category').map((row) => row.targetId), tree.categories);
  return rows.map((row): SubscriptionItem => {
    const kind = row.targetKind as SubscriptionKind;
    const rule = { muted: row.muted, variants: row.variants };
    if (kind === 'part') {
      const part = tree.parts.get(row.targetId);
      return { kind, id: row.targetId, name: part?.name ?? `#${row.targetId}`, url: part?.url ?? null, path: categoryPath(tree.categories, part?.categoryId ?? null), ...rule };
    }
    const category = tree.categories.get(row.targetId);
    return { kind, id: row.targetId, name: category?.name ?? `#${row.targetId}`, url: category?.url ?? null, path: categoryPath(tree.categories, row.targetId), ...rule };
  });
}

export async function subscriptionStatus(ctx: Context, userId: string, kind: SubscriptionKind, id: string): Promise<SubscriptionState> {
  const { path, part } = await visibleTarget(ctx, userId, kind, id);
  const rules = await rulesOn(ctx.db, [path], userId);
  const own = rules.find((rule) => rule.targetKind === kind && rule.targetId === id);
  const coverage = coverageOn(path, rules).get(userId) ?? emptyCoverage();
  // What reaches it from above, mutes aside: the subscription a mute here would be "under".
  const above = coverageOn(path.slice(1), rules).get(userId) ?? emptyCoverage();
  const self = path[0] as PathLink;
  const status: SubscriptionState = {
    subscribed: own !== undefined && !own.muted,
    name: self.name,
    url: self.url,
    template: part?.isTemplate === true,
    variants: own === undefined || own.muted || own.variants,
    muted: own?.muted === true,
    covered: covers(coverage),
  };
  if (above.subscribed) status.inheritedFrom = sourceOf(above.subscribed);
  if (coverage.subscribed && coverage.muted && !status.covered) status.mutedBy = sourceOf(coverage.muted);
  return status;
}

/** Follow a target; a part may be followed alone (`variants: false`). Replaces a mute on it. */
export async function subscribe(
  ctx: Context,
  userId: string,
  kind: SubscriptionKind,
  id: string,
  options: { variants?: boolean | undefined } = {},
): Promise<SubscriptionState> {
  if (kind !== 'part' && options.variants !== undefined) throw new BadRequestError('querystring/variants applies to part subscriptions only');
  await visibleTarget(ctx, userId, kind, id);
  await setRule(ctx, userId, kind, id, { muted: false, variants: options.variants ?? true });
  return subscriptionStatus(ctx, userId, kind, id);
}

/** Mute a target and everything under it; replaces a subscription on it. */
export async function mute(ctx: Context, userId: string, kind: SubscriptionKind, id: string): Promise<SubscriptionState> {
  await visibleTarget(ctx, userId, kind, id);
  await setRule(ctx, userId, kind, id, { muted: true, variants: true });
  return subscriptionStatus(ctx, userId, kind, id);
}

/** Removes the subscription (`muted: false`) or the mute (`muted: true`) on a target, if there is one. */
export async function removeRule(ctx: Context, userId: string, kind: SubscriptionKind, id: string, muted: boolean): Promise<SubscriptionState> {
  // Deleting needs no visibility check: a user may always drop their own rule, even on a part that is gone.
  await ctx.em().nativeDelete(Subscription, { userId, targetKind: kind, targetId: id, muted });
  try {
    return await subscriptionStatus(ctx, userId, kind, id);
  } catch (error) {
    if (error instanceof NotFoundError) {
      return { subscribed: false, name: `#${id}`, url: null, template: false, variants: true, muted: false, covered: false };
    }
    throw error;
  }
}

async function setRule(ctx: Context, userId: string, kind: SubscriptionKind, id: string, rule: { muted: boolean; variants: boolean }): Promise<void> {
  await ctx
    .em()
    .createQueryBuilder(Subscription)
    .insert({ userId, targetKind: kind, targetId: id, ...rule, createdAt: ctx.clock.now() })
    .onConflict(['userId', 'targetKind', 'targetId'])
    .merge(['muted', 'variants'])
    .execute();
}

function sourceOf(link: PathLink): SubscriptionSource {
  return { kind: link.kind, id: link.id, name: link.name, url: link.url };
}

/** The target's path; 404 when it does not exist or the user may not view it. */
export async function visibleTarget(
  ctx: Context,
  userId: string,
  kind: SubscriptionKind,
  id: string,
): Promise<{ tree: PartTree; path: PathLink[]; part: HostPart | undefined }> {
  const tree: PartTree = kind === 'part'
    ? await loadPartTree(ctx.host, [id])
    : { parts: new Map(), categories: await loadCategories(ctx.host, [id]) };
  const path = pathOf(tree, { kind, id });
  if (path.length === 0 || !(await ctx.host.canView([userId], { kind, id })).has(userId)) {
    throw new NotFoundError(`${kind} ${id}`);
  }
  return { tree, path, part: kind === 'part' ? tree.parts.get(id) : undefined };
}
