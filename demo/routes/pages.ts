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
import { adminPage, historyPage, inboxPage, settingsPage } from '../views/plugin-pages.ts';
import type { RouteContext } from './context.ts';
import { safeNext } from './form-body.ts';
import { htmlErrors } from './html-errors.ts';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });
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
  const signedIn = (request: FastifyRequest): { user: DemoUser; view: ViewContext } => {
    const user = ctx.currentUser(request);
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
      const user = ctx.currentUser(request);
      return send(reply, loginPage(viewOf(request, user), allUsers(ctx.db), safeNext(request.query.next)));
    },
  );

  app.get(
    '/',
    { schema: { response: HtmlResponse } },
    async (request, reply) => {
      const { view } = signedIn(request);
      return send(
        reply,
        homePage(view, {
          tree: categoryTree(ctx.db),
          counts: { categories: countCategories(ctx.db), parts: countParts(ctx.db) },
          lowStock: lowStockParts(ctx.db),
        }),
      );
    },
  );

  app.get(
    '/categories/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { view } = signedIn(request);
      const { id } = request.params;
      const path = categoryPath(ctx.db, id);
      if (path.length === 0) throw new NotFound(`Category ${id}`);
      return send(
        reply,
        categoryPage(view, { path, children: childCategories(ctx.db, id), parts: partsInCategory(ctx.db, id) }),
      );
    },
  );

  app.get(
    '/parts/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = signedIn(request);
      const { id } = request.params;
      const part = partById(ctx.db, id);
      if (!part) throw new NotFound(`Part ${id}`);
      const showBuilds = part.assembly && mayView(user, 'build');
      return send(
        reply,
        partPage(view, {
          part,
          categoryPath: part.categoryId === null ? [] : categoryPath(ctx.db, part.categoryId),
          template: part.variantOf === null ? null : partById(ctx.db, part.variantOf),
          variants: variantsOf(ctx.db, part.id),
          builds: showBuilds ? buildsForPart(ctx.db, part.id) : null,
          users: showBuilds ? allUsers(ctx.db) : [],
        }),
      );
    },
  );

  app.get(
    '/builds',
    { schema: { response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = signedIn(request);
      requireBuilds(user);
      return send(
        reply,
        buildsPage(view, { builds: listBuilds(ctx.db), assemblies: assemblies(ctx.db), users: allUsers(ctx.db) }),
      );
    },
  );

  app.get(
    '/builds/:id',
    { schema: { params: IdParams, response: HtmlResponse } },
    async (request, reply) => {
      const { user, view } = signedIn(request);
      requireBuilds(user);
      const { id } = request.params;
      const build = buildById(ctx.db, id);
      if (!build) throw new NotFound(`Build order ${id}`);
      const bom = effectiveBom(ctx.db, build.partId);
      const parts = new Map(partsByIds(ctx.db, bom.map((line) => line.subPartId)).map((p) => [p.id, p]));
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
    ['/settings', settingsPage],
  ];
  for (const [url, render] of widgetPages) {
    app.get(url, { schema: { response: HtmlResponse } }, async (request, reply) => {
      return send(reply, render(signedIn(request).view));
    });
  }

  app.get('/admin', { schema: { response: HtmlResponse } }, async (request, reply) => {
    const { user, view } = signedIn(request);
    if (!user.isAdmin) throw new Forbidden('Only administrators may open this page.');
    return send(reply, adminPage(view));
  });
};
