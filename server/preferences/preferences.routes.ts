/**
 * The caller's preferences (PRODUCT §5): the matrix with each cell's source, email mode, digest
 * hour and time zone, and personal chat/webhook endpoints (add, remove, send a test). The plugin's
 * guard knows the caller before the input is looked at (401 first); another user's endpoint is 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Context } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { userOf } from '../http/auth.ts';
import {
  addEndpoint,
  countEndpoints,
  defaultEndpointName,
  findEndpoint,
  MAX_PERSONAL_ENDPOINTS,
  newWebhookSecret,
  removeEndpoint,
  rotateSecret,
  toEndpointView,
} from '../settings/endpoints.ts';
import { sendTestMessage } from '../delivery/test-send.ts';
import { checkEndpointUrl, patchPreferences, preferencesOf } from './preferences-service.ts';
import {
  CreatedEndpoint,
  EndpointParams,
  errorResponses,
  NewEndpoint,
  Preferences,
  PreferencesPatch,
  RotatedSecret,
  TestResult,
} from '../contract/index.ts';

export const preferenceRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get('/preferences', {
    schema: { response: { 200: Preferences, ...errorResponses } },
  }, async (request) => preferencesOf(ctx, ctx.em(), userOf(request)));

  app.patch('/preferences', {
    schema: { body: PreferencesPatch, response: { 200: Preferences, ...errorResponses } },
  }, async (request) => {
    const user = userOf(request);
    const em = ctx.em();
    const { matrix, email, quietHours } = request.body;
    await patchPreferences(ctx, em, user, {
      ...(matrix ? { matrix } : {}),
      ...(email ? { email } : {}),
      ...(quietHours === undefined ? {} : { quietHours }),
    });
    return preferencesOf(ctx, em, user);
  });

  app.post('/preferences/endpoints', {
    schema: { body: NewEndpoint, response: { 201: CreatedEndpoint, ...errorResponses } },
  }, async (request, reply) => {
    const userId = userOf(request).id;
    const em = ctx.em();
    const { channel, name, signed } = request.body;
    if (signed !== undefined && channel !== 'webhook') throw new BadRequestError('body/signed applies to webhook endpoints only');
    const settings = await ctx.settings.read(em);
    const url = await checkEndpointUrl(request.body.url, settings.endpointAllowList, 'body/url');
    if ((await countEndpoints(em, userId)) >= MAX_PERSONAL_ENDPOINTS) {
      throw new BadRequestError(`body: you already have ${MAX_PERSONAL_ENDPOINTS} endpoints; remove one first`);
    }
    const secret = channel === 'webhook' && signed !== false ? newWebhookSecret() : null;
    const row = await addEndpoint(em, { userId, channel, name: name ?? defaultEndpointName(channel, url), url, secret }, ctx.clock.now());
    return reply.code(201).send({ ...toEndpointView(row), secret });
  });

  app.delete('/preferences/endpoints/:id', {
    schema: { params: EndpointParams, response: { 204: Type.Null(), ...errorResponses } },
  }, async (request, reply) => {
    const removed = await removeEndpoint(ctx.em(), Number(request.params.id), userOf(request).id);
    if (!removed) throw new NotFoundError(`endpoint ${request.params.id}`);
    return reply.code(204).send(null);
  });

  // A new signing secret for a signed webhook; the old one keeps signing for a day beside it.
  app.post('/preferences/endpoints/:id/secret', {
    schema: { params: EndpointParams, response: { 200: RotatedSecret, ...errorResponses } },
  }, async (request) => {
    const secret = await rotateSecret(ctx.em(), Number(request.params.id), userOf(request).id, ctx.clock.now());
    if (secret === null) throw new NotFoundError(`signed webhook endpoint ${request.params.id}`);
    return { secret };
  });

  // An outbound request to a URL the user chose: its own, tight budget.
  app.post('/preferences/endpoints/:id/test', {
    config: { limit: 'endpointTests' },
    schema: { params: EndpointParams, response: { 200: TestResult, ...errorResponses } },
  }, async (request) => {
    const user = userOf(request);
    const em = ctx.em();
    const endpoint = await findEndpoint(em, Number(request.params.id), user.id);
    if (!endpoint) throw new NotFoundError(`endpoint ${request.params.id}`);
    const host = (await ctx.host.getUsers([user.id]))[0];
    return sendTestMessage(ctx, endpoint, { id: user.id, name: host?.name ?? user.id }, await ctx.settings.read(em));
  });
};
