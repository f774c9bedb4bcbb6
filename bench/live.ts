/**
 * bench/live — live push; the fan-out and memory figures next to raw baselines measured in the same
 * rounds:
 *
 *   latency  event → browser: from the host's call (stockChanged, send) to the `notification` frame at
 *            a subscriber's socket, p50/p99 per round, with 1,000 idle authenticated sockets of other
 *            users open
 *   fanout   one event to 10,000 connected users until the last socket has its frame, against a plain
 *            `ws` server sending the same frames to the same number of sockets
 *   memory   server memory per idle authenticated socket, against a plain `ws` server's, with the
 *            framework's share named (Fastify + @fastify/websocket alone, and both with each
 *            upgrade's request and response let go), and the minimal reproduction of why
 *            (support/upgrade-retention.ts)
 *   size     the gzipped bell with its runtime: what a page loads to show <stockbell-bell>
 *
 *   npm run bench:live -- [latency] [fanout] [memory] [size] [--build]      (no section named: all four)
 *
 * Each server runs in its own child process and the client sockets in another, so the server has one
 * of the two cores to itself and only its memory is counted. Children raise their open-files limit
 * (see support/child.ts). Tables go to stdout, progress to stderr. SQLite on a temp file throughout.
 * Flags (or the environment in capitals): --idle 1000, --events 200 (per latency round),
 * --latency-rounds 5, --users 10000, --rounds 11 (fan-out), --sockets 5000, --warm-sockets 1000,
 * --memory-rounds 3; VERBOSE=1 logs every run; SERVER_NODE_ARGS is added to the server processes'
 * node flags, e.g. SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to see where a server's
 * time went.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bellBundle, newerSource } from './support/bundle-size.ts';
import { type Child, spawnChild } from './support/child.ts';
import type { MemoryVariant } from './support/memory-server.ts';
import { commandLine, flag, inRounds, printMachine, progress, sections, sleep } from './support/run.ts';
import { kib, legend, median, ms, percent, percentile, ratioCell, ratios, spread } from './support/stats.ts';

const IDLE = flag('idle', 1_000);
const EVENTS = flag('events', 200);
const LATENCY_ROUNDS = flag('latency-rounds', 5);
const USERS = flag('users', 10_000);
const RUNS = flag('rounds', 11);
const SOCKETS = flag('sockets', 5_000);
const WARM_SOCKETS = flag('warm-sockets', 1_000);
const MEMORY_ROUNDS = flag('memory-rounds', 3);
const WARMUP_RUNS = 2;

const support = (file: string) => new URL(`./support/${file}`, import.meta.url);
const serverFlags = (...flags: string[]) => [...flags, ...(process.env.SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean)];
const n = (value: number) => value.toLocaleString('en');
const log = progress('bench/live');

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

type Percentiles = { arrived50: number; arrived99: number; max: number; committed50: number; committed99: number; push50: number; push99: number };

function percentilesOf(samples: Samples): Percentiles {
  const push = samples.arrived.map((arrived, i) => arrived - (samples.committed[i] ?? 0));
  return {
    arrived50: percentile(samples.arrived, 50),
    arrived99: percentile(samples.arrived, 99),
    max: Math.max(...samples.arrived),
    committed50: percentile(samples.committed, 50),
    committed99: percentile(samples.committed, 99),
    push50: percentile(push, 50),
    push99: percentile(push, 99),
  };
}

async function latency(): Promise<void> {
  const server = spawnChild(support('latency-server.ts'), { nodeArgs: serverFlags() });
  const clients = spawnChild(support('ws-clients.ts'));
  const rounds = await withChildren([clients, server], async () => {
    const { url, origin } = await server.request<{ url: string; origin: string }>('start', { idle: IDLE, prefix: 'idle' });
    log(`latency: opening ${n(IDLE)} idle sockets`);
    await clients.request('open', { group: 'idle', url, origin, prefix: 'idle', count: IDLE, firstFrame: true });
    const open = await server.request<number>('connected');
    if (open !== IDLE) throw new Error(`expected ${IDLE} idle sockets on the server, found ${open}`);
    log(`latency: ${LATENCY_ROUNDS} rounds of ${n(EVENTS)} events of each kind, one after another`);
    const all: { send: Percentiles; stock: Percentiles }[] = [];
    for (let round = 0; round < LATENCY_ROUNDS; round++) {
      const { send, stock } = await server.request<{ send: Samples; stock: Samples }>('measure', { events: EVENTS, warmup: round === 0 ? 20 : 0 });
      all.push({ send: percentilesOf(send), stock: percentilesOf(stock) });
    }
    return all;
  });
  console.log(`\n#### Event → browser (SQLite temp file, ${n(IDLE)} idle sockets of other users open, ${LATENCY_ROUNDS} rounds of ${n(EVENTS)} events of each kind)\n`);
  console.log(`From the host's call to the \`notification\` frame parsed at the subscriber's socket, one event at a time; the engine's transaction is included. Each round gives its p50 and p99; ${legend(LATENCY_ROUNDS).toLowerCase()}\n`);
  console.log('| event | frame arrived, p50 | p99 (goal ≤ 20 ms) | max | of which: promise resolved (transaction), p50 / p99 | push (commit → frame), p50 / p99 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, kind] of [
    ['`send({ to: { userId } })`', 'send'],
    ['`events.stockChanged` (part goes low, category subscriber)', 'stock'],
  ] as const) {
    const of = (key: keyof Percentiles) => rounds.map((round) => round[kind][key]);
    const p99 = of('arrived99');
    const missed = median(p99) > 20 ? ' ✗' : '';
    console.log(`| ${name} | ${spread(of('arrived50'), ms)} | ${spread(p99, ms)}${missed} | ${spread(of('max'), ms)} | ${spread(of('committed50'), ms)} / ${spread(of('committed99'), ms)} | ${spread(of('push50'), ms)} / ${spread(of('push99'), ms)} |`);
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
      const opened = await clients.request<{ ms: number }>('open', { group: 'users', ...at, prefix: 'u', count: USERS, firstFrame });
      await until('every socket to be registered', async () => (await server.request<number>('connected')) === USERS);
      return opened.ms;
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

  const of = (runs: Run[], key: keyof Run) => runs.map((r) => r[key] ?? Number.NaN);
  // The push starts when the first frame is handed to a socket: the hub sends right after commit,
  // before the event's promise resolves, so "resolved" is no longer a mark between the two phases.
  const pushOf = (runs: Run[]) => runs.map((r) => r.arrived - r.firstSend);
  const sbArrived = of(result.stockbell, 'arrived');
  const rawArrived = of(result.raw, 'arrived');
  console.log(`\n#### Fan-out: one event → ${n(USERS)} connected users (SQLite temp file, ${RUNS} rounds)\n`);
  console.log(`Stockbell: \`send({ to: { role } })\` to ${n(USERS)} users, each with one open socket. Raw: a plain \`ws\` server in its own process, ${n(USERS)} sockets of its own, sending the same frames (the captured Stockbell frame, a fresh id per user: ${n(Buffer.byteLength(result.stockbellFrame))} vs ${n(Buffer.byteLength(result.rawFrame))} bytes), then an \`unread\` frame each, as Stockbell does. Time until the last socket has its \`notification\` frame, on one monotonic clock across processes. ${legend(RUNS)}\n`);
  console.log(`| until the last of ${n(USERS)} sockets has its frame | Stockbell | raw \`ws\` | Stockbell ÷ raw (goal ≤ 1.5×) |`);
  console.log('| --- | ---: | ---: | ---: |');
  console.log(`| from the call (transaction + push) | ${spread(sbArrived, ms)} | ${spread(rawArrived, ms)} | ${ratioCell(ratios(sbArrived, rawArrived), 1.5)} |`);
  console.log(`| push only: from the first frame handed to a socket | ${spread(pushOf(result.stockbell), ms)} | ${spread(pushOf(result.raw), ms)} | ${ratioCell(ratios(pushOf(result.stockbell), pushOf(result.raw)), 1.5)} |`);
  console.log('\n| where the time goes (from the call) | Stockbell | raw `ws` |');
  console.log('| --- | ---: | ---: |');
  const committed = of(result.stockbell, 'committed');
  const share = ratios(committed, sbArrived).map((r) => r * 100);
  console.log(`| event promise resolved: host reads, recipients, one transaction with ${n(USERS)} inbox rows and their delivery jobs | ${spread(committed, ms)}; ${spread(share, percent)} of the total | — |`);
  console.log(`| first \`notification\` frame handed to a socket (Stockbell: right after commit) | ${spread(of(result.stockbell, 'firstSend'), ms)} | ${spread(of(result.raw, 'firstSend'), ms)} |`);
  console.log(`| last \`notification\` frame handed to a socket | ${spread(of(result.stockbell, 'lastSend'), ms)} | ${spread(of(result.raw, 'lastSend'), ms)} |`);
  console.log(`| last \`notification\` frame arrived at its client | ${spread(sbArrived, ms)} | ${spread(rawArrived, ms)} |`);
  console.log(`| opening the ${n(USERS)} sockets once, 200 at a time (Stockbell: until the first frame) | ${(result.stockbellOpen / 1000).toFixed(1)} s | ${(result.rawOpen / 1000).toFixed(1)} s |`);
}

// --- 3. Memory per idle socket --------------------------------------------------------------------

interface Reading {
  heapUsed: number;
  heapTotal: number;
  external: number;
  arrayBuffers: number;
  rss: number;
}

type PerSocket = Reading & { openMs: number };

/** Per socket: growth of each reading over SOCKETS sockets; and how long they took to open. */
async function memoryOf(variant: MemoryVariant): Promise<PerSocket> {
  const server = spawnChild(support('memory-server.ts'), { nodeArgs: serverFlags('--expose-gc'), args: [variant] });
  const clients = spawnChild(support('ws-clients.ts'));
  return withChildren([clients, server], async () => {
    const { url, origin } = await server.request<{ url: string; origin: string }>('start', { users: Math.max(SOCKETS, WARM_SOCKETS), prefixes: ['warm', 'm'] });
    const firstFrame = variant.startsWith('stockbell');
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
  const measure = (variant: MemoryVariant) => () => memoryOf(variant);
  log(`memory: ${MEMORY_ROUNDS} rounds of five servers`);
  const r = await inRounds({ rounds: MEMORY_ROUNDS, warmup: 0 }, {
    stockbell: measure('stockbell'),
    'stockbell-released': measure('stockbell-released'),
    fastify: measure('fastify'),
    'fastify-released': measure('fastify-released'),
    raw: measure('raw'),
  });
  const of = (variant: MemoryVariant, key: keyof PerSocket) => r[variant].map((reading) => reading[key]);
  const seconds = { digits: (v: number) => (v / 1000).toFixed(1), suffix: ' s' };
  console.log(`\n#### Memory per idle socket (${n(SOCKETS)} sockets, server process only, after gc, ${MEMORY_ROUNDS} rounds)\n`);
  console.log(`Growth of the server process from before to after opening the sockets (clients in another process), divided by the number of sockets: the cost of one more socket once ${n(WARM_SOCKETS)} are open. Stockbell sockets are authenticated (\`x-user\`, Origin checked) and have had their first \`unread\` frame. The middle column is Fastify with @fastify/websocket and a route that only keeps the socket by user: what the host's framework costs before Stockbell does anything. ${legend(MEMORY_ROUNDS)}\n`);
  console.log('| per idle socket | Stockbell | Fastify + @fastify/websocket | raw `ws` | Stockbell ÷ raw (goal ≤ 1.5×) | Stockbell ÷ Fastify |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, key, goal] of [['JS heap (heapUsed)', 'heapUsed', 1.5], ['RSS', 'rss', 1.5], ['opening the sockets, 200 at a time', 'openMs', undefined]] as const) {
    const unit = key === 'openMs' ? seconds : kib;
    console.log(`| ${name} | ${spread(of('stockbell', key), unit)} | ${spread(of('fastify', key), unit)} | ${spread(of('raw', key), unit)} | ${ratioCell(ratios(of('stockbell', key), of('raw', key)), goal)} | ${ratioCell(ratios(of('stockbell', key), of('fastify', key)))} |`);
  }
  console.log(`| external (Buffers, native) | ${spread(of('stockbell', 'external'), kib)} | ${spread(of('fastify', 'external'), kib)} | ${spread(of('raw', 'external'), kib)} | — | — |`);

  console.log('\nThe framework\'s share: the same servers with each upgrade\'s request and response let go once the socket is open (`releaseUpgrade`, bench/support/release-upgrade.ts: the two references @fastify/websocket keeps, cut).\n');
  console.log('| JS heap per idle socket | as shipped | upgrade let go | let go ÷ raw `ws` |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, shipped, released] of [['Stockbell', 'stockbell', 'stockbell-released'], ['Fastify + @fastify/websocket', 'fastify', 'fastify-released']] as const) {
    console.log(`| ${name} | ${spread(of(shipped, 'heapUsed'), kib)} | ${spread(of(released, 'heapUsed'), kib)} | ${ratioCell(ratios(of(released, 'heapUsed'), of('raw', 'heapUsed')), name === 'Stockbell' ? 1.5 : undefined)} |`);
  }
  console.log(`| raw \`ws\` | ${spread(of('raw', 'heapUsed'), kib)} | — | — |`);

  log('memory: the retention reproduction');
  const repro = spawnSync(process.execPath, ['--expose-gc', fileURLToPath(support('upgrade-retention.ts')), '--sockets', '500'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (repro.status !== 0) throw new Error('support/upgrade-retention.ts failed');
  console.log('\nWhy (bench/support/upgrade-retention.ts, the minimal reproduction): which of each upgrade\'s objects are still reachable while its socket is open.\n');
  console.log(repro.stdout.trimEnd());
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

// --- main -----------------------------------------------------------------------------------------

const wanted = sections(['latency', 'fanout', 'memory', 'size'], ['--build']);
await printMachine('bench/live', commandLine());
console.log('Servers and clients in separate processes on 127.0.0.1.');
if (wanted.includes('latency')) await latency();
if (wanted.includes('fanout')) await fanout();
if (wanted.includes('memory')) await memory();
if (wanted.includes('size')) size(process.argv.includes('--build'));
