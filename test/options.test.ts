/** Bad options fail at registration with a coded error naming the option — never on a request. */
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import stockbell from '../server/index.ts';
import { databases } from './support/databases.ts';
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
    [{ host: Object.assign(new MemoryHost(), { listRoles: ['admin'] }), database: ':memory:' }, 'host'],
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

describe('plugin options a host developer gets wrong', () => {
  it('names a misspelled option and the one it probably meant, and creates no database', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-options-'));
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      await expect(register({ host: new MemoryHost(), databse: './x.sqlite' })).rejects.toMatchObject({
        code: 'STOCKBELL_ERR_OPTION',
        message: 'stockbell: option "databse" is not an option of Stockbell; did you mean "database"?',
      });
      await expect(register({ host: new MemoryHost(), database: ':memory:', delivery: { leaseMS: 5 } })).rejects.toThrow(
        'option "delivery.leaseMS" is not an option of Stockbell; did you mean "delivery.leaseMs"?',
      );
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      process.chdir(cwd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names an optional adapter method that is not a function, and takes a host without it', async () => {
    await expect(register({ host: Object.assign(new MemoryHost(), { listRoles: ['admin'] }), database: ':memory:' })).rejects.toThrow(
      'option "host" must be an object with listRoles(): pass your InventoryHost adapter',
    );
    await expect(register({ host: new MemoryHost(), database: ':memory:' })).resolves.toBeUndefined();
  });

  it('says how long a host token must be', async () => {
    await expect(register({ host: new MemoryHost(), database: ':memory:', hostToken: 'short' })).rejects.toThrow(
      'option "hostToken" must not have fewer than 16 characters',
    );
  });

  it('creates the folder of a SQLite file that does not exist yet', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-options-'));
    try {
      await register({ host: new MemoryHost(), database: join(dir, 'data', 'nested', 'stockbell.sqlite') });
      expect(existsSync(join(dir, 'data', 'nested', 'stockbell.sqlite'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a coded error naming database and the folder when it cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-options-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      await expect(register({ host: new MemoryHost(), database: join(dir, 'file', 'stockbell.sqlite') })).rejects.toMatchObject({
        code: 'STOCKBELL_ERR_OPTION',
        message: expect.stringMatching(/option "database" names a SQLite file in .*file, which could not be created \((EEXIST|ENOTDIR)\)/),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each(databases)('with migrate: false on $name, fails boot naming the option and the missing migrations, and boots once they have run', async (db) => {
    const created = db.create();
    const { cleanup, ...where } = created;
    const options = { host: new MemoryHost(), ...where, schedule: false, delivery: { worker: false } };
    try {
      await expect(register({ ...options, migrate: false })).rejects.toMatchObject({
        code: 'STOCKBELL_ERR_OPTION',
        message: expect.stringMatching(/^stockbell: option "migrate" is false, but the database lacks \d+ of Stockbell's migrations \(Migration\d+_initial, /),
      });
      await register({ ...options, migrate: true }); // the release step of docs/integration.md
      await expect(register({ ...options, migrate: false })).resolves.toBeUndefined();
    } finally {
      await cleanup();
    }
  });

  it('takes allowedOrigins as the initial value of the setting', async () => {
    const host = new MemoryHost();
    host.addUser('ann', { isAdmin: true });
    const app = Fastify();
    await app.register(websocket);
    await app.register(stockbell, { host, database: ':memory:', allowedOrigins: ['https://inventory.example.com'] });
    await app.ready();
    try {
      const settings = await app.inject({ url: '/plugins/stockbell/admin/settings', headers: { 'x-user': 'ann' } });
      expect(settings.json().allowedOrigins).toEqual(['https://inventory.example.com']);
    } finally {
      await app.close();
    }
  });
});
