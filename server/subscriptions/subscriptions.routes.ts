/**
 * The caller's subscriptions and mutes (PRODUCT §5): list, status with `inheritedFrom` and
 * `mutedBy`, subscribe (a template part alone or with its variants), unsubscribe, mute, unmute.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { userOf } from '../http/auth.ts';
import { errorResponses, SubscribeQuery, SubscriptionList, SubscriptionParams, SubscriptionState } from '../contract/index.ts';
import { listSubscriptions, mute, removeRule, subscribe, subscriptionStatus } from './subscription-service.ts';

const one = { params: SubscriptionParams, response: { 200: SubscriptionState, ...errorResponses } };

export const subscriptionRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/subscriptions', {
    schema: {
      response: { 200: SubscriptionList, ...errorResponses },
    },
  }, async (request) => ({ items: await listSubscriptions(ctx, userOf(request).id) }));

  app.get('/subscriptions/:kind/:id', { schema: one }, (request) =>
    subscriptionStatus(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.put('/subscriptions/:kind/:id', { schema: { ...one, querystring: SubscribeQuery } }, (request) =>
    subscribe(ctx, userOf(request).id, request.params.kind, request.params.id, { variants: request.query.variants }));

  app.delete('/subscriptions/:kind/:id', { schema: one }, (request) =>
    removeRule(ctx, userOf(request).id, request.params.kind, request.params.id, false));

  // A mute: nothing under this target is told, even where a subscription above covers it.
  app.put('/mutes/:kind/:id', { schema: one }, (request) =>
    mute(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.delete('/mutes/:kind/:id', { schema: one }, (request) =>
    removeRule(ctx, userOf(request).id, request.params.kind, request.params.id, true));
};
