/**
 * Whether a user's rules reach a target, and through which link: the one decision behind the
 * engine's set-based audience (subscribers.ts), the subscribe toggle's state and the trace.
 *
 * A target's path is the target itself, each template above it (nearest first), then its category
 * and each category above. Every link has a rank, lower being more specific. A user may have one
 * rule per link: a subscription (on a template, possibly "this part only") or a mute. The most
 * specific rule wins: subscribed to Mechanical and muted on Mechanical › Fasteners, a fastener is
 * not told; subscribed to one fastener as well, that fastener is.
 */
import type { HostPart } from '../host.ts';
import { categoryChain, type PartTree, templateChain } from './ancestors.ts';
import { RANK, type RankedReason } from './reasons.ts';

export type Watched = { kind: 'part' | 'category'; id: string };

/** One link of a target's path. */
export interface PathLink {
  kind: 'part' | 'category';
  id: string;
  name: string;
  url: string;
  /** What the link is to the target: the target part itself, a template above it, or a category. */
  role: 'part' | 'template' | 'category';
  /** The reason a subscription here gives, ranked: lower is more specific. Shared by every user. */
  ranked: RankedReason;
}

/** A user's stored rule on one link. */
export interface Rule {
  muted: boolean;
  /** A part subscription that also covers the part's variants (always true for categories). */
  variants: boolean;
}

/** The most specific subscription and the most specific mute a user has on one path. */
export interface Coverage {
  subscribed: PathLink | null;
  muted: PathLink | null;
}

/** Each level further away ranks a little weaker, so the nearest ancestor names the reason. */
const STEP = 0.001;

export const linkKey = (kind: string, id: string) => `${kind}:${id}`;

/** The path a subscription can reach `target` through, nearest first. Empty when the host does not know it. */
export function pathOf(tree: PartTree, target: Watched): PathLink[] {
  if (target.kind === 'category') return categoryLinks(tree, target.id);
  const parts = templateChain(tree, target.id);
  const links = parts.map((part, distance): PathLink =>
    distance === 0
      ? partLink(part, 'part', { reason: { type: 'part', name: part.name }, rank: RANK.part })
      : partLink(part, 'template', { reason: { type: 'template', name: part.name }, rank: RANK.template + distance * STEP }),
  );
  // A part is covered by its own category chain (as InvenTree does), not its template's.
  const first = parts[0];
  return first ? [...links, ...categoryLinks(tree, first.categoryId)] : [];
}

export function emptyCoverage(): Coverage {
  return { subscribed: null, muted: null };
}

/** Takes one of the user's rules on `link` into account. */
export function addRule(coverage: Coverage, link: PathLink, rule: Rule): void {
  if (rule.muted) {
    if (!coverage.muted || link.ranked.rank < coverage.muted.ranked.rank) coverage.muted = link;
    return;
  }
  // "This part only" does not reach the variants below it.
  if (link.role === 'template' && !rule.variants) return;
  if (!coverage.subscribed || link.ranked.rank < coverage.subscribed.ranked.rank) coverage.subscribed = link;
}

/** A subscription reaches the target, and no mute sits between it and the target. */
export function covers(coverage: Coverage): coverage is Coverage & { subscribed: PathLink } {
  return coverage.subscribed !== null && (coverage.muted === null || coverage.subscribed.ranked.rank < coverage.muted.ranked.rank);
}

function partLink(part: HostPart, role: 'part' | 'template', ranked: RankedReason): PathLink {
  return { kind: 'part', id: part.id, name: part.name, url: part.url, role, ranked };
}

function categoryLinks(tree: PartTree, categoryId: string | null): PathLink[] {
  const chain = categoryChain(tree.categories, categoryId);
  // Names from the root down, once: a link's reason is the first (length - distance) of them. Made
  // when first read (only a link that decides for somebody is ever read), so a chain n deep costs
  // O(n), not the O(n²) of one path per link (10,000 levels took ~30 s per event and per trace).
  const names = chain.map((category) => category.name).reverse();
  return chain.map((category, distance) => ({
    kind: 'category',
    id: category.id,
    name: category.name,
    url: category.url,
    role: 'category',
    ranked: lazyReason(() => ({ type: 'category', path: names.slice(0, names.length - distance) }), RANK.category + distance * STEP),
  }));
}

/** A ranked reason whose reason is built on first read, then kept (an enumerable getter: JSON and spreads see it). */
function lazyReason(make: () => RankedReason['reason'], rank: number): RankedReason {
  let made: RankedReason['reason'] | undefined;
  return {
    get reason() {
      made ??= make();
      return made;
    },
    rank,
  };
}
