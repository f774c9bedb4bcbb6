/**
 * Admin routes (PRODUCT §5): settings, the delivery log with retry, the send API over HTTP, and a
 * test message to a shared endpoint. The caller is checked on `onRequest`, before the input is
 * even looked at: 401 without a user (the plugin's guard), 403 for anyone but an admin.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Context } from '../context.ts';
import { type CircuitBreakers, countJobs, findJob, listJobs, type LoggedJob, type PausedDestination, retryDeadJobs, retryJob, stateOf } from '../delivery/index.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import type { HostUser } from '../host.ts';
import { requireAdmin, userOf } from '../http/auth.ts';
import { sendTestMessage } from '../delivery/test-send.ts';
import { endpointsByIds, findEndpoint, rotateSecret } from '../settings/endpoints.ts';
import { adminSettingsOf, patchAdminSettings } from './admin-settings.ts';
import {
  AdminSettings,
  AdminSettingsPatch,
  Delivery,
  DeliveryPage,
  DeliveryParams,
  DeliveryQuery,
  EndpointParams,
  ErrorBody,
  errorResponses,
  EventOutcome,
  RetriedCount,
  RetryDeadBody,
  RotatedSecret,
  SendBody,
  type SendInput,
  TestResult,
} from '../contract/index.ts';

export interface AdminRouteOptions {
  ctx: Context;
  /** The send API (events/), as `app.stockbell.send`. */
  send: (input: SendInput) => Promise<EventOutcome>;
  /** Tell the worker there is something to send now (after a retry). */
  wake: () => void;
  /** Destinations paused because they fail for everyone (shown in the log, resumed by a retry). */
  breakers: CircuitBreakers;
  /** After a change committed: every instance reads the settings again. */
  settingsChanged: () => void;
}


