/**
 * Subscribers of a set of targets, in one query: a subscription to a part covers its variants at
 * any depth (unless it is for the part alone); a subscription to a category covers every category
 * below it and every part in them; a mute takes its sub-tree back out. So for each watched target
 * we list its path (coverage.ts), ask once for every rule on any link of any path, and decide per
 * user with the same functions the subscribe toggle and the trace use.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { Subscription } from '../store/entities.ts';
import type { PartTree } from './ancestors.ts';
import { addRule, type Coverage, covers, emptyCoverage, linkKey, type PathLink, pathOf, type Rule, type Watched } from './coverage.ts';
import { offer, type RankedReason } from './reasons.ts';

export type { Watched };

/** One stored rule, as the query returns it. */
export interface StoredRule extends Rule {
  userId: string;
  targetKind: string;
  targetId: string;
}

/**
 * Every rule on any link of `paths`, in one query; only `userId`'s when given (the toggle, the
 * trace). Rows are read without hydrating entities: a fan-out reads one per subscriber.
 */
export async function rulesOn(em: EntityManager, paths: readonly PathLink[][], userId?: string): Promise<StoredRule[]> {
  const ids = { part: new Set<string>(), category: new Set<string>() };
  for (const path of paths) for (const link of path) ids[link.kind].add(link.id);
  const anyOf = (['part', 'category'] as const)
    .filter((kind) => ids[kind].size > 0)
    .map((kind) => ({ targetKind: kind, targetId: { $in: [...ids[kind]] } }));
  if (anyOf.length === 0) return [];
  return em.find(
    Subscription,
    { ...(userId === undefined ? {} : { userId }), $or: anyOf },
    { fields: ['userId', 'targetKind', 'targetId', 'muted', 'variants'], disableIdentityMap: true },
  );
}

/** Per user, how their rules stand on `path`. */
export function coverageOn(path: readonly PathLink[], rules: readonly StoredRule[]): Map<string, Coverage> {
  const links = new Map(path.map((link) => [linkKey(link.kind, link.id), link]));
  const byUser = new Map<string, Coverage>();
  for (const rule of rules) {
    const link = links.get(linkKey(rule.targetKind, rule.targetId));
    if (!link) continue;
    let coverage = byUser.get(rule.userId);
    if (!coverage) {
      coverage = emptyCoverage();
      byUser.set(rule.userId, coverage);
    }
    addRule(coverage, link, rule);
  }
  return byUser;
}

/** Who is told about any of `watched`, each with their most specific reason. */
export async function findSubscribers(
  em: EntityManager,
  tree: PartTree,
  watched: readonly Watched[],
): Promise<Map<string, RankedReason>> {
  const paths = watched.map((target) => pathOf(tree, target));
  const rules = await rulesOn(em, paths);
  const found = new Map<string, RankedReason>();
  // Per path: a mute under one short part must not silence the user about another.
  for (const path of paths) {
    for (const [userId, coverage] of coverageOn(path, rules)) {
      if (covers(coverage)) offer(found, userId, coverage.subscribed.ranked);
    }
  }
  return found;
}
