/**
 * The one way every bench reports a figure: measured over N rounds, printed as the median with its
 * spread (min–max, and p25–p75 once there are five rounds or more), never the best round. A ratio
 * against a baseline is computed per round — both sides measured back to back on a machine whose
 * load moves — and summarised the same way.
 */

export interface Summary {
  n: number;
  median: number;
  min: number;
  max: number;
  /** Nearest-rank quartiles; absent below five values, where they would only repeat min and max. */
  p25?: number;
  p75?: number;
}

/** Nearest-rank percentile (p in 0–100) of the values, NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { n: 0, median: Number.NaN, min: Number.NaN, max: Number.NaN };
  const summary: Summary = { n: values.length, median: median(values), min: Math.min(...values), max: Math.max(...values) };
  if (values.length >= 5) {
    summary.p25 = percentile(values, 25);
    summary.p75 = percentile(values, 75);
  }
  return summary;
}

/** Per round: `measured[i] / baseline[i]`. */
export function ratios(measured: readonly number[], baseline: readonly number[]): number[] {
  if (measured.length !== baseline.length) throw new Error(`ratios: ${measured.length} rounds against ${baseline.length}`);
  return measured.map((value, i) => value / baseline[i]!);
}

export interface Baseline {
  name: string;
  rounds: number[];
}

/** Of several honest baselines measured in the same rounds, the one with the lower median (for times). */
export function fastest(baselines: readonly Baseline[], higherIsFaster = false): Baseline {
  const better = (a: Baseline, b: Baseline) => (higherIsFaster ? median(a.rounds) > median(b.rounds) : median(a.rounds) < median(b.rounds));
  return baselines.reduce((best, candidate) => (better(candidate, best) ? candidate : best));
}

/** How a figure prints: its digits, and the suffix written once after the median. */
export interface Unit {
  digits(value: number): string;
  suffix: string;
}

const unit = (digits: (value: number) => string, suffix: string): Unit => ({ digits, suffix });
export const ms = unit((v) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)), ' ms');
export const times = unit((v) => v.toFixed(2), '×');
export const perSecond = unit((v) => Math.round(v).toLocaleString('en'), '/s');
export const kib = unit((bytes) => (bytes / 1024).toFixed(2), ' KiB');
export const percent = unit((v) => v.toFixed(0), '%');
export const count = unit((v) => Math.round(v).toLocaleString('en'), '');
export const bytes = unit((v) => Math.round(v).toLocaleString('en'), ' B');

/** One value in a unit: `12.3 ms`. */
export function show(value: number, u: Unit): string {
  return `${u.digits(value)}${u.suffix}`;
}

/** `12.3 ms (10.1–15.2, p25–p75 11.0–13.0)`: the median, then the spread in the same unit. */
export function spread(values: readonly number[] | Summary, u: Unit): string {
  const s = 'n' in values ? values : summarize(values);
  if (s.n === 0) return '—';
  if (s.n === 1) return show(s.median, u);
  const quartiles = s.p25 === undefined || s.p75 === undefined ? '' : `, p25–p75 ${u.digits(s.p25)}–${u.digits(s.p75)}`;
  return `${show(s.median, u)} (${u.digits(s.min)}–${u.digits(s.max)}${quartiles})`;
}

/** A ratio's median and spread, marked ✗ when the median misses the goal (`≤ goal`, or `≥ goal` with atLeast). */
export function ratioCell(perRound: readonly number[], goal?: number, atLeast = false): string {
  const mid = median(perRound);
  const missed = goal !== undefined && (atLeast ? mid < goal : mid > goal);
  return `${spread(perRound, times)}${missed ? ' ✗' : ''}`;
}

/** The legend every table carries once: what the cells mean. */
export function legend(rounds: number): string {
  return `Each cell: the median of ${rounds} round${rounds === 1 ? '' : 's'}, then (min–max${rounds >= 5 ? ', p25–p75' : ''}); ratios are taken per round against the baseline measured in the same round.`;
}
