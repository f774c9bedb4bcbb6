/**
 * The server process of the memory benchmark, one per variant (`stockbell`, `fastify` or `raw`),
 * started with --expose-gc. Its clients live in another process, so every byte it reports is the
 * server's.
 */
import { requireFdLimit, serve, sleep } from './child.ts';

const variant = process.argv[2];
if (variant !== 'stockbell' && variant !== 'fastify' && variant !== 'raw') throw new Error('usage: memory-server.ts stockbell|fastify|raw');
if (typeof globalThis.gc !== 'function') throw new Error('memory-server.ts needs node --expose-gc');
const gc = globalThis.gc;

let server: { connected(): number; close(): Promise<void> } | null = null;

serve(
  {
    async start({ users, prefixes }: { users: number; prefixes: string[] }) {
      requireFdLimit(users * prefixes.length + 200);
      // Each variant loads only its own code: the raw server's heap holds `ws` and nothing else.
      if (variant !== 'stockbell') {
        const plain = variant === 'raw' ? await (await import('./raw-server.ts')).startRaw() : await (await import('./fastify-server.ts')).startFastifyWs();
        server = plain;
        return { url: `ws://127.0.0.1:${plain.port}${variant === 'raw' ? '/' : '/ws'}`, origin: `http://127.0.0.1:${plain.port}` };
      }
      const ids = prefixes.flatMap((prefix) => Array.from({ length: users }, (_, i) => `${prefix}${i}`));
      const { benchHost, startStockbell } = await import('./stockbell-server.ts');
      const stockbell = await startStockbell(benchHost(ids));
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
