/**
 * The audience part of a trace: for one user, their rules on each watched target's path, decided
 * by audience/coverage.ts exactly as the engine's set-based query decides them for everyone.
 */
import type { Driver } from '../store/driver.ts';
import {
  type Coverage,
  coverageOn,
  covers,
  emptyCoverage,
  offer,
  type PartTree,
  type PathLink,
  pathOf,
  type RankedReason,
  rulesOn,
  type StoredRule,
  type Watched,
} from '../audience/index.ts';
import type { TraceLink, TracePath } from '../contract/index.ts';
import { safeLink, withoutBidiControls } from '../messages/index.ts';

export interface Watch {
  watched: Watched;
  role: TracePath['of']['role'];
  /** The name to show when the host no longer knows the target (a notification's stored data). */
  fallbackName?: string;
}

/** Each watched path with the user's rules on it, and the strongest reason among those that reach the user. */
export async function pathsFor(
  db: Driver,
  tree: PartTree,
  userId: string,
  watches: readonly Watch[],
  into: Map<string, RankedReason>,
): Promise<TracePath[]> {
  const paths = watches.map((watch) => pathOf(tree, watch.watched));
  const rules = await rulesOn(db, paths, userId);
  const own = new Map(rules.map((rule) => [`${rule.targetKind}:${rule.targetId}`, rule]));
  return watches.map((watch, i) => {
    const path = paths[i] ?? [];
    const coverage = coverageOn(path, rules).get(userId) ?? emptyCoverage();
    if (covers(coverage)) offer(into, userId, coverage.subscribed.ranked);
    const decides = decidingLink(coverage);
    const first = path[0];
    return {
      of: {
        kind: watch.watched.kind,
        id: watch.watched.id,
        name: text(first?.name ?? watch.fallbackName ?? `#${watch.watched.id}`),
        url: first ? safeLink(first.url) : null,
        role: watch.role,
      },
      outcome: covers(coverage) ? 'subscribed' : decides ? 'muted' : 'none',
      links: path.map((link) => toTraceLink(link, own.get(`${link.kind}:${link.id}`), link === decides)),
    };
  });
}

/** The subscription that reaches the target, or the mute that stops one that would. */
function decidingLink(coverage: Coverage): PathLink | null {
  if (covers(coverage)) return coverage.subscribed;
  return coverage.subscribed ? coverage.muted : null;
}

function toTraceLink(link: PathLink, rule: StoredRule | undefined, decides: boolean): TraceLink {
  return {
    kind: link.kind,
    id: link.id,
    name: text(link.name),
    url: safeLink(link.url),
    role: link.role,
    rule: !rule ? 'none' : rule.muted ? 'muted' : link.kind === 'part' && !rule.variants ? 'partOnly' : 'subscribed',
    decides,
  };
}

const text = (value: string) => withoutBidiControls(value);
