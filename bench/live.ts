/**
 * bench/live — live push; the fan-out and memory figures next to raw baselines measured in the same
 * run:
 *
 *   latency  event → browser: from the host's call (stockChanged, send) to the `notification` frame at
 *            a subscriber's socket, p50/p99, with 1,000 idle authenticated sockets of other users open
 *   fanout   one event to 10,000 connected users until the last socket has its frame, against a plain
 *            `ws` server sending the same frames to the same number of sockets
 *   memory   server memory per idle authenticated socket, against a plain `ws` server's
 *   size     the gzipped bell with its runtime: what a page loads to show <stockbell-bell>
 *
 *   node bench/live.ts [latency] [fanout] [memory] [size] [--build]      (no section named: all four)
 *
 * Each server runs in its own child process and the client sockets in another, so the server has one
 * of the two cores to itself and only its memory is counted. Children raise their open-files limit
 * (see support/child.ts). Tables go to stdout, progress to stderr. SQLite on a temp file throughout.
 * Knobs: IDLE (1000), EVENTS (300), USERS (10000), RUNS (11), SOCKETS (5000), WARM_SOCKETS (1000);
 * VERBOSE=1 logs every run; SERVER_NODE_ARGS is added to the server processes' node flags, e.g.
 * SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a server's time went.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { bellBundle, newerSource } from './support/bundle-size.ts';
import { type Child, sleep, spawnChild } from './support/child.ts';

const IDLE = Number(process.env.IDLE ?? 1_000);
const EVENTS = Number(process.env.EVENTS ?? 300);
const USERS = Number(process.env.USERS ?? 10_000);
const RUNS = Number(process.env.RUNS ?? 11);
const SOCKETS = Number(process.env.SOCKETS ?? 5_000);
const WARMUP_RUNS = 2;

const support = (file: string) => new URL(`./support/${file}`, import.meta.url);
const serverFlags = (...flags: string[]) => [...flags, ...(process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
const n = (value: number) => value.toLocaleString('en');
const ms = (value: number) => `${value.toFixed(1)} ms`;
const ratio = (value: number, goal: number) => `${value.toFixed(2)}×${value <= goal ? '' : ' ✗'}`;
const log = (message: string) => process.stderr.write(`bench/live: ${message}\n`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Nearest-rank percentile. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Closes children in order (clients before the server they talk to), whatever happened. */
async function withChildren<T>(children: Child[], body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    for (const child of children) await child.close();
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

// --- 1. Event → browser ---------------------------------------------------------------------------

interface Samples {
  committed: number[];
  arrived: number[];
}

async function latency(): Promise<void> {
  const server = spawnChild(support('latency-server.ts'), { nodeArgs: serverFlags() });
  const clients = spawnChild(support('ws-clients.ts'));
  const { send, stock } = await withChildren([clients, server], async () => {
    const { url, origin } = await server.request<{ url: string; origin: string }>('start', { idle: IDLE, prefix: 'idle' });
    log(`latency: opening ${n(IDLE)} idle sockets`);
    await clients.request('open', { group: 'idle', url, origin, prefix: 'idle', count: IDLE, firstFrame: true });
    const open = await server.request<number>('connected');
    if (open !== IDLE) throw new Error(`expected ${IDLE} idle sockets on the server, found ${open}`);
    log(`latency: ${n(EVENTS)} events of each kind, one after another`);
    return server.request<{ send: Samples; stock: Samples }>('measure', { events: EVENTS, warmup: 20 });
  });
  console.log(`\n#### Event → browser (SQLite temp file, ${n(IDLE)} idle sockets of other users open, ${n(EVENTS)} events each)\n`);
  console.log('From the host\'s call to the `notification` frame parsed at the subscriber\'s socket, one event at a time; the engine\'s transaction is included.\n');
  console.log('| event | frame arrived, p50 | p99 (goal ≤ 20 ms) | max | of which: promise resolved (transaction), p50 / p99 | push (commit → frame), p50 / p99 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, samples] of [
    ['`send({ to: { userId } })`', send],
    ['`events.stockChanged` (part goes low, category subscriber)', stock],
  ] as const) {
    const p99 = percentile(samples.arrived, 99);
    const push = samples.arrived.map((arrived, i) => arrived - (samples.committed[i] ?? 0));
    const both = (values: number[]) => `${ms(percentile(values, 50))} / ${ms(percentile(values, 99))}`;
    console.log(`| ${name} | ${ms(percentile(samples.arrived, 50))} | ${ms(p99)}${p99 <= 20 ? '' : ' ✗'} | ${ms(Math.max(...samples.arrived))} | ${both(samples.committed)} | ${both(push)} |`);
  }
}

