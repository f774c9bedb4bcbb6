/**
 * The demo's server-rendered pages. Every page but /login needs a signed-in user (else a redirect to
 * /login); build order pages need a role that may view them (else a 403 page); admin needs an admin.
 */
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, NotFound, SignInRequired } from '../errors.ts';
import { mayView } from '../permissions.ts';
import { buildById, buildsForPart, effectiveBom, listBuilds } from '../store/builds.ts';
import { categoryPath, categoryTree, childCategories, countCategories } from '../store/categories.ts';
import { assemblies, countParts, lowStockParts, partById, partsByIds, partsInCategory, variantsOf } from '../store/parts.ts';
import { allUsers, type DemoUser } from '../store/users.ts';
import { buildPage, buildsPage } from '../views/builds.ts';
import { categoryPage } from '../views/category.ts';
import { homePage } from '../views/home.ts';
import type { SafeHtml } from '../views/html.ts';
import type { ViewContext } from '../views/layout.ts';
import { loginPage } from '../views/login.ts';
import { partPage } from '../views/part.ts';
import { adminPage, historyPage, inboxPage, settingsPage, snoozedPage } from '../views/plugin-pages.ts';
import type { RouteContext } from './context.ts';
import { safeNext } from './form-body.ts';
import { htmlErrors } from './html-errors.ts';
import { IdParams } from './schemas.ts';

/** Pages answer text/html; the schema documents it (Fastify serialises only JSON). */
const HtmlResponse = { 200: Type.String({ contentMediaType: 'text/html' }) };

export const pageRoutes: FastifyPluginAsyncTypebox<{ ctx: RouteContext }> = async (app, { ctx }) => {
  htmlErrors(app, ctx);

  const send = (reply: FastifyReply, view: SafeHtml) => reply.type('text/html; charset=utf-8').send(view.value);
  const viewOf = (request: FastifyRequest, user: DemoUser | null): ViewContext => ({
    user,
    pluginPrefix: ctx.pluginPrefix(),
    path: request.url.split('?')[0] ?? '/',
  });
  /** The signed-in user; without one the error handler redirects to the user picker and back. */
  const signedIn = async (request: FastifyRequest): Promise<{ user: DemoUser; view: ViewContext }> => {
    const user = await ctx.currentUser(request);
    if (!user) throw new SignInRequired();
    return { user, view: viewOf(request, user) };
  };
  const requireBuilds = (user: DemoUser) => {
    if (!mayView(user, 'build')) throw new Forbidden('Your role may not view build orders.');
  };

  app.get(
    '/login',
    { schema: { querystring: Type.Object({ next: Type.Optional(Type.String({ maxLength: 2000 })) }), response: HtmlResponse } },
    async (request, reply) => {
      const user = await ctx.currentUser(request);
      return send(reply, loginPage(viewOf(request, user), await allUsers(ctx.store), safeNext(request.query.next)));
    },
  );

  app.get(
    '/',
    { schema: { response: HtmlResponse } },
    async (request, reply) => {
      const { view } = await signedIn(request);
      const [tree, categories, parts, lowStock] = await Promise.all([
        categoryTree(ctx.store),
        countCategories(ctx.store),
        countParts(ctx.store),
        lowStockParts(ctx.store),
      ]);
      return send(reply, homePage(view, { tree, counts: { categories, parts }, lowStock }));
    },
  );

  app.get(
    '/categories/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { view } = await signedIn(request);
      const { id } = request.params;
      const path = await categoryPath(ctx.store, id);
      if (path.length === 0) throw new NotFound(`Category ${id}`);
      const [children, parts] = await Promise.all([childCategories(ctx.store, id), partsInCategory(ctx.store, id)]);
      return send(reply, categoryPage(view, { path, children, parts }));
    },
  );

  app.get(
    '/parts/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = await signedIn(request);
      const { id } = request.params;
      const part = await partById(ctx.store, id);
      if (!part) throw new NotFound(`Part ${id}`);
      const showBuilds = part.assembly && mayView(user, 'build');
      const [path, template, variants, builds, users] = await Promise.all([
        part.categoryId === null ? [] : categoryPath(ctx.store, part.categoryId),
        part.variantOf === null ? null : partById(ctx.store, part.variantOf),
        variantsOf(ctx.store, part.id),
        showBuilds ? buildsForPart(ctx.store, part.id) : null,
        showBuilds ? allUsers(ctx.store) : [],
      ]);
      return send(reply, partPage(view, { part, categoryPath: path, template, variants, builds, users }));
    },
  );

  app.get(
    '/builds',
    { schema: { response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = await signedIn(request);
      requireBuilds(user);
      const [builds, parts, users] = await Promise.all([listBuilds(ctx.store), assemblies(ctx.store), allUsers(ctx.store)]);
      return send(reply, buildsPage(view, { builds, assemblies: parts, users }));
    },
  );

  app.get(
    '/builds/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = await signedIn(request);
      requireBuilds(user);
      const { id } = request.params;
      const build = await buildById(ctx.store, id);
      if (!build) throw new NotFound(`Build order ${id}`);
      const bom = await effectiveBom(ctx.store, build.partId);
      const parts = new Map((await partsByIds(ctx.store, bom.map((line) => line.subPartId))).map((p) => [p.id, p]));
      const lines = bom.flatMap((line) => {
        const part = parts.get(line.subPartId);
        return part ? [{ line, part }] : [];
      });
      return send(reply, buildPage(view, { build, lines }));
    },
  );

  const widgetPages: [string, (view: ViewContext) => SafeHtml][] = [
    ['/inbox', inboxPage],
    ['/history', historyPage],
    ['/snoozed', snoozedPage],
    ['/settings', settingsPage],
  ];
  for (const [url, render] of widgetPages) {
    app.get(url, { schema: { response: HtmlResponse } }, async (request, reply) => {
      return send(reply, render((await signedIn(request)).view));
    });
  }

  app.get('/admin', { schema: { response: HtmlResponse } }, async (request, reply) => {
    const { user, view } = await signedIn(request);
    if (!user.isAdmin) throw new Forbidden('Only administrators may open this page.');
    return send(reply, adminPage(view));
  });
};
