/**
 * `GET {prefix}/assets/*`: the widget bundle, its lazily loaded chunks, the stylesheet and their
 * source maps, served by @fastify/static from the package's dist/client (built by vite), so a host
 * page needs only a <script> and a <link>. Registered inside the plugin's own context, without
 * `reply.sendFile`, so a host's own @fastify/static is neither shadowed nor refused.
 *
 * Caching: chunks named by content hash are cached for a year as immutable. The entry files
 * (stockbell.js, stockbell.css) keep their names across releases, so browsers revalidate them every
 * time (`no-cache`) against an ETag made from their content. Not send's default ETag, made from
 * size and mtime: npm gives every file in a package the same mtime (1985-10-26), and the entry,
 * which only names hashed chunks, has the same size from one release to the next — the old ETag
 * would match and browsers would keep loading chunks that are gone.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PUBLIC } from './guard.ts';
import { packageInfo } from './package-root.ts';

/** Chunks (and their maps) the bundler names by content hash: a new build means a new name. */
const HASHED = /-[A-Za-z0-9_-]{8}\.js(\.map)?$/;
/** dist/client is flat: anything else is not one of its files (and is left to @fastify/static's 404). */
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The built widgets: dist/client under the package root, installed or in a checkout. */
export function clientDir(): string {
  return join(packageInfo().root, 'dist', 'client');
}

/** Content ETags, recomputed when a file's mtime or size changes (a rebuild during development). */
function contentTags(root: string) {
  const tags = new Map<string, { version: string; etag: string }>();
  return async (file: string): Promise<string | null> => {
    const path = join(root, file);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const version = `${info.mtimeMs}:${info.size}`;
    const known = tags.get(file);
    if (known?.version === version) return known.etag;
    const etag = `"${createHash('sha256').update(await readFile(path)).digest('base64url').slice(0, 27)}"`;
    tags.set(file, { version, etag });
    return etag;
  };
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  return ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag) ?? false;
}

export async function assetRoutes(app: FastifyInstance, options: { root?: string }): Promise<void> {
  const root = options.root ?? clientDir();
  const etagOf = contentTags(root);

  // Anyone may load the widgets: @fastify/static takes no route config, so it is set as its routes are added.
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config as object | undefined), ...PUBLIC };
  });

  // Caching headers and the 304 are ours; @fastify/static serves the bytes.
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const file = (request.params as { '*'?: string })['*'] ?? '';
    if (!FILE_NAME.test(file)) return;
    const etag = await etagOf(file);
    if (!etag) return;
    reply.header('etag', etag).header('cache-control', HASHED.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (matches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  });

  await app.register(fastifyStatic, {
    root,
    prefix: '/assets/',
    decorateReply: false,
    index: false,
    // Both would be made from mtime and size (see above): the hook's content ETag replaces them.
    etag: false,
    lastModified: false,
    cacheControl: false,
    setHeaders(reply, path) {
      // RFC 9239: text/javascript (send's table still says application/javascript).
      if (path.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
    },
  });
}
