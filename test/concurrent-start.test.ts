/**
 * Regression: instances started at the same moment on a fresh PostgreSQL schema raced to create it
 * and to run the same migrations, and all but one failed to boot ("duplicate key value violates
 * unique constraint pg_type_typname_nsp_index"). They now take turns behind an advisory lock.
 */
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import stockbell from '../server/index.ts';
import { databases } from './support/databases.ts';
import { inventreeHost } from './support/memory-host.ts';

const postgresql = databases.find((db) => db.name === 'postgresql');

describe.skipIf(!postgresql)('instances starting at once on a fresh PostgreSQL schema', () => {
  it('all boot, and the migrations run once', async () => {
    const created = (postgresql as NonNullable<typeof postgresql>).create();
    const boot = async (): Promise<FastifyInstance> => {
      const app = Fastify();
      await app.register(websocket);
      await app.register(stockbell, {
        host: inventreeHost(),
        database: created.database,
        databaseSchema: created.databaseSchema as string,
        schedule: false,
        delivery: { worker: false },
      });
      await app.ready();
      return app;
    };
    const started = await Promise.allSettled([boot(), boot(), boot()]);
    try {
      expect(started.map((s) => (s.status === 'rejected' ? String(s.reason) : 'ready'))).toEqual(['ready', 'ready', 'ready']);
      const app = (started[0] as PromiseFulfilledResult<FastifyInstance>).value;
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: created.database });
      await client.connect();
      try {
        const runs = await client.query(`select name, count(*)::int as n from "${created.databaseSchema}".stockbell_migrations group by name`);
        expect(runs.rows.length).toBeGreaterThan(0);
        expect(runs.rows.every((row) => row.n === 1)).toBe(true);
      } finally {
        await client.end();
      }
      expect(app.stockbell.prefix).toBe('/plugins/stockbell');
    } finally {
      await Promise.all(started.flatMap((s) => (s.status === 'fulfilled' ? [s.value.close()] : [])));
      await created.cleanup();
    }
  });
});
