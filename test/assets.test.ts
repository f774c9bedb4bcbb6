/**
 * The widget files under `{prefix}/assets/`, served by @fastify/static inside the plugin: the built
 * bundle with its types, hashed chunks cached for a year as immutable, entry files revalidated
 * against a content ETag, and nothing outside dist/client.
 */
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { assetRoutes, clientDir } from '../server/http/assets.ts';
import stockbell from '../server/index.ts';
import { startApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';
import { MemoryHost } from './support/memory-host.ts';

const ASSETS = '/plugins/stockbell/assets';

describe('widget assets', () => {
  it('serves the built bundle with an ETag, and nothing outside dist/client', async () => {
    const t = await startApp(sqlite);
    try {
      const js = await t.app.inject({ url: `${ASSETS}/stockbell.js` });
      expect(js.statusCode).toBe(200);
      expect(js.headers['content-type']).toContain('text/javascript');
      const again = await t.app.inject({ url: `${ASSETS}/stockbell.js`, headers: { 'if-none-match': String(js.headers.etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
      expect((await t.app.inject({ url: `${ASSETS}/stockbell.css` })).headers['content-type']).toContain('text/css');
      for (const outside of ['..%2Fserver%2Findex.js', '..%2F..%2Fpackage.json', '%2e%2e/package.json']) {
        const response = await t.app.inject({ url: `${ASSETS}/${outside}` });
        expect(response.statusCode, outside).toBe(404);
      }
      expect((await t.app.inject({ url: `${ASSETS}/missing.js` })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });

  it('caches hashed chunks for a year as immutable and makes browsers revalidate the entry files', async () => {
    const t = await startApp(sqlite);
    try {
      const chunk = readdirSync(clientDir()).find((file) => /^inbox-[\w-]{8}\.js$/.test(file));
      expect(chunk, 'an inbox chunk in dist/client (npm run build)').toBeDefined();
      const hashed = await t.app.inject({ url: `${ASSETS}/${chunk}` });
      expect(hashed.statusCode).toBe(200);
      expect(hashed.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      for (const entry of ['stockbell.js', 'stockbell.css']) {
        const response = await t.app.inject({ url: `${ASSETS}/${entry}` });
        expect(response.headers['cache-control'], entry).toBe('no-cache');
        expect(response.headers.etag, entry).toMatch(/^"[\w-]{27}"$/);
        const revalidated = await t.app.inject({ url: `${ASSETS}/${entry}`, headers: { 'if-none-match': String(response.headers.etag) } });
        expect(revalidated.statusCode, entry).toBe(304);
        expect(revalidated.headers['cache-control'], entry).toBe('no-cache');
      }
    } finally {
      await t.close();
    }
  });

  it('an upgraded entry file of the same size and mtime gets a new ETag (npm packs every file with one mtime)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'stockbell-assets-'));
    const npmTime = new Date('1985-10-26T08:15:00Z');
    const serve = async () => {
      const app = Fastify();
      await app.register(assetRoutes, { root });
      return app;
    };
    try {
      writeFileSync(join(root, 'stockbell.js'), 'import "./stockbell-runtime-AAAAAAAA.js";');
      utimesSync(join(root, 'stockbell.js'), npmTime, npmTime);
      const before = await serve();
      const old = await before.inject({ url: '/assets/stockbell.js' });
      await before.close();

      // The next release: same name, same length, same mtime, another chunk.
      writeFileSync(join(root, 'stockbell.js'), 'import "./stockbell-runtime-BBBBBBBB.js";');
      utimesSync(join(root, 'stockbell.js'), npmTime, npmTime);
      const after = await serve();
      const fresh = await after.inject({ url: '/assets/stockbell.js', headers: { 'if-none-match': String(old.headers.etag) } });
      await after.close();
      expect(fresh.statusCode).toBe(200);
      expect(fresh.body).toContain('BBBBBBBB');
      expect(fresh.headers.etag).not.toBe(old.headers.etag);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("leaves a host's own @fastify/static and reply.sendFile working beside it", async () => {
    const root = mkdtempSync(join(tmpdir(), 'stockbell-host-static-'));
    const app = Fastify();
    try {
      writeFileSync(join(root, 'host.txt'), 'the host’s file');
      await app.register(fastifyStatic, { root, prefix: '/public/' });
      app.get('/download', (_request, reply) => reply.sendFile('host.txt'));
      await app.register(websocket);
      await app.register(stockbell, { host: new MemoryHost(), database: ':memory:', schedule: false });
      expect((await app.inject({ url: '/public/host.txt' })).body).toBe('the host’s file');
      expect((await app.inject({ url: '/download' })).body).toBe('the host’s file');
      expect((await app.inject({ url: `${ASSETS}/stockbell.js` })).statusCode).toBe(200);
    } finally {
      await app.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
