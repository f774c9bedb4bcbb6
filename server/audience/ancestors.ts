/**
 * Walks up the host's trees in batch: one host call per level, for all starting points at once.
 * Template chains and category chains are shallow (InvenTree's demo: 2 and 6 levels), so a whole
 * event costs a handful of host calls, never one per part or per subscriber. The whole chain is
 * walked, however deep: a level asks only for ids not seen yet, so a cycle the host reports ends
 * the walk (and the chains below stop at it) instead of looping.
 */
import type { HostCategory, HostPart, InventoryHost } from '../host.ts';

export interface PartTree {
  parts: Map<string, HostPart>;
  categories: Map<string, HostCategory>;
}

/** Loads the given parts, every template above them, and every category above any of those. */
export async function loadPartTree(host: InventoryHost, partIds: Iterable<string>, known?: PartTree): Promise<PartTree> {
  const tree: PartTree = known ?? { parts: new Map(), categories: new Map() };
  let pending = [...new Set(partIds)].filter((id) => !tree.parts.has(id));
  while (pending.length > 0) {
    for (const part of await host.getParts(pending)) tree.parts.set(part.id, part);
    pending = unique(
      pending.map((id) => tree.parts.get(id)?.variantOf).filter((id): id is string => !!id && !tree.parts.has(id)),
    );
  }
  await loadCategories(host, [...tree.parts.values()].map((part) => part.categoryId), tree.categories);
  return tree;
}

/** Loads the given categories and every category above them into `into`. */
export async function loadCategories(
  host: InventoryHost,
  categoryIds: Iterable<string | null | undefined>,
  into: Map<string, HostCategory> = new Map(),
): Promise<Map<string, HostCategory>> {
  let pending = unique([...categoryIds].filter((id): id is string => !!id && !into.has(id)));
  while (pending.length > 0) {
    for (const category of await host.getCategories(pending)) into.set(category.id, category);
    pending = unique(
      pending.map((id) => into.get(id)?.parentId).filter((id): id is string => !!id && !into.has(id)),
    );
  }
  return into;
}

/** The part itself, then its template, its template's template, … (stops at a missing link). */
export function templateChain(tree: PartTree, partId: string): HostPart[] {
  const chain: HostPart[] = [];
  const seen = new Set<string>();
  for (let part = tree.parts.get(partId); part && !seen.has(part.id); part = part.variantOf ? tree.parts.get(part.variantOf) : undefined) {
    seen.add(part.id);
    chain.push(part);
  }
  return chain;
}

/** The category and its ancestors, nearest first. */
export function categoryChain(categories: Map<string, HostCategory>, categoryId: string | null): HostCategory[] {
  const chain: HostCategory[] = [];
  const seen = new Set<string>();
  for (let c = categoryId ? categories.get(categoryId) : undefined; c && !seen.has(c.id); c = c.parentId ? categories.get(c.parentId) : undefined) {
    seen.add(c.id);
    chain.push(c);
  }
  return chain;
}

/** Names from the root down, e.g. ["Electronics", "Passives"]. */
export function categoryPath(categories: Map<string, HostCategory>, categoryId: string | null): string[] {
  return categoryChain(categories, categoryId).map((c) => c.name).reverse();
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
