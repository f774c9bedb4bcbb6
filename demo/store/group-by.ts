/**
 * Rows grouped by a key in one pass: how a batch query's child rows (a user's groups, a build's
 * owners) are attached to their parents without a per-parent scan (that scan made 10,000 users quadratic).
 */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}
