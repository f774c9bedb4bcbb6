/**
 * The caller's inbox and history (PRODUCT §5). Thin handlers: scope by the caller, call the
 * queries, tell the live side what changed after it committed.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { userOf } from '../http/auth.ts';
import {
  DeleteBody,
  Deleted,
  DeleteHistoryQuery,
  errorResponses,
  MarkBody,
  Notification,
  NotificationList,
  NotificationPage,
  NotificationParams,
  NotificationQuery,
  SnoozeBody,
  UnreadCount,
  Updated,
} from '../contract/index.ts';
import { UNTIL_RESOLVED } from '../store/entities.ts';
import {
  deleteHistory,
  type InboxChange,
  deleteOwn,
  listNotifications,
  markAllRead,
  markMany,
  markOne,
  snooze,
  unreadCount,
  wake,
} from './inbox-queries.ts';
import { toView } from './notification-view.ts';
import { MAX_SNOOZE_MS, presetTime, userDay } from './snooze-times.ts';


export interface NotificationRouteOptions {
  ctx: Context;
  /** Called after a change commits, so the user's other tabs follow (the live side). */
  changed: (change: InboxChange) => void;
}

export const notificationRoutes: FastifyPluginAsyncTypebox<NotificationRouteOptions> = async (app, { ctx, changed }) => {
  app.get('/notifications', {
    schema: {
      querystring: NotificationQuery,
      response: { 200: NotificationPage, ...errorResponses },
    },
  }, async (request) => {
    const { state, limit, cursor, alerts } = request.query;
    const page = await listNotifications(ctx.db, userOf(request).id, { state, limit, cursor, openOnly: alerts === 'open' });
    return { items: page.rows.map(toView), nextCursor: page.nextCursor };
  });

  app.get('/notifications/unread-count', {
    schema: { response: { 200: UnreadCount, ...errorResponses } },
  }, async (request) => ({ count: await unreadCount(ctx.db, userOf(request).id) }));

  for (const [action, read] of [['read', true], ['unread', false]] as const) {
    app.post(`/notifications/:id/${action}`, {
      schema: { params: NotificationParams, response: { 200: Notification, ...errorResponses } },
    }, async (request) => {
      const userId = userOf(request).id;
      const row = await markOne(ctx.db, userId, request.params.id, read, ctx.clock.now());
      if (!row) throw new NotFoundError(`notification ${request.params.id}`);
      changed({ userId });
      return toView(row);
    });
  }

  // Several read or unread in one request, and one live signal for the user's other tabs.
  app.post('/notifications/mark', {
    schema: { body: MarkBody, response: { 200: NotificationList, ...errorResponses } },
  }, async (request) => {
    const userId = userOf(request).id;
    const rows = await markMany(ctx.db, userId, [...new Set(request.body.ids)], request.body.read, ctx.clock.now());
    if (rows.length > 0) changed({ userId, updated: rows.map((row) => String(row.id)) });
    return { items: rows.map(toView) };
  });

  app.post('/notifications/:id/snooze', {
    schema: { params: NotificationParams, body: SnoozeBody, response: { 200: Notification, ...errorResponses } },
  }, async (request) => {
    const user = userOf(request);
    const { id } = request.params;
    const { until, preset, untilResolved } = request.body;
    if ([until, preset, untilResolved].filter((v) => v !== undefined).length !== 1) {
      throw new BadRequestError('body must have exactly one of until, preset or untilResolved');
    }
    const now = ctx.clock.now();
    let end = UNTIL_RESOLVED;
    if (until !== undefined) {
      end = new Date(until);
      if (end.getTime() <= now.getTime()) throw new BadRequestError('body/until must be in the future');
      if (end.getTime() - now.getTime() > MAX_SNOOZE_MS) throw new BadRequestError('body/until must be within a year');
    } else if (preset !== undefined) {
      end = presetTime(preset, now, await userDay(ctx, user));
    }
    const outcome = await snooze(ctx.db, user.id, id, end, untilResolved === true);
    if ('missing' in outcome) throw new NotFoundError(`notification ${id}`);
    if ('notOpen' in outcome) throw new BadRequestError('body/untilResolved applies to open alerts only');
    changed({ userId: user.id, updated: [id] });
    return toView(outcome.row);
  });

  // Wake it now: back in the inbox, unread.
  app.delete('/notifications/:id/snooze', {
    schema: { params: NotificationParams, response: { 200: Notification, ...errorResponses } },
  }, async (request) => {
    const userId = userOf(request).id;
    const row = await wake(ctx.db, userId, request.params.id);
    if (!row) throw new NotFoundError(`notification ${request.params.id}`);
    changed({ userId, updated: [request.params.id] });
    return toView(row);
  });

  app.post('/notifications/read-all', {
    schema: { response: { 200: Updated, ...errorResponses } },
  }, async (request) => {
    const userId = userOf(request).id;
    const updated = await markAllRead(ctx.db, userId, ctx.clock.now());
    if (updated > 0) changed({ userId });
    return { updated };
  });

  app.delete('/notifications/:id', {
    schema: { params: NotificationParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const userId = userOf(request).id;
    const removed = await deleteOwn(ctx.db, userId, [request.params.id]);
    if (removed.length === 0) throw new NotFoundError(`notification ${request.params.id}`);
    changed({ userId, removed });
    return reply.code(204).send(null);
  });

  app.post('/notifications/delete', {
    schema: {
      body: DeleteBody,
      response: { 200: Deleted, ...errorResponses },
    },
  }, async (request) => {
    const userId = userOf(request).id;
    const removed = await deleteOwn(ctx.db, userId, [...new Set(request.body.ids)]);
    if (removed.length > 0) changed({ userId, removed });
    return { deleted: removed.length };
  });

  app.delete('/notifications', {
    schema: {
      querystring: DeleteHistoryQuery,
      response: { 200: Deleted, ...errorResponses },
    },
  }, async (request) => {
    const userId = userOf(request).id;
    const deleted = await deleteHistory(ctx.db, userId);
    if (deleted > 0) changed({ userId, historyCleared: true });
    return { deleted };
  });
};
