/** Pure decisions: is a part newly low, which BOM lines are short. No I/O. */
export { buildData, shortLines } from './build-check.ts';
export { belowMinimum, decideLowStock, isLow, type LowStockDecision, type LowStockState, lowStockData } from './low-stock.ts';