// --- 2. Fan-out to 10,000 connected users ---------------------------------------------------------

interface Sends {
  first: number;
  last: number;
  frames: number;
}

interface Collected {
  lastAt: number;
  duplicates: number;
  sample: string | null;
}

interface Run {
  /** From the start (the call, or the raw loop's first line), ms. */
  committed?: number;
  firstSend: number;
  lastSend: number;
  arrived: number;
}

async function fanout(): Promise<void> {
  // Four processes: each server and each crowd of 10,000 clients alone, so none needs more than
  // ~10,200 file descriptors. Only the variant being measured is busy at any moment.
  const stockbellServer = spawnChild(support('fanout-server.ts'), { nodeArgs: serverFlags('--expose-gc'), args: ['stockbell'] });
  const rawServer = spawnChild(support('fanout-server.ts'), { nodeArgs: serverFlags('--expose-gc'), args: ['raw'] });
  const stockbellClients = spawnChild(support('ws-clients.ts'));
  const rawClients = spawnChild(support('ws-clients.ts'));
  const result = await withChildren([stockbellClients, rawClients, stockbellServer, rawServer], async () => {
    type Started = { url: string; origin: string };
    const stockbellAt = await stockbellServer.request<Started>('start', { users: USERS, prefix: 'u' });
    const rawAt = await rawServer.request<Started>('start', { users: USERS, prefix: 'u' });
    log(`fanout: opening ${n(USERS)} Stockbell sockets, then ${n(USERS)} raw ws sockets (200 at a time)`);
    const open = async (clients: Child, server: Child, at: Started, firstFrame: boolean) => {
      const { ms } = await clients.request<{ ms: number }>('open', { group: 'users', ...at, prefix: 'u', count: USERS, firstFrame });
      await until('every socket to be registered', async () => (await server.request<number>('connected')) === USERS);
      return ms;
    };
    const stockbellOpen = await open(stockbellClients, stockbellServer, stockbellAt, true);
    const rawOpen = await open(rawClients, rawServer, rawAt, false);

    const measure = async (server: Child, clients: Child, run: number): Promise<Run & { sample: string }> => {
      await server.request('gc');
      await sleep(100);
      await clients.request('arm', { group: 'users' });
      const event = await server.request<{ startedAt: number; committedAt?: number; notified?: number }>(server === rawServer ? 'broadcast' : 'event', { run });
      const got = await clients.request<Collected>('collect', { group: 'users' });
      const sends = await server.request<Sends>('sends');
      if (event.notified !== undefined && event.notified !== USERS) throw new Error(`Stockbell notified ${event.notified}, expected ${USERS}`);
      if (got.duplicates > 0 || sends.frames !== USERS) throw new Error(`${sends.frames} frames written, ${got.duplicates} duplicates`);
      // Let the trailing `unread` frames land before anything else is timed.
      await sleep(300);
      if (process.env.VERBOSE) {
        const at = (t: number) => (t - event.startedAt).toFixed(2);
        log(`fanout: run ${run} ${server === rawServer ? 'raw' : 'stockbell'}: committed ${event.committedAt ? at(event.committedAt) : '-'}, sends ${at(sends.first)}–${at(sends.last)}, last arrived ${at(got.lastAt)} ms`);
      }
      return {
        ...(event.committedAt === undefined ? {} : { committed: event.committedAt - event.startedAt }),
        firstSend: sends.first - event.startedAt,
        lastSend: sends.last - event.startedAt,
        arrived: got.lastAt - event.startedAt,
        sample: got.sample ?? '',
      };
    };

    // The baseline sends the frame a browser really got from Stockbell, with its own id per user.
    const first = await measure(stockbellServer, stockbellClients, 0);
    await rawServer.request('useFrame', { frame: first.sample });
    const stockbell: Run[] = [];
    const raw: Run[] = [];
    let stockbellFrame = first.sample;
    let rawFrame = '';
    log(`fanout: ${WARMUP_RUNS} warm-up and ${RUNS} measured runs, the variants taking turns to go first`);
    for (let run = 1; run <= WARMUP_RUNS + RUNS; run++) {
      for (const variant of run % 2 === 0 ? ['stockbell', 'raw'] : ['raw', 'stockbell']) {
        const measured = variant === 'stockbell' ? await measure(stockbellServer, stockbellClients, run) : await measure(rawServer, rawClients, run);
        if (run <= WARMUP_RUNS) continue;
        if (variant === 'stockbell') {
          stockbell.push(measured);
          stockbellFrame = measured.sample;
        } else {
          raw.push(measured);
          rawFrame = measured.sample;
        }
      }
    }
    return { stockbell, raw, stockbellOpen, rawOpen, stockbellFrame, rawFrame };
  });

  const m = (runs: Run[], key: keyof Run) => median(runs.map((r) => r[key] ?? Number.NaN));
  const sbArrived = m(result.stockbell, 'arrived');
  const rawArrived = m(result.raw, 'arrived');
  // The push starts when the first frame is handed to a socket: the hub sends right after commit,
  // before the event's promise resolves, so "resolved" is no longer a mark between the two phases.
  const push = median(result.stockbell.map((r) => r.arrived - (r.firstSend ?? 0)));
  const rawPush = median(result.raw.map((r) => r.arrived - (r.firstSend ?? 0)));
  console.log(`\n#### Fan-out: one event → ${n(USERS)} connected users (SQLite temp file, median of ${RUNS} runs)\n`);
  console.log(`Stockbell: \`send({ to: { role } })\` to ${n(USERS)} users, each with one open socket. Raw: a plain \`ws\` server in its own process, ${n(USERS)} sockets of its own, sending the same frames (the captured Stockbell frame, a fresh id per user: ${n(Buffer.byteLength(result.stockbellFrame))} vs ${n(Buffer.byteLength(result.rawFrame))} bytes), then an \`unread\` frame each, as Stockbell does. Time until the last socket has its \`notification\` frame, on one monotonic clock across processes.\n`);
  console.log(`| until the last of ${n(USERS)} sockets has its frame | Stockbell | raw \`ws\` | ratio (goal ≤ 1.5×) |`);
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| from the call (transaction + push) | ${ms(sbArrived)} | ${ms(rawArrived)} | ${ratio(sbArrived / rawArrived, 1.5)} |`);
  console.log(`| push only: from the first frame handed to a socket | ${ms(push)} | ${ms(rawPush)} | ${ratio(push / rawPush, 1.5)} |`);
  console.log('\n| where the time goes (median, from the call) | Stockbell | raw `ws` |');
  console.log('| --- | ---: | ---: |');
  const committed = m(result.stockbell, 'committed');
  console.log(`| event promise resolved: host reads, recipients, one transaction with ${n(USERS)} inbox rows and their delivery jobs | ${ms(committed)} (${((100 * committed) / sbArrived).toFixed(0)}% of the total) | — |`);
  console.log(`| first \`notification\` frame handed to a socket (Stockbell: right after commit) | ${ms(m(result.stockbell, 'firstSend'))} | ${ms(m(result.raw, 'firstSend'))} |`);
  console.log(`| last \`notification\` frame handed to a socket | ${ms(m(result.stockbell, 'lastSend'))} | ${ms(m(result.raw, 'lastSend'))} |`);
  console.log(`| last \`notification\` frame arrived at its client | ${ms(sbArrived)} | ${ms(rawArrived)} |`);
  console.log(`| opening the ${n(USERS)} sockets (200 at a time; Stockbell: until the first frame) | ${(result.stockbellOpen / 1000).toFixed(1)} s | ${(result.rawOpen / 1000).toFixed(1)} s |`);
}

