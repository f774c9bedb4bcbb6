/**
 * The caller's inbox and history (PRODUCT §5). Thin handlers: scope by the caller, call the
 * queries, tell the live side what changed after it committed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.ts';
import { NotFoundError } from '../errors.ts';
import { userOf } from '../http/auth.ts';
import { errorResponses, Notification, NumericId } from '../http/schemas.ts';
import {
  deleteHistory,
  deleteOwn,
  listNotifications,
  markAllRead,
  markOne,
  unreadCount,
} from './inbox-queries.ts';
import { toView } from './notification-view.ts';

const IdParams = Type.Object({ id: NumericId });

export const notificationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/notifications', {
    schema: {
      querystring: Type.Object({
        state: Type.Union([Type.Literal('unread'), Type.Literal('read'), Type.Literal('all')], { default: 'all' }),
        limit: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
        cursor: Type.Optional(NumericId),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({ items: Type.Array(Notification), nextCursor: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses },
    },
  }, async (request) => {
    const { state, limit, cursor } = request.query;
    const page = await listNotifications(ctx.em(), userOf(request).id, { state, limit, cursor });
    return { items: page.rows.map(toView), nextCursor: page.nextCursor };
  });

  app.get('/notifications/unread-count', {
    schema: { response: { 200: Type.Object({ count: Type.Integer() }), ...errorResponses } },
  }, async (request) => ({ count: await unreadCount(ctx.em(), userOf(request).id) }));

  for (const [action, read] of [['read', true], ['unread', false]] as const) {
    app.post(`/notifications/:id/${action}`, {
      schema: { params: IdParams, response: { 200: Notification, ...errorResponses } },
    }, async (request) => {
      const userId = userOf(request).id;
      const row = await markOne(ctx.em(), userId, request.params.id, read, ctx.clock.now());
      if (!row) throw new NotFoundError(`notification ${request.params.id}`);
      ctx.bus.emit('changed', { userId });
      return toView(row);
    });
  }

  app.post('/notifications/read-all', {
    schema: { response: { 200: Type.Object({ updated: Type.Integer() }), ...errorResponses } },
  }, async (request) => {
    const userId = userOf(request).id;
    const updated = await markAllRead(ctx.em(), userId, ctx.clock.now());
    if (updated > 0) ctx.bus.emit('changed', { userId });
    return { updated };
  });

  app.delete('/notifications/:id', {
    schema: { params: IdParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const userId = userOf(request).id;
    const removed = await deleteOwn(ctx.em(), userId, [request.params.id]);
    if (removed.length === 0) throw new NotFoundError(`notification ${request.params.id}`);
    ctx.bus.emit('changed', { userId, removed });
    return reply.code(204).send(null);
  });

  app.post('/notifications/delete', {
    schema: {
      body: Type.Object({ ids: Type.Array(NumericId, { minItems: 1, maxItems: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ deleted: Type.Integer() }), ...errorResponses },
    },
  }, async (request) => {
    const userId = userOf(request).id;
    const removed = await deleteOwn(ctx.em(), userId, [...new Set(request.body.ids)]);
    if (removed.length > 0) ctx.bus.emit('changed', { userId, removed });
    return { deleted: removed.length };
  });

  app.delete('/notifications', {
    schema: {
      // Only history can be deleted wholesale; unread notifications are deleted by id.
      querystring: Type.Object({ state: Type.Literal('read') }, { additionalProperties: false }),
      response: { 200: Type.Object({ deleted: Type.Integer() }), ...errorResponses },
    },
  }, async (request) => {
    const userId = userOf(request).id;
    const removed = await deleteHistory(ctx.em(), userId);
    if (removed.length > 0) ctx.bus.emit('changed', { userId, removed });
    return { deleted: removed.length };
  });
};
