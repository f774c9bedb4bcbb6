/**
 * bench/webhooks — the delivery worker's throughput for 10,000 signed webhook jobs (claim with a
 * lease, load, render, sign, POST, record) to a real HTTP server on loopback; against a raw
 * baseline in the same run: the same bodies POSTed with fetch to the same server, as many at once
 * as the worker sends (no database, no rendering, no signing).
 *
 *   npm run bench:webhooks       (JOBS=10000 CONCURRENCY=8; PostgreSQL from STOCKBELL_BENCH_PG, "off" skips it)
 */
import { renderWebhook, toOutgoingMessage } from '../server/channels/index.ts';
import { contextOf } from '../server/internals.ts';
import { addEndpoint } from '../server/settings/endpoints.ts';
import { MemoryHost } from '../test/support/memory-host.ts';
import { httpCounter, rate, startStockbell, type Target, targets } from './delivery-support.ts';

const JOBS = Number(process.env.JOBS ?? 10_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 8);

async function run(target: Target) {
  const receiver = await httpCounter();
  const host = new MemoryHost();
  for (let i = 0; i < JOBS; i++) host.addUser(`u${i}`, { roles: ['staff'], email: null });
  const { app, clock } = await startStockbell(target, host, {
    endpointAllowList: ['127.0.0.1'],
    publicUrl: 'https://inventory.example.com',
    delivery: { worker: false, concurrency: CONCURRENCY },
  });
  const ctx = contextOf(app);
  await ctx.em().transactional(async (tx) => {
    for (let i = 0; i < JOBS; i++) {
      await addEndpoint(tx, { userId: `u${i}`, channel: 'webhook', name: 'hook', url: receiver.url(`/hooks/u${i}`), secret: `whsec_${i}` }, clock.now());
    }
  });
  await ctx.settings.writeDefaults(ctx.em(), { global: { message: { webhook: true } } }, clock.now());
  // One message to everyone: 10,000 inbox rows and 10,000 webhook jobs in one transaction.
  const subject = 'Stocktake on Friday';
  const body = 'Count <aisle 4> before noon & report.';
  await app.stockbell.send({ to: { role: 'staff' }, subject, body, link: '/stocktake' });

  const started = performance.now();
  const stats = await app.stockbell.delivery.runOnce();
  const stockbellMs = performance.now() - started;
  if (stats.sent !== JOBS || receiver.count !== JOBS) throw new Error(`sent ${stats.sent}, received ${receiver.count} of ${JOBS}`);

  // The same bodies (rendered beforehand), POSTed with as many requests in flight.
  const bodies = Array.from({ length: JOBS }, (_, i) =>
    JSON.stringify(renderWebhook(toOutgoingMessage(
      { id: i, kind: 'message', data: { subject, body, link: '/stocktake' }, reason: { type: 'role-message', role: 'staff' }, createdAt: clock.now(), targetKind: null, targetId: null },
      { deliveryId: `n${i}.e${i}`, recipient: { id: `u${i}`, name: `u${i}`, email: null }, publicUrl: 'https://inventory.example.com' },
    ))),
  );
  receiver.reset();
  let next = 0;
  const rawStarted = performance.now();
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
  const rawMs = performance.now() - rawStarted;
  if (receiver.count !== JOBS) throw new Error(`raw: received ${receiver.count} of ${JOBS}`);

  await app.close();
  await receiver.close();
  return { stockbellMs, rawMs };
}

console.log(`bench/webhooks: ${JOBS.toLocaleString('en')} signed webhook jobs, ${CONCURRENCY} in flight, real HTTP server on loopback`);
console.log('| database | Stockbell worker (claim, render, sign, POST, record) | rate | raw fetch loop, same bodies | rate | ratio |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const target of await targets()) {
  try {
    const { stockbellMs, rawMs } = await run(target);
    console.log(`| ${target.name} | ${stockbellMs.toFixed(0)} ms | ${rate(JOBS, stockbellMs)} | ${rawMs.toFixed(0)} ms | ${rate(JOBS, rawMs)} | ${(rawMs / stockbellMs).toFixed(2)}× |`);
  } finally {
    await target.cleanup();
  }
}
