/** The pure decisions, exhaustively: low-stock edges and short BOM lines. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostBuild, HostPart } from '../server/host.ts';
import { decideLowStock, isLow, shortLines } from '../server/triggers/index.ts';

const part = (id: string, stock: number, minimumStock: number, active = true): HostPart =>
  ({ id, name: `P${id}`, categoryId: null, variantOf: null, minimumStock, stock, url: `/parts/${id}`, active });

describe('low stock', () => {
  it('is low only when active, with a minimum, and strictly below it', () => {
    expect(isLow(part('1', 2, 3))).toBe(true);
    expect(isLow(part('1', 3, 3))).toBe(false);
    expect(isLow(part('1', 0, 0))).toBe(false);
    expect(isLow(part('1', 0, 3, false))).toBe(false);
  });

  it('raises exactly when a part goes from not low to low', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.boolean(), (stock, minimum, wasLow) => {
      const p = part('1', stock, minimum);
      const decision = decideLowStock([p], new Map([['1', wasLow]]));
      expect(decision.states).toEqual([{ partId: '1', low: isLow(p), stock, minimum }]);
      expect(decision.newlyLow.length).toBe(isLow(p) && !wasLow ? 1 : 0);
    }));
  });

  it('treats a part never seen before as not low', () => {
    expect(decideLowStock([part('1', 0, 5), part('2', 9, 5)], new Map()).newlyLow.map((p) => p.id)).toEqual(['1']);
  });
});

describe('short BOM lines', () => {
  const build = (bom: HostBuild['bom'], quantity = 10): HostBuild =>
    ({ id: 'b', reference: 'BO1', partId: 'A', quantity, url: '/b', createdBy: null, responsible: { users: [], roles: [] }, bom });

  it('needs line quantity × build quantity, summed over lines of the same part', () => {
    const parts = new Map([['x', part('x', 50, 0)], ['y', part('y', 50, 0)]]);
    expect(shortLines(build([{ partId: 'x', quantity: 5 }]), parts)).toEqual([]);
    expect(shortLines(build([{ partId: 'x', quantity: 3 }, { partId: 'x', quantity: 3 }]), parts)).toEqual([
      { partId: 'x', partName: 'Px', required: 60, stock: 50, minimum: 0, url: '/parts/x' },
    ]);
  });

  it('counts a low part as short even when there is enough for the build', () => {
    const parts = new Map([['x', part('x', 50, 100)]]);
    expect(shortLines(build([{ partId: 'x', quantity: 1 }]), parts).map((l) => l.partId)).toEqual(['x']);
  });
});
