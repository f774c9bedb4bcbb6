/**
 * Why, and why not (docs/engine.md, "Tracing a decision"): the trace of one of the caller's
 * notifications, the caller's own question about a part, category or build, and an
 * administrator's about anyone. 401 before anything else, 403 for non-admins on the admin route.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AdminTraceQuery, errorResponses, NotificationParams, Trace, TraceParams } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { requireAdmin, requireUser, userOf } from '../http/auth.ts';
import { traceNotification, traceTarget } from './trace-service.ts';

const response = { 200: Trace, ...errorResponses };

export const traceRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireUser(ctx));

  app.get('/notifications/:id/trace', { schema: { params: NotificationParams, response } }, (request) =>
    traceNotification(ctx, userOf(request).id, request.params.id));

  app.get('/trace/:kind/:id', { schema: { params: TraceParams, response } }, (request) =>
    traceTarget(ctx, userOf(request).id, request.params.kind, request.params.id, { asAdmin: false }));

  await app.register(adminTraceRoute, { ctx });
};

/** Its own encapsulated plugin, so the admin check applies to it alone. */
const adminTraceRoute: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.addHook('onRequest', requireAdmin);
  app.get('/admin/trace/:kind/:id', { schema: { params: TraceParams, querystring: AdminTraceQuery, response } }, (request) =>
    traceTarget(ctx, request.query.user, request.params.kind, request.params.id, { asAdmin: true }));
};
