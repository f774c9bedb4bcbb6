/** The caller's subscriptions (PRODUCT §5): list, status with `inheritedFrom`, subscribe, unsubscribe. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { userOf } from '../http/auth.ts';
import { errorResponses, SubscriptionList, SubscriptionParams, SubscriptionState } from '../contract/index.ts';
import { listSubscriptions, subscribe, subscriptionStatus, unsubscribe } from './subscription-service.ts';


export const subscriptionRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/subscriptions', {
    schema: {
      response: { 200: SubscriptionList, ...errorResponses },
    },
  }, async (request) => ({ items: await listSubscriptions(ctx, userOf(request).id) }));

  app.get('/subscriptions/:kind/:id', {
    schema: { params: SubscriptionParams, response: { 200: SubscriptionState, ...errorResponses } },
  }, (request) => subscriptionStatus(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.put('/subscriptions/:kind/:id', {
    schema: { params: SubscriptionParams, response: { 200: SubscriptionState, ...errorResponses } },
  }, (request) => subscribe(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.delete('/subscriptions/:kind/:id', {
    schema: { params: SubscriptionParams, response: { 200: SubscriptionState, ...errorResponses } },
  }, (request) => unsubscribe(ctx, userOf(request).id, request.params.kind, request.params.id));
};
