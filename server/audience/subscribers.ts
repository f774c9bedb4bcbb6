/**
 * Subscribers of a set of targets, in one query: a subscription to a part covers its variants at
 * any depth; a subscription to a category covers every category below it and every part in them.
 * So for each watched target we list the ancestors that a covering subscription could name, ask
 * once for all subscriptions to any of them, and keep each user's most specific reason.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { HostCategory } from '../host.ts';
import { Subscription } from '../store/entities.ts';
import { categoryChain, type PartTree, templateChain } from './ancestors.ts';
import { offer, RANK, type RankedReason } from './reasons.ts';

export type Watched = { kind: 'part' | 'category'; id: string };

/** Each level further away ranks a little weaker, so the nearest ancestor names the reason. */
const STEP = 0.001;

export async function findSubscribers(
  em: EntityManager,
  tree: PartTree,
  watched: readonly Watched[],
): Promise<Map<string, RankedReason>> {
  const sources = new Map<string, RankedReason>();
  const add = (kind: 'part' | 'category', id: string, candidate: RankedReason) => {
    const key = `${kind}:${id}`;
    const current = sources.get(key);
    if (!current || candidate.rank < current.rank) sources.set(key, candidate);
  };
  const addCategories = (chain: HostCategory[]) => {
    chain.forEach((category, distance) => {
      add('category', category.id, {
        reason: { type: 'category', path: categoryPath(tree.categories, category) },
        rank: RANK.category + distance * STEP,
      });
    });
  };
  for (const target of watched) {
    if (target.kind === 'category') {
      addCategories(categoryChain(tree.categories, target.id));
      continue;
    }
    const chain = templateChain(tree, target.id);
    chain.forEach((part, distance) => {
      add('part', part.id, distance === 0
        ? { reason: { type: 'part', name: part.name }, rank: RANK.part }
        : { reason: { type: 'template', name: part.name }, rank: RANK.template + distance * STEP });
    });
    // A part is covered by its own category chain (as InvenTree does), not its template's.
    addCategories(categoryChain(tree.categories, chain[0]?.categoryId ?? null));
  }

  const partIds = idsOf(sources, 'part');
  const categoryIds = idsOf(sources, 'category');
  const found = new Map<string, RankedReason>();
  if (partIds.length === 0 && categoryIds.length === 0) return found;
  // One query for every subscription that could cover any watched target.
  const rows = await em.find(
    Subscription,
    { $or: [{ targetKind: 'part', targetId: { $in: partIds } }, { targetKind: 'category', targetId: { $in: categoryIds } }] },
    { fields: ['userId', 'targetKind', 'targetId'], disableIdentityMap: true },
  );
  for (const row of rows) {
    const source = sources.get(`${row.targetKind}:${row.targetId}`);
    if (source) offer(found, row.userId, source);
  }
  return found;
}

function categoryPath(categories: PartTree['categories'], category: HostCategory): string[] {
  return categoryChain(categories, category.id).map((c) => c.name).reverse();
}

function idsOf(sources: Map<string, RankedReason>, kind: string): string[] {
  const prefix = `${kind}:`;
  return [...sources.keys()].filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
}
