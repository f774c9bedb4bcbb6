/**
 * A server process of the fan-out benchmark, one per variant (`stockbell` or `raw`, each on its own
 * port, both alive for the whole run so their runs can alternate). Started with --expose-gc so
 * both variants begin every run from a collected heap.
 *
 * `ws`'s WebSocket#send is wrapped to note when the first and the last `notification` frame of a
 * run were handed to a socket (both variants go through it), which splits Stockbell's push into
 * "before the first frame" and "writing frames".
 */
import { WebSocket } from 'ws';
import { monotonicMs, requireFdLimit, serve } from './child.ts';
import type { RawServer } from './raw-server.ts';
import type { StockbellServer } from './stockbell-server.ts';

const ROLE = 'floor';

const probe = { first: 0, last: 0, frames: 0 };
const send = WebSocket.prototype.send;
WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
  if (typeof data === 'string' && data.startsWith('{"type":"notification"')) {
    const now = monotonicMs();
    if (probe.frames++ === 0) probe.first = now;
    probe.last = now;
  }
  return (send as (...args: unknown[]) => void).call(this, data, ...rest);
} as typeof send;

const variant = process.argv[2];
if (variant !== 'stockbell' && variant !== 'raw') throw new Error('usage: fanout-server.ts stockbell|raw');

let stockbell: StockbellServer | null = null;
let raw: RawServer | null = null;
let template: Record<string, unknown> | null = null;
let nextRawId = 1;

serve(
  {
    async start({ users, prefix }: { users: number; prefix: string }) {
      requireFdLimit(users + 200);
      if (variant === 'raw') {
        // The raw process loads `ws` and nothing else.
        raw = await (await import('./raw-server.ts')).startRaw();
        return { url: `ws://127.0.0.1:${raw.port}/`, origin: `http://127.0.0.1:${raw.port}` };
      }
      const { benchHost, startStockbell } = await import('./stockbell-server.ts');
      stockbell = await startStockbell(benchHost(Array.from({ length: users }, (_, i) => `${prefix}${i}`), [ROLE]));
      return { url: `ws://127.0.0.1:${stockbell.port}${stockbell.app.stockbell.prefix}/ws`, origin: stockbell.origin };
    },
    connected: () => (stockbell ?? raw)?.connected() ?? 0,
    gc() {
      globalThis.gc?.();
      return null;
    },
    /** Stockbell: one message to every user of the role; replies when the event is committed. */
    async event({ run }: { run: number }) {
      if (!stockbell) throw new Error('not the stockbell server, or not started');
      resetProbe();
      const startedAt = monotonicMs();
      const outcome = await stockbell.app.stockbell.send({
        to: { role: ROLE },
        subject: `Cycle count ${run} is due for Passives`,
        body: 'Count the shelves in aisle 4 before the end of the shift and post the figures.',
        link: '/categories/2',
      });
      return { startedAt, committedAt: monotonicMs(), notified: outcome.notified };
    },
    /** Raw: a real frame as a browser got it from Stockbell; the baseline sends this shape. */
    useFrame({ frame }: { frame: string }) {
      template = (JSON.parse(frame) as { notification: Record<string, unknown> }).notification;
      return null;
    },
    /** Raw: the same frames, rendered per user from the captured one, then the unread counts. */
    broadcast() {
      if (!raw || !template) throw new Error('not the raw server, not started, or no frame captured yet');
      resetProbe();
      const startedAt = monotonicMs();
      const createdAt = new Date().toISOString();
      for (const socket of raw.byUser.values()) {
        socket.send(JSON.stringify({ type: 'notification', notification: { ...template, id: String(nextRawId++), createdAt } }));
      }
      for (const socket of raw.byUser.values()) socket.send(JSON.stringify({ type: 'unread', count: 1 }));
      return { startedAt };
    },
    sends: () => ({ ...probe }),
  },
  async () => {
    await stockbell?.close();
    await raw?.close();
  },
);

function resetProbe(): void {
  probe.first = 0;
  probe.last = 0;
  probe.frames = 0;
}
