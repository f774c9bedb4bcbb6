/**
 * bench/pinned — what the SSRF guard costs per outgoing request: the same JSON POSTs to a real HTTP
 * server on loopback, 8 in flight, four ways in the same run, in alternating order:
 *
 *   raw        global fetch, no check (the fastest honest baseline)
 *   undici     undici's fetch with its default pool, no check (separates the client from the pinning)
 *   pinned     undici's fetch through one pool pinned to the checked address (what a batch uses)
 *   postJson   the channels' whole send: endpoint policy check, pinned pool, result mapping
 *
 * Prints the median time of ROUNDS rounds for each and the ratio raw/variant (1.00× = no cost),
 * with the spread of the per-round ratios.
 *
 *   node bench/pinned.ts      (REQUESTS=3000 ROUNDS=5)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fetch as undiciFetch } from 'undici';
import { postJson } from '../server/channels/http.ts';
import { createEndpointPolicy, createPinnedConnections } from '../server/channels/index.ts';

const REQUESTS = Number(process.env.REQUESTS ?? 3000);
const ROUNDS = Number(process.env.ROUNDS ?? 5);
const IN_FLIGHT = 8;
const BODY = JSON.stringify({ id: 'job', subject: 'Stocktake on Friday', body: 'Count <aisle 4> before noon & report.' });

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(204).end());
}).listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;

async function timed(send: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < REQUESTS) await send(next++);
  }));
  return performance.now() - started;
}

const headers = { 'content-type': 'application/json' };
const variants: Record<string, () => Promise<number>> = {
  raw: () => timed(async () => {
    const response = await fetch(url, { method: 'POST', headers, body: BODY });
    await response.arrayBuffer();
  }),
  undici: () => timed(async () => {
    const response = await undiciFetch(url, { method: 'POST', headers, body: BODY });
    await response.arrayBuffer();
  }),
  pinned: async () => {
    const connections = createPinnedConnections();
    connections.pin('127.0.0.1', ['127.0.0.1']);
    try {
      return await timed(async () => {
        const response = await undiciFetch(url, { method: 'POST', headers, body: BODY, dispatcher: connections.dispatcher });
        await response.arrayBuffer();
      });
    } finally {
      await connections.close();
    }
  },
  postJson: async () => {
    const connections = createPinnedConnections();
    const ctx = { clock: { now: () => new Date() }, connections, endpointPolicy: createEndpointPolicy({ allow: ['127.0.0.1'] }) };
    try {
      return await timed(async () => {
        const result = await postJson({ url }, ctx, { label: 'webhook', body: BODY });
        if (!result.ok) throw new Error(result.error);
      });
    } finally {
      await connections.close();
    }
  },
};

const times: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
const names = Object.keys(variants);
await variants.raw?.(); // warm up
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no variant always runs first on a warm or a busy machine.
  for (const name of [...names.slice(round % names.length), ...names.slice(0, round % names.length)]) {
    times[name]?.push(await (variants[name] as () => Promise<number>)());
  }
}
server.close();

const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
console.log(`bench/pinned: ${REQUESTS} POSTs, ${IN_FLIGHT} in flight, ${ROUNDS} rounds, loopback`);
console.log('| variant | median | requests/s | ratio raw/variant (median, min–max of rounds) |');
console.log('| --- | ---: | ---: | ---: |');
for (const name of names) {
  const ms = times[name] ?? [];
  const ratios = ms.map((t, i) => (times.raw?.[i] ?? Number.NaN) / t);
  console.log(
    `| ${name} | ${median(ms).toFixed(0)} ms | ${Math.round(REQUESTS / (median(ms) / 1000))} | ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}) |`,
  );
}
