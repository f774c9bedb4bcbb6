/**
 * One Stockbell instance of bench/instances, in its own process: Fastify, the host's
 * @fastify/websocket and the plugin on the bench's PostgreSQL, listening on a loopback port, the
 * in-memory host (`x-user`), the delivery worker off. Its live signals go through PostgreSQL
 * (LISTEN/NOTIFY, the default there) or, for the baseline, stay in the process.
 *
 * Commands: `start`; `send` (one message; replies with the CLOCK_MONOTONIC time just before the
 * call, so the parent can time the push to a socket elsewhere); `fanout` (`events` messages to a
 * role, `inFlight` at a time; replies with when the first started and the last committed).
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { SendInput } from '../../server/index.ts';
import { MemoryHost } from '../../test/support/memory-host.ts';
import { BENCH_ORIGIN, BENCH_PUBLIC_URL, stockbellApp } from './app.ts';
import { monotonicMs, serve } from './child.ts';
import { InProcessBroadcaster } from './internals.ts';

export interface InstanceArgs {
  url: string;
  schema: string;
  broadcaster: 'postgres' | 'in-process';
  /** Users `${prefix}0`… with these roles; `email: false` plans no email for them. */
  users: { prefix: string; count: number; roles: string[]; email: boolean }[];
}

let app: FastifyInstance | null = null;

serve(
  {
    async start(args: InstanceArgs) {
      const host = new MemoryHost();
      for (const group of args.users) {
        for (let i = 0; i < group.count; i++) host.addUser(`${group.prefix}${i}`, { roles: group.roles, ...(group.email ? {} : { email: null }) });
      }
      app = await stockbellApp({
        host,
        database: args.url,
        databaseSchema: args.schema,
        publicUrl: BENCH_PUBLIC_URL,
        live: { heartbeatMs: 3_600_000, ...(args.broadcaster === 'in-process' ? { broadcaster: new InProcessBroadcaster() } : {}) },
      });
      await app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = app.server.address() as AddressInfo;
      return { ws: `ws://127.0.0.1:${port}${app.stockbell.prefix}/ws`, origin: BENCH_ORIGIN };
    },
    async send(input: SendInput) {
      if (!app) throw new Error('not started');
      const startedAt = monotonicMs();
      const { notified } = await app.stockbell.send(input);
      return { startedAt, notified };
    },
    async fanout({ events, inFlight, role, tag }: { events: number; inFlight: number; role: string; tag: string }) {
      if (!app) throw new Error('not started');
      const service = app.stockbell;
      let next = 0;
      let notified = 0;
      const startedAt = monotonicMs();
      await Promise.all(Array.from({ length: inFlight }, async () => {
        while (next < events) {
          const n = next++;
          const outcome = await service.send({ to: { role }, subject: `Cycle count ${tag}.${n} is due`, body: 'Count aisle 4 before the end of the shift.' });
          notified += outcome.notified;
        }
      }));
      return { startedAt, endedAt: monotonicMs(), notified };
    },
  },
  async () => {
    await app?.close();
  },
);
