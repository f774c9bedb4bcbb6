/**
 * A user's subscriptions: what they follow directly, what covers a target through a template or
 * a category above it, and the list with names and paths from the host (in batch).
 */
import type { EntityManager } from '@mikro-orm/sql';
import { categoryChain, categoryPath, loadCategories, loadPartTree, type PartTree, templateChain } from '../audience/index.ts';
import type { SubscriptionItem, SubscriptionKind, SubscriptionState } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { Subscription } from '../store/entities.ts';

export async function listSubscriptions(ctx: Context, userId: string): Promise<SubscriptionItem[]> {
  const em = ctx.em();
  const rows = await em.find(Subscription, { userId }, { orderBy: { createdAt: 'asc', id: 'asc' } });
  const partIds = rows.filter((row) => row.targetKind === 'part').map((row) => row.targetId);
  const tree = await loadPartTree(ctx.host, partIds);
  await loadCategories(ctx.host, rows.filter((row) => row.targetKind === 'category').map((row) => row.targetId), tree.categories);
  return rows.map((row): SubscriptionItem => {
    const kind = row.targetKind as SubscriptionKind;
    if (kind === 'part') {
      const part = tree.parts.get(row.targetId);
      return { kind, id: row.targetId, name: part?.name ?? `#${row.targetId}`, url: part?.url ?? null, path: categoryPath(tree.categories, part?.categoryId ?? null) };
    }
    const category = tree.categories.get(row.targetId);
    return { kind, id: row.targetId, name: category?.name ?? `#${row.targetId}`, url: category?.url ?? null, path: categoryPath(tree.categories, row.targetId) };
  });
}

export async function subscriptionStatus(ctx: Context, userId: string, kind: SubscriptionKind, id: string): Promise<SubscriptionState> {
  const { self, covering } = await visibleTarget(ctx, userId, kind, id);
  const em = ctx.em();
  const rows = await em.find(Subscription, {
    userId,
    $or: [
      ...(covering.parts.length > 0 ? [{ targetKind: 'part', targetId: { $in: covering.parts.map((p) => p.id) } }] : []),
      ...(covering.categories.length > 0 ? [{ targetKind: 'category', targetId: { $in: covering.categories.map((c) => c.id) } }] : []),
    ],
  });
  const has = (k: string, targetId: string) => rows.some((row) => row.targetKind === k && row.targetId === targetId);
  const status: SubscriptionState = { subscribed: has(kind, id), name: self.name, url: self.url };
  // The nearest covering subscription is the one worth naming: template before category, near before far.
  const template = covering.parts.find((part) => part.id !== id && has('part', part.id));
  const category = covering.categories.find((c) => !(kind === 'category' && c.id === id) && has('category', c.id));
  if (template) status.inheritedFrom = { kind: 'part', id: template.id, name: template.name, url: template.url };
  else if (category) status.inheritedFrom = { kind: 'category', id: category.id, name: category.name, url: category.url };
  return status;
}

export async function subscribe(ctx: Context, userId: string, kind: SubscriptionKind, id: string): Promise<SubscriptionState> {
  await visibleTarget(ctx, userId, kind, id);
  const em = ctx.em();
  await em
    .createQueryBuilder(Subscription)
    .insert({ userId, targetKind: kind, targetId: id, createdAt: ctx.clock.now() })
    .onConflict(['userId', 'targetKind', 'targetId'])
    .ignore()
    .execute();
  return subscriptionStatus(ctx, userId, kind, id);
}

export async function unsubscribe(ctx: Context, userId: string, kind: SubscriptionKind, id: string): Promise<SubscriptionState> {
  const em: EntityManager = ctx.em();
  // Deleting needs no visibility check: a user may always drop what they follow, even a part that is gone.
  await em.nativeDelete(Subscription, { userId, targetKind: kind, targetId: id });
  try {
    return await subscriptionStatus(ctx, userId, kind, id);
  } catch (error) {
    if (error instanceof NotFoundError) return { subscribed: false, name: `#${id}`, url: null };
    throw error;
  }
}

/** The target and everything that covers it; 404 when it does not exist or the user may not view it. */
async function visibleTarget(ctx: Context, userId: string, kind: SubscriptionKind, id: string) {
  let tree: PartTree;
  let self: { name: string; url: string } | undefined;
  let parts: ReturnType<typeof templateChain> = [];
  if (kind === 'part') {
    tree = await loadPartTree(ctx.host, [id]);
    parts = templateChain(tree, id);
    self = parts[0];
  } else {
    tree = { parts: new Map(), categories: await loadCategories(ctx.host, [id]) };
    self = tree.categories.get(id);
  }
  if (!self || !(await ctx.host.canView([userId], { kind, id })).has(userId)) {
    throw new NotFoundError(`${kind} ${id}`);
  }
  const categoryId = kind === 'part' ? (parts[0]?.categoryId ?? null) : id;
  const covering = { parts, categories: categoryChain(tree.categories, categoryId) };
  return { tree, self, covering };
}
