/**
 * What a trace is about, and the checks that depend on the event rather than the user: for a
 * part, the low-stock trigger (the same `belowMinimum` and remembered state the engine uses); for
 * a build, its short lines (`shortLines`); for a category, a message to its followers. A
 * notification the user got takes its facts from its stored data instead: what was true then.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { loadCategories, loadPartTree, type PartTree } from '../audience/index.ts';
import type { Trace, TraceCheck, TraceTargetKind } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import type { HostBuild } from '../host.ts';
import { readLowStock, readStockShort, safeLink, withoutBidiControls } from '../messages/index.ts';
import type { GlobalSettings } from '../settings/index.ts';
import { PartState } from '../store/entities.ts';
import { belowMinimum, shortLines } from '../triggers/index.ts';
import type { Watch } from './paths.ts';

export interface Subject {
  /** The notification kind traced. */
  kind: string;
  target: Trace['target'];
  tree: PartTree;
  /** Checks about the event, before the audience. */
  event: TraceCheck[];
  /** The paths whose subscriptions tell the user. */
  watches: Watch[];
  /** A build's responsible users and roles, and its creator. */
  build: HostBuild | null;
}

/** "Would I be told about this now?": the event checks as things stand. 404 when the host does not know the target. */
export async function subjectOf(ctx: Context, em: EntityManager, kind: TraceTargetKind, id: string, settings: GlobalSettings): Promise<Subject> {
  const enabled: TraceCheck = { step: 'enabled', ok: settings.enabled };
  if (kind === 'part') {
    const tree = await loadPartTree(ctx.host, [id]);
    const part = tree.parts.get(id);
    if (!part) throw new NotFoundError(`part ${id}`);
    const remembered = await em.findOne(PartState, { partId: id }, { disableIdentityMap: true });
    return {
      kind: 'part.low_stock',
      target: named('part', id, part.name, part.url),
      tree,
      event: [
        enabled,
        { step: 'lowStockEnabled', ok: settings.lowStockEnabled },
        { step: 'partActive', ok: part.active },
        { step: 'belowMinimum', ok: belowMinimum(part), stock: part.stock, minimum: part.minimumStock },
        // Edge-triggered (triggers/low-stock.ts): raised only if the remembered state is not already low.
        { step: 'newlyLow', ok: remembered?.low !== true, lowSince: remembered?.low ? remembered.updatedAt.toISOString() : null },
      ],
      watches: [{ watched: { kind: 'part', id }, role: 'target' }],
      build: null,
    };
  }
  if (kind === 'category') {
    const categories = await loadCategories(ctx.host, [id]);
    const category = categories.get(id);
    if (!category) throw new NotFoundError(`category ${id}`);
    return {
      kind: 'message',
      target: named('category', id, category.name, category.url),
      tree: { parts: new Map(), categories },
      event: [enabled],
      watches: [{ watched: { kind: 'category', id }, role: 'target' }],
      build: null,
    };
  }
  const build = await ctx.host.getBuild(id);
  if (!build) throw new NotFoundError(`build ${id}`);
  const tree = await loadPartTree(ctx.host, [build.partId, ...build.bom.map((line) => line.partId)]);
  const lines = shortLines(build, tree.parts);
  const short = lines.length > 0;
  return {
    kind: short ? 'build.stock_short' : 'build.created',
    target: named('build', id, build.reference, build.url),
    tree,
    event: short ? [enabled, { step: 'shortLines', ok: true, parts: lines.map((l) => ({ id: l.partId, name: text(l.partName), url: safeLink(l.url) })) }] : [enabled],
    watches: buildWatches(build.partId, short ? lines.map((l) => ({ id: l.partId, name: l.partName })) : []),
    build,
  };
}

export interface StoredRow {
  kind: string;
  targetKind?: string | null | undefined;
  targetId?: string | null | undefined;
  data: Record<string, unknown>;
}

/** "Why did I get this?": the facts as the notification stored them; its paths as they stand now. */
export async function subjectOfNotification(ctx: Context, row: StoredRow): Promise<Subject> {
  const id = row.targetId ?? '';
  const data = row.data;
  if (row.targetKind === 'part') {
    const tree = await loadPartTree(ctx.host, [id]);
    const facts = readLowStock(data);
    const lowStock = row.kind === 'part.low_stock';
    const stored = { stock: facts.stock ?? 0, minimum: facts.minimum ?? 0 };
    return {
      kind: row.kind,
      target: named('part', id, tree.parts.get(id)?.name ?? facts.partName, tree.parts.get(id)?.url ?? facts.url),
      tree,
      event: lowStock ? [{ step: 'belowMinimum', ok: belowMinimum({ stock: stored.stock, minimumStock: stored.minimum }), ...stored }] : [],
      watches: [{ watched: { kind: 'part', id }, role: 'target', fallbackName: facts.partName }],
      build: null,
    };
  }
  if (row.targetKind === 'category') {
    const categories = await loadCategories(ctx.host, [id]);
    return {
      kind: row.kind,
      target: named('category', id, categories.get(id)?.name ?? `#${id}`, categories.get(id)?.url ?? null),
      tree: { parts: new Map(), categories },
      event: [],
      watches: [{ watched: { kind: 'category', id }, role: 'target' }],
      build: null,
    };
  }
  if (row.targetKind === 'build') {
    const facts = readStockShort(data);
    const lines = row.kind === 'build.stock_short' ? facts.lines : [];
    const tree = await loadPartTree(ctx.host, [facts.partId, ...lines.map((l) => l.partId)].filter(Boolean));
    return {
      kind: row.kind,
      target: named('build', id, facts.reference || `#${id}`, facts.url),
      tree,
      event: lines.length > 0 ? [{ step: 'shortLines', ok: true, parts: lines.map((l) => ({ id: l.partId, name: text(l.partName), url: safeLink(l.url) })) }] : [],
      watches: facts.partId ? buildWatches(facts.partId, lines.map((l) => ({ id: l.partId, name: l.partName })), facts.partName) : [],
      build: await ctx.host.getBuild(id),
    };
  }
  // A message sent to the user or to a role: no target, so no path and nothing to view.
  return { kind: row.kind, target: null, tree: { parts: new Map(), categories: new Map() }, event: [], watches: [], build: null };
}

function buildWatches(assemblyId: string, shortParts: { id: string; name: string }[], assemblyName?: string): Watch[] {
  return [
    { watched: { kind: 'part', id: assemblyId }, role: 'assembly', ...(assemblyName ? { fallbackName: assemblyName } : {}) },
    ...shortParts.map((part): Watch => ({ watched: { kind: 'part', id: part.id }, role: 'shortPart', fallbackName: part.name })),
  ];
}

function named(kind: TraceTargetKind, id: string, name: string, url: string | null): NonNullable<Trace['target']> {
  return { kind, id, name: text(name), url: safeLink(url) };
}

const text = (value: string) => withoutBidiControls(value);
