/**
 * bench/webhooks — the delivery worker's throughput for 10,000 signed webhook jobs (claim with a
 * lease, load, render, sign, POST, record) to a real HTTP server on loopback; against a raw
 * baseline in the same rounds: the same bodies POSTed with fetch to the same server, as many at
 * once as the worker sends (no database, no rendering, no signing).
 *
 *   npm run bench:webhooks -- [--jobs 10000] [--concurrency 8] [--rounds 3]
 *   (PostgreSQL from STOCKBELL_BENCH_PG, default local; STOCKBELL_BENCH_PG=off skips it)
 */
import { MemoryHost } from '../test/support/memory-host.ts';
import { type Target, targets } from './support/databases.ts';
import { httpCounter, startStockbell } from './support/delivery.ts';
import { renderWebhook, toOutgoingMessage } from './support/internals.ts';
import { commandLine, flag, inRounds, printMachine, progress } from './support/run.ts';
import { legend, perSecond, ms, ratioCell, ratios, spread } from './support/stats.ts';

const JOBS = flag('jobs', 10_000);
const CONCURRENCY = flag('concurrency', 8);
const ROUNDS = flag('rounds', 3);
const log = progress('bench/webhooks');

async function run(target: Target) {
  const receiver = await httpCounter();
  const host = new MemoryHost();
  for (let i = 0; i < JOBS; i++) host.addUser(`u${i}`, { roles: ['staff'], email: null });
  host.addUser('admin', { isAdmin: true, email: null });
  const { app, clock } = await startStockbell(target, host, {
    endpointAllowList: ['127.0.0.1'],
    publicUrl: 'https://inventory.example.com',
    delivery: { worker: false, concurrency: CONCURRENCY },
  });
  // Set up as users and an admin would: a signed personal webhook each, and webhooks on for messages.
  const call = async (method: 'POST' | 'PATCH', url: string, user: string, payload: object) => {
    const reply = await app.inject({ method, url: `${app.stockbell.prefix}${url}`, headers: { 'x-user': user }, payload });
    if (reply.statusCode >= 300) throw new Error(`${method} ${url}: HTTP ${reply.statusCode} ${reply.body}`);
  };
  log(`${target.name}: ${JOBS.toLocaleString('en')} users add their webhook`);
  for (let i = 0; i < JOBS; i++) await call('POST', '/preferences/endpoints', `u${i}`, { channel: 'webhook', url: receiver.url(`/hooks/u${i}`) });
  await call('PATCH', '/admin/settings', 'admin', { defaults: { message: { webhook: true } } });
  const subject = 'Stocktake on Friday';
  const body = 'Count <aisle 4> before noon & report.';
  // The same bodies Stockbell sends, rendered beforehand.
  const bodies = Array.from({ length: JOBS }, (_, i) =>
    JSON.stringify(renderWebhook(toOutgoingMessage(
      { id: i, kind: 'message', data: { subject, body, link: '/stocktake' }, reason: { type: 'role-message', role: 'staff' }, createdAt: clock.now(), targetKind: null, targetId: null },
      { deliveryId: `n${i}.e${i}`, recipient: { id: `u${i}`, name: `u${i}`, email: null }, publicUrl: 'https://inventory.example.com' },
    ))),
  );
  try {
    return await inRounds({ rounds: ROUNDS, warmup: 0, log }, {
      async stockbell() {
        // One message to everyone: 10,000 inbox rows and 10,000 webhook jobs in one transaction (not timed).
        await app.stockbell.send({ to: { role: 'staff' }, subject, body, link: '/stocktake' });
        receiver.reset();
        const started = performance.now();
        const stats = await app.stockbell.delivery.runOnce();
        const elapsed = performance.now() - started;
        if (stats.sent !== JOBS || receiver.count !== JOBS) throw new Error(`sent ${stats.sent}, received ${receiver.count} of ${JOBS}`);
        return elapsed;
      },
      async raw() {
        receiver.reset();
        let next = 0;
        const started = performance.now();
        await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
          while (next < JOBS) {
            const i = next++;
            const response = await fetch(receiver.url(`/hooks/u${i}`), {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'idempotency-key': `n${i}.e${i}` },
              body: bodies[i],
            });
            await response.arrayBuffer();
          }
        }));
        const elapsed = performance.now() - started;
        if (receiver.count !== JOBS) throw new Error(`raw: received ${receiver.count} of ${JOBS}`);
        return elapsed;
      },
    });
  } finally {
    await app.close();
    await receiver.close();
  }
}

await printMachine('bench/webhooks', commandLine());
console.log(`\n#### ${JOBS.toLocaleString('en')} signed webhook jobs, ${CONCURRENCY} in flight, real HTTP server on loopback\n`);
console.log(`${legend(ROUNDS)}\n`);
console.log('| database | Stockbell worker (claim, render, sign, POST, record) | rate | raw fetch loop, same bodies | rate | Stockbell throughput ÷ raw |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const target of await targets()) {
  try {
    log(`${target.name}: ${ROUNDS} rounds`);
    const { stockbell, raw } = await run(target);
    const rate = (rounds: number[]) => spread(rounds.map((elapsed) => (JOBS / elapsed) * 1000), perSecond);
    console.log(`| ${target.name} | ${spread(stockbell, ms)} | ${rate(stockbell)} | ${spread(raw, ms)} | ${rate(raw)} | ${ratioCell(ratios(raw, stockbell))} |`);
  } finally {
    await target.cleanup();
  }
}
