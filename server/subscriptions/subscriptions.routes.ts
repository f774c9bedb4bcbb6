/** The caller's subscriptions (PRODUCT §5): list, status with `inheritedFrom`, subscribe, unsubscribe. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.ts';
import { userOf } from '../http/auth.ts';
import { errorResponses, HostId, SubscriptionKind } from '../http/schemas.ts';
import { listSubscriptions, subscribe, subscriptionStatus, unsubscribe } from './subscription-service.ts';

const TargetRef = Type.Object({
  kind: SubscriptionKind,
  id: Type.String(),
  name: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
});
const Status = Type.Object({
  subscribed: Type.Boolean(),
  name: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  inheritedFrom: Type.Optional(TargetRef),
});
const Params = Type.Object({ kind: SubscriptionKind, id: HostId });

export const subscriptionRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/subscriptions', {
    schema: {
      response: {
        200: Type.Object({ items: Type.Array(Type.Object({ ...TargetRef.properties, path: Type.Array(Type.String()) })) }),
        ...errorResponses,
      },
    },
  }, async (request) => ({ items: await listSubscriptions(ctx, userOf(request).id) }));

  app.get('/subscriptions/:kind/:id', {
    schema: { params: Params, response: { 200: Status, ...errorResponses } },
  }, (request) => subscriptionStatus(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.put('/subscriptions/:kind/:id', {
    schema: { params: Params, response: { 200: Status, ...errorResponses } },
  }, (request) => subscribe(ctx, userOf(request).id, request.params.kind, request.params.id));

  app.delete('/subscriptions/:kind/:id', {
    schema: { params: Params, response: { 200: Status, ...errorResponses } },
  }, (request) => unsubscribe(ctx, userOf(request).id, request.params.kind, request.params.id));
};
