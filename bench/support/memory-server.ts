/**
 * The server process of the memory benchmark, one per variant, started with --expose-gc. Its
 * clients live in another process, so every byte it reports is the server's.
 *
 *   stockbell           Stockbell as a host runs it (stockbell-server.ts)
 *   stockbell-released  the same, each socket's upgrade request and response let go once it is
 *                       open (release-upgrade.ts): what Stockbell would cost with that workaround
 *   fastify             Fastify + @fastify/websocket, a route that keeps the socket by user
 *   fastify-released    the same route letting the upgrade go
 *   raw                 a plain `ws` server, the baseline
 */
import { releaseUpgrade } from './release-upgrade.ts';
import { requireFdLimit, serve } from './child.ts';
import { sleep } from './run.ts';

const MEMORY_VARIANTS = ['stockbell', 'stockbell-released', 'fastify', 'fastify-released', 'raw'] as const;
export type MemoryVariant = (typeof MEMORY_VARIANTS)[number];

const variant = process.argv[2] as MemoryVariant;
if (!MEMORY_VARIANTS.includes(variant)) throw new Error(`usage: memory-server.ts ${MEMORY_VARIANTS.join('|')}`);
if (typeof globalThis.gc !== 'function') throw new Error('memory-server.ts needs node --expose-gc');
const gc = globalThis.gc;

let server: { connected(): number; close(): Promise<void> } | null = null;

serve(
  {
    async start({ users, prefixes }: { users: number; prefixes: string[] }) {
      requireFdLimit(users * prefixes.length + 200);
      // Each variant loads only its own code: the raw server's heap holds `ws` and nothing else.
      if (variant === 'raw' || variant === 'fastify' || variant === 'fastify-released') {
        const plain = variant === 'raw' ? await (await import('./raw-server.ts')).startRaw() : await (await import('./fastify-server.ts')).startFastifyWs(variant === 'fastify-released');
        server = plain;
        return { url: `ws://127.0.0.1:${plain.port}${variant === 'raw' ? '/' : '/ws'}`, origin: `http://127.0.0.1:${plain.port}` };
      }
      const ids = prefixes.flatMap((prefix) => Array.from({ length: users }, (_, i) => `${prefix}${i}`));
      const { benchHost, startStockbell } = await import('./stockbell-server.ts');
      const stockbell = await startStockbell(benchHost(ids));
      // @fastify/websocket adds its error listener after emitting `connection`: release on the next turn.
      if (variant === 'stockbell-released') stockbell.app.websocketServer.on('connection', (socket) => setImmediate(() => releaseUpgrade(socket)));
      server = stockbell;
      return { url: `ws://127.0.0.1:${stockbell.port}${stockbell.app.stockbell.prefix}/ws`, origin: stockbell.origin };
    },
    connected: () => server?.connected() ?? 0,
    /** Memory after a full collection (several passes, with turns of the loop for finalisers between). */
    async reading() {
      for (let i = 0; i < 4; i++) {
        gc();
        await sleep(50);
      }
      const { heapUsed, heapTotal, external, arrayBuffers, rss } = process.memoryUsage();
      return { heapUsed, heapTotal, external, arrayBuffers, rss };
    },
  },
  async () => {
    await server?.close();
  },
);
