/**
 * The demo's stylesheet (Stockbell serves its own widget assets under its prefix).
 */
import { readFileSync } from 'node:fs';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { DEMO_CSS } from '../views/layout.ts';

const CSS_FILE = new URL('../views/demo.css', import.meta.url);

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const css = readFileSync(CSS_FILE, 'utf8');
  app.get(DEMO_CSS, { schema: { response: { 200: Type.String({ contentMediaType: 'text/css' }) } } }, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=300').send(css),
  );
};
