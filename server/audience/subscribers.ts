/**
 * Subscribers of a set of targets, in one query: a subscription to a part covers its variants at
 * any depth (unless it is for the part alone); a subscription to a category covers every category
 * below it and every part in them; a mute takes its sub-tree back out. So for each watched target
 * we list its path (coverage.ts), ask once for every rule on any link of any path, and decide per
 * user with the same functions the subscribe toggle and the trace use.
 */
import { boundList, type Driver, statement } from '../store/driver.ts';
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

// A fan-out reads one rule per subscriber: bound and prepared through the driver, rows mapped by
// hand. Through the ORM, hydrating 10,000 of them was a fifth of a 10k fan-out's CPU.
const COLUMNS = 'user_id, target_kind, target_id, muted, variants';
const RULES_SQL = {
  sqlite: `select ${COLUMNS} from stockbell_subscriptions where target_kind = 'part' and target_id in (select value from json_each(?))
     union all
     select ${COLUMNS} from stockbell_subscriptions where target_kind = 'category' and target_id in (select value from json_each(?))`,
  postgres: `select ${COLUMNS} from stockbell_subscriptions where target_kind = 'part' and target_id = any($1::text[])
     union all
     select ${COLUMNS} from stockbell_subscriptions where target_kind = 'category' and target_id = any($2::text[])`,
};
const RULES = statement('subscription_rules', RULES_SQL.sqlite, RULES_SQL.postgres);
// Both databases push the user's condition into each branch, onto (user_id, target_kind, target_id).
const USER_RULES = statement(
  'subscription_rules_of_user',
  `select * from (${RULES_SQL.sqlite}) rules where user_id = ?`,
  `select * from (${RULES_SQL.postgres}) rules where user_id = $3`,
);

interface RuleRow {
  user_id: string;
  target_kind: string;
  target_id: string;
  muted: number | boolean;
  variants: number | boolean;
}

/** Every rule on any link of `paths`, in one query; only `userId`'s when given (the toggle, the trace). */
export async function rulesOn(db: Driver, paths: readonly PathLink[][], userId?: string): Promise<StoredRule[]> {
  const ids = { part: new Set<string>(), category: new Set<string>() };
  for (const path of paths) for (const link of path) ids[link.kind].add(link.id);
  if (ids.part.size === 0 && ids.category.size === 0) return [];
  const params = [boundList(db, [...ids.part]), boundList(db, [...ids.category])];
  const rows = userId === undefined ? await db.query<RuleRow>(RULES, params) : await db.query<RuleRow>(USER_RULES, [...params, userId]);
  return rows.map((row) => ({
    userId: row.user_id,
    targetKind: row.target_kind,
    targetId: row.target_id,
    muted: Boolean(row.muted),
    variants: Boolean(row.variants),
  }));
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
  db: Driver,
  tree: PartTree,
  watched: readonly Watched[],
): Promise<Map<string, RankedReason>> {
  const paths = watched.map((target) => pathOf(tree, target));
  const rules = await rulesOn(db, paths);
  const found = new Map<string, RankedReason>();
  // Per path: a mute under one short part must not silence the user about another.
  for (const path of paths) {
    for (const [userId, coverage] of coverageOn(path, rules)) {
      if (covers(coverage)) offer(found, userId, coverage.subscribed.ranked);
    }
  }
  return found;
}
