/**
 * The demo's stylesheet and its one script (Stockbell serves its own widget assets under its prefix).
 */
import { readFileSync } from 'node:fs';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { DEMO_CSS } from '../views/layout.ts';
import { NOTIFICATION_PAGES_JS } from '../views/plugin-pages.ts';

const CSS_FILE = new URL('../views/demo.css', import.meta.url);
const JS_FILE = new URL('../views/notification-pages.js', import.meta.url);

export const assetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const files: [string, URL, string][] = [
    [DEMO_CSS, CSS_FILE, 'text/css'],
    [NOTIFICATION_PAGES_JS, JS_FILE, 'text/javascript'],
  ];
  for (const [path, file, type] of files) {
    const body = readFileSync(file, 'utf8');
    app.get(path, { schema: { response: { 200: Type.String({ contentMediaType: type }) } } }, async (_request, reply) =>
      reply.type(`${type}; charset=utf-8`).header('cache-control', 'public, max-age=300').send(body),
    );
  }
};
