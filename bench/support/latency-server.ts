/**
 * The server process of the latency benchmark. The subscriber's socket lives in this process too,
 * so one performance.now() times the whole path: the host's call, the engine's transaction, the
 * hub, the socket write, the loopback and the client's frame parsing. The idle crowd is elsewhere.
 */
import WebSocket from 'ws';
import { serve } from './child.ts';
import { benchHost, type StockbellServer, startStockbell } from './stockbell-server.ts';

export const SUBSCRIBER = 'subscriber';

interface Samples {
  /** Call → the event promise resolved (host reads, recipients, the transaction). */
  committed: number[];
  /** Call → the `notification` frame parsed at the client. */
  arrived: number[];
}

let server: StockbellServer | null = null;
let socket: WebSocket | null = null;
/** The frames the current event should bring, and when each arrived. */
let expecting: { pending: Set<string>; at: Map<string, number>; resolve: (at: Map<string, number>) => void } | null = null;

serve(
  {
    async start({ idle, prefix }: { idle: number; prefix: string }) {
      const users = [SUBSCRIBER, ...Array.from({ length: idle }, (_, i) => `${prefix}${i}`)];
      server = await startStockbell(benchHost(users));
      const subscribed = await server.app.inject({
        method: 'PUT',
        url: `${server.app.stockbell.prefix}/subscriptions/category/1`,
        headers: { 'x-user': SUBSCRIBER },
      });
      if (subscribed.statusCode >= 300) throw new Error(`subscribe: HTTP ${subscribed.statusCode} ${subscribed.body}`);
      return { url: `ws://127.0.0.1:${server.port}${server.app.stockbell.prefix}/ws`, origin: server.origin };
    },
    connected: () => server?.connected() ?? 0,
    /** One round: `events` of each kind after `warmup` unrecorded ones (the subscriber connects once). */
    async measure({ events, warmup }: { events: number; warmup: number }) {
      if (!server) throw new Error('not started');
      if (!socket) await connectSubscriber(server);
      const send = await sample(events, warmup, () =>
        server!.app.stockbell.send({ to: { userId: SUBSCRIBER }, subject: 'Cycle count is due', body: 'Count aisle 4 before the end of the shift.', link: '/categories/2' }),
      );
      const stock = await sample(events, warmup, async () => server!.app.stockbell.events.stockChanged('1'), async () => {
        // Back above the minimum (commits the part's state, notifies nobody), then below it again.
        server!.host.setStock('1', 500);
        await server!.app.stockbell.events.stockChanged('1');
        server!.host.setStock('1', 10);
      });
      return { send, stock };
    },
  },
  async () => {
    socket?.close();
    await server?.close();
  },
);

async function connectSubscriber({ port, origin, app }: StockbellServer): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}${app.stockbell.prefix}/ws`, { headers: { origin, 'x-user': SUBSCRIBER }, perMessageDeflate: false });
  socket = ws;
  const greeted = frames('unread');
  ws.on('message', (data: Buffer) => {
    const at = performance.now();
    const { type } = JSON.parse(data.toString()) as { type: string };
    if (!expecting?.pending.delete(type)) return;
    expecting.at.set(type, at);
    if (expecting.pending.size === 0) expecting.resolve(expecting.at);
  });
  await greeted;
}

/** Resolves when one frame of each type has arrived (ws parses a whole TCP read in one go). */
function frames(...types: string[]): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${[...(expecting?.pending ?? [])].join(', ')} frame within 10 s`)), 10_000);
    expecting = {
      pending: new Set(types),
      at: new Map(),
      resolve: (at) => {
        clearTimeout(timer);
        expecting = null;
        resolve(at);
      },
    };
  });
}

async function sample(events: number, warmup: number, fire: () => Promise<{ notified: number }>, prepare?: () => Promise<void>): Promise<Samples> {
  const samples: Samples = { committed: [], arrived: [] };
  for (let i = 0; i < warmup + events; i++) {
    await prepare?.();
    // The unread count follows the notification: both land before the next event starts.
    const arrivals = frames('notification', 'unread');
    const started = performance.now();
    const outcome = await fire();
    const committed = performance.now() - started;
    const arrived = (await arrivals).get('notification')! - started;
    if (outcome.notified !== 1) throw new Error(`expected one recipient, got ${outcome.notified}`);
    if (i >= warmup) {
      samples.committed.push(committed);
      samples.arrived.push(arrived);
    }
  }
  return samples;
}
