/**
 * Low stock, edge-triggered (PRODUCT §2). Pure: given the parts the host reported and what we
 * remembered, say which parts are low now and which have just become low.
 */
import type { HostPart } from '../host.ts';

/** Active, with a minimum, and below it. A template's stock already includes its variants'. */
export function isLow(part: HostPart): boolean {
  return part.active && belowMinimum(part);
}

/** A minimum above zero, and stock below it. */
export function belowMinimum(part: Pick<HostPart, 'stock' | 'minimumStock'>): boolean {
  return part.minimumStock > 0 && part.stock < part.minimumStock;
}

export interface LowStockState {
  partId: string;
  low: boolean;
  /** What the host reported: a part that recovers resolves its alert at these figures. */
  stock: number;
  minimum: number;
}

export interface LowStockDecision {
  /** The state to remember for every evaluated part. */
  states: LowStockState[];
  /** Parts that crossed from not-low to low: each raises one notification. */
  newlyLow: HostPart[];
}

/** `chain` is the part that changed and every template above it; `wasLow` is the remembered state. */
export function decideLowStock(chain: readonly HostPart[], wasLow: ReadonlyMap<string, boolean>): LowStockDecision {
  const states = chain.map((part) => ({ partId: part.id, low: isLow(part), stock: part.stock, minimum: part.minimumStock }));
  const newlyLow = chain.filter((part, i) => states[i]?.low && !wasLow.get(part.id));
  return { states, newlyLow };
}

export function lowStockData(part: HostPart): Record<string, unknown> {
  return { partId: part.id, partName: part.name, stock: part.stock, minimum: part.minimumStock, url: part.url };
}
