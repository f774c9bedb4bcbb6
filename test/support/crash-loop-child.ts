/**
 * A Stockbell process for the crash loop: `node test/support/crash-loop-child.ts <database> <events>`.
 * It raises events `evt-0` … `evt-<n-1>` (each a message to the crash host's 1,000 users; the key
 * makes a repeat after a restart a no-op, as a host that retries would) while its worker delivers.
 * Prints `raised <i>` after each commit and `ready` once listening. The parent SIGKILLs it at random
 * moments, and ends the last one with SIGTERM.
 */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import stockbell from '../../server/index.ts';
import { CRASH_ROLE, crashHost } from './crash-host.ts';

const [database, count] = process.argv.slice(2);
if (!database || !count) throw new Error('usage: crash-loop-child.ts <database file> <events>');

const app = Fastify({ logger: { level: 'warn' } });
await app.register(websocket);
await app.register(stockbell, {
  host: crashHost(),
  database,
  schedule: false,
  rateLimit: false,
  endpointAllowList: ['127.0.0.1'],
  delivery: { worker: true, pollMs: 50, leaseMs: 1_500, timeoutMs: 1_000, concurrency: 8 },
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write('ready\n');
process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
for (let i = 0; i < Number(count); i++) {
  await app.stockbell.send({ to: { role: CRASH_ROLE }, subject: `Stocktake ${i}`, key: `evt-${i}` });
  process.stdout.write(`raised ${i}\n`);
}
