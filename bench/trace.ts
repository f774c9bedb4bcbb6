/**
 * bench/trace — "would I be told about this part, and if not, why not?" for one user and one part
 * under 10,000 categories, against the plain audience query for the same part, in the same rounds.
 * Two trees: deep (a chain of 10,000 categories, the part at the bottom, the user subscribed at the
 * top: every link of the path is walked and checked) and wide (10,000 categories side by side under
 * one root, the part in one of them, the user subscribed to the root and muting 1,000 of the others).
 *
 *   npm run bench:trace -- [--categories 10000] [--rounds 11] [--requests 20] [deep|wide]
 *   (PostgreSQL from STOCKBELL_BENCH_PG, default local; STOCKBELL_BENCH_PG=off skips it)
 *
 * Stockbell: `GET /trace/part/:id` as the user through `app.inject` (routing, auth, canView, the
 * host's tree, the user's rules on the path, preferences, quiet hours, serialisation; no network).
 * Baseline: what an event on that part runs to find who is told, in-process — the host's tree
 * walked in batch (`loadPartTree`) and the one subscription query with its per-user decision
 * (`findSubscribers`), for everyone, not one user. A cell is a round's median of `--requests` calls.
 */
import { MemoryHost } from '../test/support/memory-host.ts';
import { stockbellApp } from './support/app.ts';
import { type Target, targets } from './support/databases.ts';
import { audienceOf } from './support/internals.ts';
import { commandLine, flag, inRounds, printMachine, progress, sections } from './support/run.ts';
import { legend, median, ms, ratioCell, ratios, spread } from './support/stats.ts';

const CATEGORIES = flag('categories', 10_000);
const ROUNDS = flag('rounds', 11);
const REQUESTS = flag('requests', 20);
const SHAPES = sections(['deep', 'wide']) as ('deep' | 'wide')[];
const log = progress('bench/trace');
const USER = 'ann';
const PART = '1';
/** Wide: how many of the root's other categories the user mutes (rules off the part's path). */
const MUTES = Math.min(1_000, Math.max(0, CATEGORIES - 2));

function buildHost(shape: 'deep' | 'wide'): { host: MemoryHost; root: string; leaf: string } {
  const host = new MemoryHost();
  for (let i = 1; i <= CATEGORIES; i++) {
    const parentId = i === 1 ? null : shape === 'deep' ? String(i - 1) : '1';
    host.categories.set(String(i), { id: String(i), name: `Category ${i}`, parentId, url: `/categories/${i}` });
  }
  const leaf = String(CATEGORIES);
  host.parts.set(PART, { id: PART, name: 'R_10K_0603', categoryId: leaf, variantOf: null, minimumStock: 100, ownStock: 10, url: '/parts/1', active: true });
  host.addUser(USER, { roles: ['engineering'] });
  return { host, root: '1', leaf };
}

async function medianOf(call: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

async function run(target: Target, shape: 'deep' | 'wide') {
  const { host, root } = buildHost(shape);
  // One user sets a thousand mutes: the per-user limit would stop the set-up, not what is measured.
  const app = await stockbellApp({ host, ...target.options, rateLimit: false });
  try {
    const as = async (method: 'GET' | 'PUT', url: string) => {
      const reply = await app.inject({ method, url: `${app.stockbell.prefix}${url}`, headers: { 'x-user': USER } });
      if (reply.statusCode !== 200) throw new Error(`${method} ${url}: HTTP ${reply.statusCode} ${reply.body}`);
      return reply.json() as { told?: boolean };
    };
    await as('PUT', `/subscriptions/category/${root}`);
    if (shape === 'wide') for (let i = 2; i < MUTES + 2; i++) await as('PUT', `/mutes/category/${i}`);

    // Both sides agree: the part is low (and newly so), and the user is told, through the root.
    const trace = await as('GET', `/trace/part/${PART}`);
    const audience = await audienceOf(app, host, PART);
    if (!audience.has(USER)) throw new Error('the audience query does not find the user');
    if (trace.told !== true) throw new Error(`the trace says the user is not told: ${JSON.stringify(trace).slice(0, 500)}`);

    log(`${target.name}, ${shape}: 1 warm-up and ${ROUNDS} measured rounds`);
    return await inRounds({ rounds: ROUNDS, warmup: 1 }, {
      trace: () => medianOf(() => as('GET', `/trace/part/${PART}`)),
      audience: () => medianOf(() => audienceOf(app, host, PART)),
    });
  } finally {
    await app.close();
  }
}

await printMachine('bench/trace', commandLine());
const rows: string[] = [];
for (const target of await targets()) {
  try {
    for (const shape of SHAPES) {
      const r = await run(target, shape);
      rows.push(`| ${target.name} | ${shape} | ${spread(r.trace, ms)} | ${spread(r.audience, ms)} | ${ratioCell(ratios(r.trace, r.audience))} |`);
    }
  } finally {
    await target.cleanup();
  }
}
console.log(`\n#### The trace for one user and one part under ${CATEGORIES.toLocaleString('en')} categories\n`);
console.log(`${legend(ROUNDS)} A cell is a round's median of ${REQUESTS} calls. Trace: \`GET /trace/part/:id\` through \`app.inject\`. Audience: the event's own query for the same part in-process (\`loadPartTree\` + \`findSubscribers\`, no HTTP). Deep: the part ${CATEGORIES.toLocaleString('en')} levels down, the user subscribed at the top. Wide: ${CATEGORIES.toLocaleString('en')} categories under one root, the user subscribed to it and muting ${MUTES.toLocaleString('en')} of the others.\n`);
console.log('| database | tree | trace (one user) | audience query (everyone) | trace ÷ audience |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const row of rows) console.log(row);
