/**
 * A separate process running Stockbell with its delivery worker against a SQLite file, for the
 * crash test: `node test/support/delivery-child.ts <database file>`. The parent kills it with
 * SIGKILL in the middle of sending, starts it again, and ends it with SIGTERM (a clean close).
 */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import stockbell from '../../server/index.ts';
import { crashHost } from './crash-host.ts';

const [database] = process.argv.slice(2);
if (!database) throw new Error('usage: delivery-child.ts <database file>');

const app = Fastify({ logger: { level: 'warn' } });
await app.register(websocket);
await app.register(stockbell, {
  host: crashHost(),
  database,
  schedule: false,
  endpointAllowList: ['127.0.0.1'],
  delivery: { worker: true, pollMs: 50, leaseMs: 1_500, timeoutMs: 1_000, concurrency: 8 },
});
// Listening is what keeps a host process alive: Stockbell's own timers are unref'd.
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
