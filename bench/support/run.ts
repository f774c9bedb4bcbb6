/**
 * How a bench runs: its flags (sizes, rounds), the machine line every output starts with, and
 * rounds in which each variant is measured once, taking turns to go first.
 */
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** A flag's text: `--rounds=5` or `--rounds 5` on the command line, else the environment (`ROUNDS`). */
function given(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (at < 0) return process.env[name.toUpperCase().replaceAll('-', '_')] || undefined;
  return args[at]!.includes('=') ? args[at]!.slice(args[at]!.indexOf('=') + 1) : args[at + 1];
}

/** A numeric flag (see `given`), else the default. */
export function flag(name: string, fallback: number): number {
  const text = given(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number, not ${JSON.stringify(text)}`);
  return value;
}

/** A list flag: `--sizes=1000,10000` (or `SIZES=1000,10000`), else the default. */
export function flagList(name: string, fallback: number[]): number[] {
  const text = given(name);
  if (text === undefined) return fallback;
  const values = text.split(',').map(Number);
  if (values.some((value) => !Number.isFinite(value) || value <= 0)) throw new Error(`--${name} must be numbers separated by commas, not ${JSON.stringify(text)}`);
  return values;
}

/** The command's words that are not flags (nor a flag's value): the sections to run. `switches` take no value. */
export function sections(known: readonly string[], switches: readonly string[] = []): string[] {
  const args = process.argv.slice(2);
  const isValue = (i: number) => {
    const before = args[i - 1];
    return before?.startsWith('--') === true && !before.includes('=') && !switches.includes(before);
  };
  const words = args.filter((arg, i) => !arg.startsWith('--') && !isValue(i));
  for (const word of words) if (!known.includes(word)) throw new Error(`unknown section ${word} (known: ${known.join(', ')})`);
  return words.length === 0 ? [...known] : words;
}

export const PG_URL = process.env.STOCKBELL_BENCH_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Share of all cores' time spent busy over one second: someone else's work skews every figure. */
async function cpuBusy(): Promise<number> {
  const total = () =>
    cpus().reduce((sum, cpu) => {
      const busy = cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq;
      return { busy: sum.busy + busy, all: sum.all + busy + cpu.times.idle };
    }, { busy: 0, all: 0 });
  const before = total();
  await sleep(1_000);
  const after = total();
  return (100 * (after.busy - before.busy)) / Math.max(1, after.all - before.all);
}

/** Prints what ran where, and how busy the machine was just before: paste it with the tables. */
export async function printMachine(bench: string, command: string): Promise<void> {
  const busy = await cpuBusy();
  console.log(`${bench}, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. \`${command}\``);
  console.log(
    `Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}, Node ${process.version}; ` +
      `CPU busy in the second before the start: ${busy.toFixed(0)}% (load average ${loadavg()[0]?.toFixed(2)}).`,
  );
  if (busy > 15) process.stderr.write(`${bench}: the machine is busy (${busy.toFixed(0)}% CPU before the start): expect noisy figures\n`);
}

/** The command line as typed, for the header: `node bench/x.ts --rounds 3`. */
export function commandLine(): string {
  const script = process.argv[1]?.replace(`${process.cwd()}/`, '') ?? 'bench';
  return ['node', script, ...process.argv.slice(2)].join(' ');
}

/**
 * `warmup` unrecorded rounds, then `rounds` recorded ones; in each, every variant runs once and the
 * order rotates, so neither side always follows the other (caches, GC debt, a neighbour's burst).
 */
export async function inRounds<K extends string, T = number>(
  options: { rounds: number; warmup?: number; log?: ((message: string) => void) | undefined },
  variants: Record<K, (round: number) => Promise<T>>,
): Promise<Record<K, T[]>> {
  const names = Object.keys(variants) as K[];
  const results = Object.fromEntries(names.map((name) => [name, [] as T[]])) as Record<K, T[]>;
  const warmup = options.warmup ?? 1;
  for (let round = 0; round < warmup + options.rounds; round++) {
    const order = names.map((_, i) => names[(i + round) % names.length]!);
    for (const name of order) {
      const value = await variants[name](round);
      if (round >= warmup) results[name].push(value);
      const shown = typeof value === 'number' ? value.toFixed(2) : JSON.stringify(value);
      options.log?.(`${round < warmup ? 'warm-up' : `round ${round - warmup + 1}`}: ${name} ${shown}`);
    }
  }
  return results;
}

/** Progress goes to stderr, so stdout is only the tables to paste. */
export function progress(bench: string): (message: string) => void {
  return (message) => process.stderr.write(`${bench}: ${message}\n`);
}
