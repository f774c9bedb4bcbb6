/** Bad options fail at registration with a coded error naming the option — never on a request. */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import stockbell from '../server/index.ts';
import { MemoryHost } from './support/memory-host.ts';

async function register(options: Record<string, unknown>) {
  const app = Fastify();
  try {
    await app.register(websocket);
    await app.register(stockbell, options as never);
    await app.ready();
  } finally {
    await app.close();
  }
}

describe('plugin options', () => {
  it.each([
    [{}, 'host'],
    [{ host: { getParts() {} } }, 'host'],
    [{ host: new MemoryHost(), database: '' }, 'database'],
    [{ host: new MemoryHost(), database: ':memory:', databaseSchema: 'x' }, 'databaseSchema'],
    [{ host: new MemoryHost(), database: 'postgres://localhost/x', databaseSchema: 'bad schema' }, 'databaseSchema'],
    [{ host: new MemoryHost(), database: ':memory:', prefix: 'plugins' }, 'prefix'],
    [{ host: new MemoryHost(), database: ':memory:', hostToken: 'short' }, 'hostToken'],
    [{ host: new MemoryHost(), database: ':memory:', retentionDays: -1 }, 'retentionDays'],
    [{ host: new MemoryHost(), database: ':memory:', clock: {} }, 'clock'],
  ])('rejects %o naming "%s"', async (options, name) => {
    await expect(register(options)).rejects.toMatchObject({
      code: 'STOCKBELL_ERR_OPTION',
      message: expect.stringContaining(`option "${name}"`),
    });
  });

  it('names the missing @fastify/websocket registration at boot', async () => {
    const app = Fastify();
    await expect(app.register(stockbell, { host: new MemoryHost(), database: ':memory:' }).ready()).rejects.toThrow(/@fastify\/websocket/);
    await app.close();
  });

  it('boots with defaults on an in-memory SQLite database and leaves nothing running after close', async () => {
    const app = Fastify();
    await app.register(websocket);
    await app.register(stockbell, { host: new MemoryHost(), database: ':memory:', prefix: '/notify' });
    await app.ready();
    expect(app.stockbell.prefix).toBe('/notify');
    expect((await app.inject({ url: '/notify/notifications' })).statusCode).toBe(401);
    await app.close();
  });
});
