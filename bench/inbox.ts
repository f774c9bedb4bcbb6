/**
 * bench/inbox — inbox growth: one user with 1k, 10k and 50k rows. The first page unfiltered and
 * unread only (`GET /notifications?limit=20`, `&state=unread`), against the same query through
 * better-sqlite3 on the same file and on a copy that also has a `(user_id, id)` index (the fastest
 * honest raw way; the ratio is against the faster); and delete-history
 * (`DELETE /notifications?state=read`, every row read) against the same DELETE on the same file,
 * with the bytes the user's open socket receives because of it.
 *
 *   npm run bench:inbox -- [--sizes 1000,10000,50000] [--rounds 5] [--requests 30]
 *
 * In-process on SQLite files: the routes through `app.inject` (no network), the socket over
 * loopback. A list figure is the median of `--requests` requests; each round measures every
 * variant once.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { MemoryHost } from '../test/support/memory-host.ts';
import { BENCH_ORIGIN, BENCH_PUBLIC_URL, stockbellApp } from './support/app.ts';
import { commandLine, flag, flagList, inRounds, printMachine, progress, sleep } from './support/run.ts';
import { migrateSqlite, seedInbox } from './support/seed.ts';
import { bytes, fastest, legend, median, ms, ratioCell, ratios, spread } from './support/stats.ts';

const SIZES = flagList('sizes', [1_000, 10_000, 50_000]);
const ROUNDS = flag('rounds', 5);
const REQUESTS = flag('requests', 30);
const log = progress('bench/inbox');
/** Lists and counts read this user; delete-history deletes the other's rows, seeded again before each run. */
const OWNER = 'owner';
const HISTORY = 'history';

interface Page {
  id: number;
  data: string;
  reason: string;
}

/** The list query Stockbell runs (the page plus one, newest first), prepared on a long-lived connection. */
function rawList(db: Database.Database, unreadOnly: boolean) {
  const statement = db.prepare<[string, number], Page>(
    `select id, event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at, read_at
     from stockbell_notifications where user_id = ?${unreadOnly ? ' and read_at is null' : ''} order by id desc limit ?`,
  );
  return () => {
    const rows = statement.all(OWNER, 21);
    return JSON.stringify(rows.slice(0, 20).map((row) => ({ ...row, data: JSON.parse(row.data), reason: JSON.parse(row.reason) })));
  };
}

/** Median of `REQUESTS` timed calls. */
async function medianOf(call: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return median(times);
}

/** A socket of the history user that adds up the bytes of every frame it gets. */
async function countingSocket(app: FastifyInstance): Promise<{ received: { bytes: number; frames: number; at: number }; close(): void }> {
  const { port } = app.server.address() as AddressInfo;
  const socket = new WebSocket(`ws://127.0.0.1:${port}${app.stockbell.prefix}/ws`, { headers: { origin: BENCH_ORIGIN, 'x-user': HISTORY }, perMessageDeflate: false });
  const received = { bytes: 0, frames: 0, at: 0 };
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  socket.on('message', (data: Buffer) => {
    received.bytes += data.length;
    received.frames++;
    received.at = performance.now();
  });
  return { received, close: () => socket.close() };
}

