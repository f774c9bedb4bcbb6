/**
 * Small helpers for raw SQL that runs on both SQLite and PostgreSQL: placeholders, chunks under the
 * bound-parameter limits, and reading back values each driver returns its own way (SQLite gives
 * timestamps as epoch milliseconds and JSON as text; PostgreSQL gives timestamps as text, JSON
 * parsed and counts as strings).
 */

/** `?, ?, ?` for `n` values. */
export function marks(n: number): string {
  return new Array(n).fill('?').join(', ');
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size) out.push(items.slice(start, start + size));
  return out;
}

/** Ids in one `in (…)` list: well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const IDS_PER_QUERY = 5_000;

/** Runs `query` for each chunk of `ids` (an `in (…)` list each) and joins the results. */
export async function inChunks<I, T>(ids: readonly I[], query: (chunk: I[]) => Promise<T[]>): Promise<T[]> {
  const found: T[] = [];
  for (const chunk of chunks([...new Set(ids)], IDS_PER_QUERY)) found.push(...(await query(chunk)));
  return found;
}

export function toDate(value: unknown): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value === 'bigint') return new Date(Number(value));
  if (typeof value === 'string') return /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return new Date(Number.NaN);
}

export function toDateOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : toDate(value);
}

export function toJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}