// --- 3. Memory per idle socket --------------------------------------------------------------------

interface Reading {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

type MemoryVariant = 'stockbell' | 'fastify' | 'raw';

const WARM_SOCKETS = Number(process.env.WARM_SOCKETS ?? 1_000);

/** Per socket: growth of each reading over SOCKETS sockets; and how long they took to open. */
async function memoryOf(variant: MemoryVariant): Promise<Reading & { openMs: number }> {
  const server = spawnChild(support('memory-server.ts'), { nodeArgs: serverFlags('--expose-gc'), args: [variant] });
  const clients = spawnChild(support('ws-clients.ts'));
  return withChildren([clients, server], async () => {
    const { url, origin } = await server.request<{ url: string; origin: string }>('start', { users: Math.max(SOCKETS, WARM_SOCKETS), prefixes: ['warm', 'm'] });
    const firstFrame = variant === 'stockbell';
    const connected = () => server.request<number>('connected');
    // Some sockets first, kept open: code compiled, pools, caches and the young generation grown, so
    // what follows is the cost of one more socket, not the fixed cost of the first ones.
    await clients.request('open', { group: 'warm', url, origin, prefix: 'warm', count: WARM_SOCKETS, firstFrame });
    await until('the warm-up sockets', async () => (await connected()) === WARM_SOCKETS);
    const before = await server.request<Reading>('reading');
    log(`memory: ${variant}: opening ${n(SOCKETS)} idle sockets`);
    const { ms: openMs } = await clients.request<{ ms: number }>('open', { group: 'idle', url, origin, prefix: 'm', count: SOCKETS, firstFrame });
    await until('every socket to be registered', async () => (await connected()) === WARM_SOCKETS + SOCKETS);
    await sleep(1_000);
    const after = await server.request<Reading>('reading');
    if (process.env.VERBOSE) log(`memory: ${variant}: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    return {
      heapTotal: (after.heapTotal - before.heapTotal) / SOCKETS,
      heapUsed: (after.heapUsed - before.heapUsed) / SOCKETS,
      external: (after.external - before.external) / SOCKETS,
      arrayBuffers: (after.arrayBuffers - before.arrayBuffers) / SOCKETS,
      rss: (after.rss - before.rss) / SOCKETS,
      openMs,
    };
  });
}

async function memory(): Promise<void> {
  const stockbell = await memoryOf('stockbell');
  const fastify = await memoryOf('fastify');
  const raw = await memoryOf('raw');
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(2)} KiB`;
  const row = (name: string, key: keyof Reading, goal: number | null) => {
    const vs = (base: number) => (Math.abs(base) < 16 ? '—' : goal === null ? `${(stockbell[key] / base).toFixed(2)}×` : ratio(stockbell[key] / base, goal));
    console.log(`| ${name} | ${kib(stockbell[key])} | ${kib(fastify[key])} | ${kib(raw[key])} | ${vs(raw[key])} | ${(stockbell[key] / fastify[key]).toFixed(2)}× |`);
  };
  console.log(`\n#### Memory per idle socket (${n(SOCKETS)} sockets, server process only, after gc)\n`);
  console.log(`Growth of the server process from before to after opening the sockets (clients in another process), divided by the number of sockets: the cost of one more socket once ${n(WARM_SOCKETS)} are open. Stockbell sockets are authenticated (\`x-user\`, Origin checked) and have had their first \`unread\` frame. The middle column is Fastify with @fastify/websocket and a route that only keeps the socket by user: what the host's framework costs before Stockbell does anything.\n`);
  console.log('| per idle socket | Stockbell | Fastify + @fastify/websocket | raw `ws` | Stockbell ÷ raw (goal ≤ 1.5×) | Stockbell ÷ Fastify |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  row('JS heap (heapUsed)', 'heapUsed', 1.5);
  row('RSS', 'rss', 1.5);
  row('external (Buffers, native)', 'external', null);
  const s = (variant: { openMs: number }) => `${(variant.openMs / 1000).toFixed(1)} s`;
  console.log(`| opening the ${n(SOCKETS)} sockets, 200 at a time | ${s(stockbell)} | ${s(fastify)} | ${s(raw)} | ${(stockbell.openMs / raw.openMs).toFixed(2)}× | ${(stockbell.openMs / fastify.openMs).toFixed(2)}× |`);
}

// --- 4. Gzipped bell ------------------------------------------------------------------------------

function size(build: boolean): void {
  const dist = fileURLToPath(new URL('../dist/client/', import.meta.url));
  if (build || !existsSync(`${dist}stockbell.js`)) {
    log('size: npx vite build');
    const built = spawnSync('npx', ['vite', 'build'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: ['ignore', 2, 2] });
    if (built.status !== 0) throw new Error('npx vite build failed');
  }
  const files = bellBundle(dist);
  const stale = newerSource(dist, fileURLToPath(new URL('../client/', import.meta.url)));
  const scripts = files.filter((file) => file.file.endsWith('.js'));
  const lazy = readdirSync(dist)
    .filter((file) => file.endsWith('.js') && !scripts.some((script) => script.file === file))
    .map((file) => file.replace(/-[\w-]{8}\.js$/, ''));
  const sum = (list: typeof files, key: 'bytes' | 'gzip') => list.reduce((total, file) => total + file[key], 0);
  const total = (name: string, list: typeof files) => {
    const gzip = sum(list, 'gzip');
    console.log(`| **${name}** | ${n(sum(list, 'bytes'))} | **${n(gzip)}** (${(gzip / 1000).toFixed(1)} kB)${gzip <= 20_000 ? '' : ' ✗'} |`);
  };
  console.log('\n#### The bell with its runtime (dist/client, gzip level 9, each file on its own; goal ≤ 20 kB = 20,000 bytes)\n');
  console.log(`\`stockbell.js\` and the chunks it imports statically, transitively (left out, loaded lazily by other widgets: ${lazy.join(', ')}), and \`stockbell.css\`. The custom element adopts its own styles from the runtime (base and bell sheets inlined); \`stockbell.css\` is the page stylesheet for hosts that render the components without a shadow root (docs/widgets.md), so both totals are shown.\n`);
  if (stale) console.log(`> dist/client is older than ${stale.slice(stale.indexOf('client/'))}: run \`node bench/live.ts size --build\` for current figures.\n`);
  console.log('| file | bytes | gzip -9 |');
  console.log('| --- | ---: | ---: |');
  for (const file of files) console.log(`| ${file.file.replace(/-[\w-]{8}\.js$/, '-[hash].js')} | ${n(file.bytes)} | ${n(file.gzip)} |`);
  total('`<stockbell-bell>`: the scripts', scripts);
  total('with `stockbell.css`', files);
}

/** Share of all cores' time spent busy over one second: someone else's work skews every figure. */
async function cpuBusy(): Promise<number> {
  const total = () => cpus().reduce((sum, cpu) => ({ busy: sum.busy + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq, all: sum.all + cpu.times.user + cpu.times.nice + cpu.times.sys + cpu.times.irq + cpu.times.idle }), { busy: 0, all: 0 });
  const before = total();
  await sleep(1_000);
  const after = total();
  return (100 * (after.busy - before.busy)) / Math.max(1, after.all - before.all);
}

// --- main -----------------------------------------------------------------------------------------

const args = process.argv.slice(2);
const sections = args.filter((arg) => !arg.startsWith('--'));
const wanted = (name: string) => sections.length === 0 || sections.includes(name);
for (const name of sections) if (!['latency', 'fanout', 'memory', 'size'].includes(name)) throw new Error(`unknown section ${name}`);

console.log(`bench/live, ${new Date().toISOString().slice(0, 10)}. Machine: ${availableParallelism()} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Linux ${release()}, Node ${process.version}. Servers and clients in separate processes on 127.0.0.1.`);
const load = () => loadavg()[0]?.toFixed(2) ?? '?';
const busy = await cpuBusy();
console.log(`CPU busy in the second before the start: ${busy.toFixed(0)}% (load average ${load()}).`);
if (busy > 15) log(`the machine is busy (${busy.toFixed(0)}% CPU before the start): figures will be noisy`);
if (wanted('latency')) await latency();
if (wanted('fanout')) await fanout();
if (wanted('memory')) await memory();
if (wanted('size')) size(args.includes('--build'));
console.log(`\nLoad average (1 min) at the end: ${load()}.`);
