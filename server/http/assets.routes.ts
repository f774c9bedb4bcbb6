/**
 * `GET {prefix}/assets/{file}`: the widget bundle and stylesheet, so a host page needs only a
 * <script> and a <link>. Served from the package's built dist/client (vite), with an ETag.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { NotFoundError } from '../errors.ts';
import { PUBLIC } from './guard.ts';

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  map: 'application/json; charset=utf-8',
};
/** A plain file name (no path: nothing outside dist/client can be named). */
const FILE = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}\\.(js|css|map)$';
/** Chunks the bundler names by content hash never change: cache them for a year. */
const HASHED = /-[A-Za-z0-9_-]{8}\.js(\.map)?$/;

/** dist/client beside dist/server when installed; <repo>/dist/client when run from source. */
export function clientDir(): string {
  const built = fileURLToPath(new URL('../../client/', import.meta.url));
  return existsSync(`${built}stockbell.js`) ? built : fileURLToPath(new URL('../../dist/client/', import.meta.url));
}

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const dir = clientDir();
  const cache = new Map<string, { body: Buffer; etag: string }>();
  app.get('/assets/:file', {
    config: PUBLIC,
    schema: { params: Type.Object({ file: Type.String({ pattern: FILE }) }), hide: true } as never,
  }, async (request, reply) => {
    const { file } = request.params as { file: string };
    let asset = cache.get(file);
    if (!asset) {
      const body = await readFile(`${dir}${file}`).catch(() => null);
      if (!body) throw new NotFoundError(`asset ${file} (run "npm run build")`);
      asset = { body, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
      cache.set(file, asset);
    }
    const extension = file.slice(file.lastIndexOf('.') + 1);
    reply
      .header('content-type', TYPES[extension] ?? 'application/octet-stream')
      .header('etag', asset.etag)
      .header('cache-control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.send(asset.body);
  });
};
