/**
 * `GET {prefix}/openapi.json`: every route Stockbell registers is in it with its request and
 * response schemas and a Stockbell tag. The list of routes comes from the routes themselves (an
 * onRoute hook on the host), so a route added tomorrow is checked without touching this file.
 */
import fastifySwagger from '@fastify/swagger';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import stockbell from '../server/index.ts';
import { MemoryHost } from './support/memory-host.ts';
import pkg from '../package.json' with { type: 'json' };

/** Routes that are not API operations, each with the reason it is left out. */
const NOT_OPERATIONS: Record<string, string> = {
  '/ws': 'a WebSocket: @fastify/websocket hides every websocket route from OpenAPI; its frames are in the contract',
  '/assets/*': 'static files (@fastify/static)',
  '/openapi.json': 'the document itself',
};

interface Operation {
  tags?: string[];
  parameters?: { in: string; name: string; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Document = { openapi: string; info: { title: string; version: string }; tags: { name: string }[]; paths: Record<string, Record<string, Operation>> };

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A host with the routes Stockbell registers recorded as they are added. */
async function hostWithRoutes(prefix: string, setup: (app: FastifyInstance) => Promise<void> = async () => {}) {
  app = Fastify();
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith(`${prefix}/`) && route.method !== 'HEAD') routes.push(route);
  });
  await setup(app);
  await app.register(websocket);
  await app.register(stockbell, { host: new MemoryHost(), database: ':memory:', schedule: false, prefix });
  await app.ready();
  return { app, routes };
}

/** The schema of the first media type (JSON for most routes; a form or HTML where a route says so). */
const schemaIn = (content: Record<string, { schema: object }> | undefined) => Object.values(content ?? {})[0]?.schema;

/** `/notifications/:id/read` → `/notifications/{id}/read`. */
const openApiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

describe('OpenAPI', () => {
  it('lists every route the plugin registers, with its request and response schemas and a Stockbell tag', async () => {
    const prefix = '/plugins/stockbell';
    const { app, routes } = await hostWithRoutes(prefix);
    const response = await app.inject({ url: `${prefix}/openapi.json` });
    expect(response.statusCode).toBe(200);
    const doc = response.json() as Document;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: 'Stockbell', version: pkg.version });
    const tagNames = doc.tags.map((tag) => tag.name);

    const operations = routes.filter((route) => !(route.url.slice(prefix.length) in NOT_OPERATIONS));
    expect(operations.length).toBeGreaterThan(20);
    for (const route of operations) {
      const methods = ([] as string[]).concat(route.method);
      for (const method of methods) {
        const name = `${method} ${route.url}`;
        const operation = doc.paths[openApiPath(route.url)]?.[method.toLowerCase()];
        expect(operation, `${name} is in openapi.json`).toBeDefined();
        if (!operation) continue;
        expect(operation.tags?.length, `${name} has a tag`).toBe(1);
        expect(tagNames, `${name}'s tag is declared`).toContain(operation.tags?.[0]);
        expect(operation.tags?.[0], name).toMatch(/^Stockbell/);

        const schema = (route.schema ?? {}) as { params?: object; querystring?: object; body?: object; response?: Record<string, object> };
        if (schema.params) expect(operation.parameters?.some((p) => p.in === 'path'), `${name} path parameters`).toBe(true);
        if (schema.querystring) expect(operation.parameters?.some((p) => p.in === 'query'), `${name} query parameters`).toBe(true);
        if (schema.body) expect(schemaIn(operation.requestBody?.content), `${name} body`).toBeDefined();
        const codes = Object.keys(schema.response ?? {});
        expect(codes.filter((code) => code.startsWith('2')), `${name} declares a success response`).not.toEqual([]);
        for (const code of codes) {
          expect(operation.responses[code], `${name} response ${code}`).toBeDefined();
          if (code !== '204') expect(schemaIn(operation.responses[code]?.content), `${name} ${code} schema`).toBeDefined();
        }
      }
    }
    // Nothing in the document that the plugin did not register, and no tag without operations.
    const registered = new Set(operations.map((route) => openApiPath(route.url)));
    expect(Object.keys(doc.paths).filter((path) => !registered.has(path))).toEqual([]);
    const used = new Set(Object.values(doc.paths).flatMap((ops) => Object.values(ops).flatMap((op) => op.tags ?? [])));
    expect(tagNames.filter((tag) => !used.has(tag))).toEqual([]);
  });

  it('names the request fields the routes check: a body, a query string and path parameters', async () => {
    const { app } = await hostWithRoutes('/notify');
    const doc = (await app.inject({ url: '/notify/openapi.json' })).json() as Document;
    const send = doc.paths['/notify/admin/send']?.post;
    expect(JSON.stringify(send?.requestBody)).toContain('"subject"');
    expect(doc.paths['/notify/notifications']?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['state', 'limit', 'cursor']));
    expect(doc.paths['/notify/notifications/{id}/read']?.post?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id']);
    expect(Object.keys(doc.paths['/notify/notifications/unread-count']?.get?.responses ?? {})).toContain('200');
  });

  it("leaves the host's own @fastify/swagger in charge of its document, with Stockbell's routes grouped under their tags", async () => {
    const { app } = await hostWithRoutes('/plugins/stockbell', async (host) => {
      await host.register(fastifySwagger, { openapi: { info: { title: 'Inventory', version: '2.0.0' } } });
      host.get('/parts/:id', { schema: { tags: ['Parts'], response: { 200: { type: 'object' } } } }, async () => ({}));
    });
    const hostDoc = app.swagger() as unknown as Document;
    expect(hostDoc.info.title).toBe('Inventory');
    expect(hostDoc.paths['/parts/{id}']).toBeDefined();
    expect(hostDoc.paths['/plugins/stockbell/notifications']?.get?.tags).toEqual(['Stockbell notifications']);
    expect(hostDoc.paths['/plugins/stockbell/admin/settings']?.patch?.tags).toEqual(['Stockbell admin']);

    const ours = (await app.inject({ url: '/plugins/stockbell/openapi.json' })).json() as Document;
    expect(ours.info.title).toBe('Stockbell');
    expect(ours.paths['/parts/{id}']).toBeUndefined();
  });
});