export const adminRoutes: FastifyPluginAsyncTypebox<AdminRouteOptions> = async (app, { ctx, send, wake, breakers, settingsChanged }) => {
  // After the plugin's guard has authenticated the caller (401), before the input is looked at.
  app.addHook('onRequest', requireAdmin);

  app.get('/admin/settings', {
    schema: { response: { 200: AdminSettings, ...errorResponses } },
  }, async () => adminSettingsOf(ctx, ctx.em()));

  app.patch('/admin/settings', {
    schema: { body: AdminSettingsPatch, response: { 200: AdminSettings, ...errorResponses } },
  }, async (request) => {
    const em = ctx.em();
    const secrets = await patchAdminSettings(ctx, em, request.body);
    settingsChanged();
    return adminSettingsOf(ctx, em, secrets);
  });

  // A new signing secret for a shared signed webhook; the old one keeps signing for a day beside it.
  app.post('/admin/endpoints/:id/secret', {
    schema: { params: EndpointParams, response: { 200: RotatedSecret, ...errorResponses } },
  }, async (request) => {
    const secret = await rotateSecret(ctx.em(), Number(request.params.id), null, ctx.clock.now());
    if (secret === null) throw new NotFoundError(`shared signed webhook endpoint ${request.params.id}`);
    return { secret };
  });

  app.post('/admin/endpoints/:id/test', {
    config: { limit: 'endpointTests' },
    schema: { params: EndpointParams, response: { 200: TestResult, ...errorResponses } },
  }, async (request) => {
    const em = ctx.em();
    const endpoint = await findEndpoint(em, Number(request.params.id), null);
    if (!endpoint) throw new NotFoundError(`shared endpoint ${request.params.id}`);
    const user = userOf(request);
    return sendTestMessage(ctx, endpoint, { id: user.id, name: endpoint.name }, await ctx.settings.read(em));
  });

  app.get('/admin/deliveries', {
    schema: {
      querystring: DeliveryQuery,
      response: { 200: DeliveryPage, ...errorResponses },
    },
  }, async (request) => {
    const { status, limit, cursor } = request.query;
    const em = ctx.em();
    const page = await listJobs(em, { state: status, limit, cursor: cursor === undefined ? undefined : Number(cursor) });
    const people = await recipientsOf(ctx, page.jobs);
    const paused = breakers.paused();
    const names = await endpointsByIds(em, paused.flatMap((p) => (p.endpointId === null ? [] : [p.endpointId])));
    return {
      items: page.jobs.map((job) => toDeliveryView(job, people)),
      nextCursor: page.nextCursor,
      counts: await countJobs(em),
      paused: paused.map((p) => toPausedView(p, p.endpointId === null ? null : names.get(p.endpointId)?.name ?? '(removed)')),
    };
  });

  // Every dead job of a channel or an endpoint at once (after an outage), instead of one click per job.
  app.post('/admin/deliveries/retry', {
    schema: { body: RetryDeadBody, response: { 200: RetriedCount, ...errorResponses } },
  }, async (request) => {
    const filter = { channel: request.body.channel, endpointId: request.body.endpoint === undefined ? undefined : Number(request.body.endpoint) };
    const retried = await retryDeadJobs(ctx.em(), filter, ctx.clock.now());
    // An admin retrying a destination says it works again: no pause.
    breakers.resume(filter);
    if (retried > 0) wake();
    return { retried };
  });

  app.post('/admin/deliveries/:id/retry', {
    schema: { params: DeliveryParams, response: { 200: Delivery, ...errorResponses, 409: ErrorBody } },
  }, async (request) => {
    const id = Number(request.params.id);
    const em = ctx.em();
    if (!(await retryJob(em, id, ctx.clock.now()))) {
      const job = await findJob(em, id);
      if (!job) throw new NotFoundError(`delivery ${id}`);
      throw new ConflictError(`delivery ${id} is ${stateOf(job)}: only dead or failing deliveries can be retried`);
    }
    wake();
    const [job] = (await listJobs(em, { limit: 1, cursor: id + 1 })).jobs as [LoggedJob];
    return toDeliveryView(job, await recipientsOf(ctx, [job]));
  });

  app.post('/admin/send', {
    config: { limit: 'send' },
    schema: { body: SendBody, response: { 200: EventOutcome, ...errorResponses } },
  }, async (request) => {
    return send(request.body);
  });
};

function toPausedView(paused: PausedDestination, endpointName: string | null) {
  return {
    channel: paused.channel,
    endpoint: paused.endpointId === null ? null : { id: String(paused.endpointId), name: endpointName ?? '' },
    failures: paused.failures,
    since: paused.since.toISOString(),
    nextProbeAt: paused.nextProbeAt.toISOString(),
    lastError: paused.lastError,
  };
}

/** The recipients of a page of jobs, from the host in one batch. */
async function recipientsOf(ctx: Context, jobs: readonly LoggedJob[]): Promise<Map<string, HostUser>> {
  const ids = [...new Set(jobs.map((job) => job.userId))];
  const users = ids.length > 0 ? await ctx.host.getUsers(ids) : [];
  return new Map(users.map((user) => [String(user.id), user]));
}

function toDeliveryView(job: LoggedJob, people: ReadonlyMap<string, HostUser>): Delivery {
  const open = job.status === 'pending' || job.status === 'sending';
  const person = people.get(job.userId);
  return {
    id: String(job.id),
    channel: job.channel,
    recipient: job.userId,
    recipientName: person?.name ?? null,
    recipientEmail: job.channel === 'email' ? (person?.email ?? null) : null,
    endpoint: job.endpointId === null ? null : { id: String(job.endpointId), name: job.endpointName ?? '(removed)', shared: job.endpointShared },
    kind: job.kind,
    notificationId: job.notificationId === null ? null : String(job.notificationId),
    status: stateOf(job),
    attempts: job.attempts,
    lastError: job.lastError,
    nextAttemptAt: open ? (job.status === 'sending' ? job.leaseUntil : job.nextAttemptAt)?.toISOString() ?? null : null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