async function measureSize(size: number) {
  const dir = mkdtempSync(join(tmpdir(), 'stockbell-bench-inbox-'));
  const file = join(dir, 'stockbell.sqlite');
  const indexedFile = join(dir, 'indexed.sqlite');
  await migrateSqlite(file);
  seedInbox(file, { userIds: [OWNER], perUser: size, readShare: 0.5 });
  copyFileSync(file, indexedFile);
  const indexed = new Database(indexedFile);
  indexed.exec('create index bench_notifications_user_id on stockbell_notifications (user_id, id)');
  const raw = new Database(file);
  const host = new MemoryHost();
  host.addUser(OWNER);
  host.addUser(HISTORY);
  const app = await stockbellApp({ host, database: file, publicUrl: BENCH_PUBLIC_URL });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const socket = await countingSocket(app);
  try {
    const inject = async (method: 'GET' | 'DELETE', url: string, user: string) => {
      const reply = await app.inject({ method, url: `${app.stockbell.prefix}${url}`, headers: { 'x-user': user } });
      if (reply.statusCode !== 200) throw new Error(`${method} ${url}: HTTP ${reply.statusCode} ${reply.body}`);
      return reply.json() as { items?: unknown[]; deleted?: number };
    };
    const lists = async (unreadOnly: boolean) => {
      const url = `/notifications?limit=20${unreadOnly ? '&state=unread' : ''}`;
      const [first] = (await inject('GET', url, OWNER)).items as { id: string }[];
      const same = JSON.parse(rawList(indexed, unreadOnly)())[0] as { id: number };
      if (String(same.id) !== first?.id) throw new Error(`raw and Stockbell disagree on the newest row: ${same.id} vs ${first?.id}`);
      return inRounds({ rounds: ROUNDS, warmup: 1 }, {
        stockbell: () => medianOf(() => inject('GET', url, OWNER)),
        same: () => medianOf(rawList(raw, unreadOnly)),
        indexed: () => medianOf(rawList(indexed, unreadOnly)),
      });
    };
    log(`${size.toLocaleString('en')} rows: lists`);
    const list = await lists(false);
    const unread = await lists(true);

    log(`${size.toLocaleString('en')} rows: delete-history`);
    const rawDelete = raw.prepare('delete from stockbell_notifications where user_id = ? and read_at is not null');
    const frameBytes: number[] = [];
    const deletes = await inRounds({ rounds: ROUNDS, warmup: 1 }, {
      async stockbell() {
        seedInbox(file, { userIds: [HISTORY], perUser: size, readShare: 1 });
        await sleep(50);
        socket.received.bytes = 0;
        const started = performance.now();
        const { deleted } = await inject('DELETE', '/notifications?state=read', HISTORY);
        const elapsed = performance.now() - started;
        if (deleted !== size) throw new Error(`deleted ${deleted} of ${size}`);
        // What the socket gets for it: wait until it has been quiet for 200 ms.
        while (socket.received.bytes === 0 || performance.now() - socket.received.at < 200) await sleep(20);
        frameBytes.push(socket.received.bytes);
        return elapsed;
      },
      async raw() {
        seedInbox(file, { userIds: [HISTORY], perUser: size, readShare: 1 });
        const started = performance.now();
        const { changes } = rawDelete.run(HISTORY);
        const elapsed = performance.now() - started;
        if (changes !== size) throw new Error(`raw: deleted ${changes} of ${size}`);
        return elapsed;
      },
    });
    return { list, unread, deletes, frameBytes };
  } finally {
    socket.close();
    await app.close();
    raw.close();
    indexed.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await printMachine('bench/inbox', commandLine());
const results = [];
for (const size of SIZES) results.push({ size, ...(await measureSize(size)) });

console.log(`\n#### Inbox growth: one user's rows (SQLite), the first page and delete-history\n`);
console.log(`${legend(ROUNDS)} A list cell is a round's median of ${REQUESTS} requests; Stockbell's through \`app.inject\` (routing, auth, query, view, serialisation; no network), raw: the same query through better-sqlite3, prepared, rows to JSON, on the same file and on a copy with a \`(user_id, id)\` index. Half the rows are read, the older half.\n`);
console.log('| rows of the user | request | Stockbell | raw, same file | raw, with a `(user_id, id)` index | Stockbell ÷ faster raw (goal ≤ 2×) |');
console.log('| ---: | --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  for (const [name, rounds] of [['first page, unfiltered', r.list], ['first page, unread only', r.unread]] as const) {
    const best = fastest([{ name: 'same', rounds: rounds.same }, { name: 'indexed', rounds: rounds.indexed }]);
    console.log(`| ${r.size.toLocaleString('en')} | ${name} | ${spread(rounds.stockbell, ms)} | ${spread(rounds.same, ms)} | ${spread(rounds.indexed, ms)} | ${ratioCell(ratios(rounds.stockbell, best.rounds), 2)} (against ${best.name === 'same' ? 'the same file' : 'the index'}) |`);
  }
}
console.log(`\nDelete-history: every row of the user read; \`DELETE /notifications?state=read\` until its reply, against the same DELETE through better-sqlite3 (prepared, same file). The user has one socket open; the last column is what it received for the deletion.\n`);
console.log('| rows deleted | Stockbell | raw DELETE | Stockbell ÷ raw (goal ≤ 1.5×) | bytes sent to the socket |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
for (const r of results) {
  console.log(`| ${r.size.toLocaleString('en')} | ${spread(r.deletes.stockbell, ms)} | ${spread(r.deletes.raw, ms)} | ${ratioCell(ratios(r.deletes.stockbell, r.deletes.raw), 1.5)} | ${spread(r.frameBytes.slice(-ROUNDS), bytes)} |`);
}
