/**
 * One Stockbell instance in a process of its own, for the multi-instance tests (test/instances-*.ts):
 * a host app with the plugin on the test's PostgreSQL schema, listening on an ephemeral loopback
 * port, the in-memory host (users named by the `x-user` header) and an injected clock. The parent
 * (test/support/instances.ts) drives it over IPC; HTTP and WebSocket traffic goes to its port.
 *
 *   node test/support/instance.ts        then IPC: start, clock, setStock, send, runOnce, …, exit
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { runScheduledRetention } from '../../server/delivery/retention.ts';
import { PAGE_ORIGIN } from './instances.ts';
import stockbell, { type SendInput, type StockbellOptions } from '../../server/index.ts';
import { contextOf } from '../../server/internals.ts';
import { testClock } from './clock.ts';
import { inventreeHost, type MemoryHost } from './memory-host.ts';

export interface InstanceUser {
  id: string;
  roles?: string[];
  email?: string | null;
  isAdmin?: boolean;
}

export interface StartArgs {
  database: string;
  schema: string;
  /** Every instance gets the same users: they stand for one host's shared user table. */
  users: InstanceUser[];
  clock: string;
  /** JSON-able plugin options (delivery, smtp as options, endpointAllowList, live.heartbeatMs…). */
  options?: Partial<StockbellOptions>;
}

export type Command =
  | 'start'
  | 'clock'
  | 'setStock'
  | 'send'
  | 'stockChanged'
  | 'runOnce'
  | 'runDigests'
  | 'scheduledRetention';

let app: FastifyInstance | null = null;
let host: MemoryHost | null = null;
const clock = testClock();

const started = () => {
  if (!app) throw new Error('not started');
  return app;
};

const handlers: Record<Command, (args: any) => unknown> = {
  async start(args: StartArgs) {
    clock.set(args.clock);
    host = inventreeHost();
    for (const user of args.users) {
      host.addUser(user.id, { roles: user.roles ?? [], isAdmin: user.isAdmin ?? false, ...(user.email === undefined ? {} : { email: user.email }) });
    }
    app = Fastify({ logger: { level: 'warn' } });
    await app.register(websocket);
    await app.register(stockbell, {
      host,
      clock,
      schedule: false,
      hostToken: 'test-host-token-0123456789',
      // The instances stand for one host behind a load balancer: its pages have one origin.
      allowedOrigins: [PAGE_ORIGIN],
      ...args.options,
      database: args.database,
      databaseSchema: args.schema,
    });
    const origin = await app.listen({ port: 0, host: '127.0.0.1' });
    return { origin, pid: process.pid };
  },
  clock: ({ set }: { set: string }) => void clock.set(set),
  /** The host's stock (and minimum) of a part; every instance is told, as they share one host. */
  setStock({ partId, stock, minimumStock }: { partId: string; stock: number; minimumStock?: number }) {
    const part = host?.parts.get(partId);
    if (!part) throw new Error(`no part ${partId}`);
    if (minimumStock !== undefined) part.minimumStock = minimumStock;
    part.ownStock = stock;
  },
  send: (input: SendInput) => started().stockbell.send(input),
  stockChanged: ({ partId, key }: { partId: string; key?: string }) => started().stockbell.events.stockChanged(partId, key === undefined ? {} : { key }),
  runOnce: () => started().stockbell.delivery.runOnce(),
  runDigests: () => started().stockbell.delivery.runDigests(),
  /** What the daily timer runs: retention, unless another instance has taken today's run. */
  scheduledRetention: () => runScheduledRetention(contextOf(started())),
};

interface Request {
  id: number;
  cmd: Command | 'exit';
  args: unknown;
}

const reply = (message: { id: number; ok: boolean; result?: unknown; error?: string }) => process.send?.(message);

process.on('message', async ({ id, cmd, args }: Request) => {
  if (cmd === 'exit') {
    await app?.close().catch((error) => console.error(error));
    reply({ id, ok: true });
    process.exit(0);
  }
  try {
    reply({ id, ok: true, result: await handlers[cmd](args) });
  } catch (error) {
    reply({ id, ok: false, error: (error as Error).stack ?? String(error) });
  }
});
// The test went away (a crash, Ctrl-C): do not linger.
process.on('disconnect', () => process.exit(0));
