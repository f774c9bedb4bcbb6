/**
 * One claimed batch, sent: everything the messages need is loaded for the whole batch (settings,
 * notification rows, endpoints, the recipients' host records in one call), each job is rendered
 * from its notification in the recipient's locale with links made absolute from `publicUrl`, and
 * handed to its channel module, a few at a time. What comes back is an outcome per job: sent,
 * try again at a time (backoff with jitter, at least the channel's Retry-After), or dead.
 */
import {
  type ChannelName,
  channels,
  createEndpointPolicy,
  createPinnedConnections,
  type EndpointPolicy,
  isChannelName,
  type OutgoingMessage,
  type PinnedConnections,
  type Recipient,
  type SendContext,
  type SendResult,
  mailDomain,
  pageLinks,
  sendDigest,
  toOutgoingMessage,
} from '../channels/index.ts';
import type { Context } from '../context.ts';
import type { HostUser } from '../host.ts';
import { installationKeys } from '../installation.ts';
import { DIGEST_SCOPE, type UnsubscribeLinks, unsubscribeLinks } from '../unsubscribe/index.ts';
import type { StoredAlert, StoredNotification } from '../messages/index.ts';
import { type EndpointRow, endpointsByIds, sendingEndpoint } from '../settings/endpoints.ts';
import { retryDelay } from './backoff.ts';
import { breakerKey, type CircuitBreakers } from './circuit-breaker.ts';
import type { ResolvedDeliveryOptions } from './delivery-options.ts';
import type { Job, Outcome } from './job-queue.ts';
import type { Mailer } from './mailer.ts';
import type { Driver } from '../store/driver.ts';
import { notificationsByIds } from '../store/notification-rows.ts';

export interface SenderDeps {
  ctx: Context;
  mailer: Mailer;
  /** Pauses a destination that is failing for everyone (circuit-breaker.ts). */
  breakers: CircuitBreakers;
  fetch?: SendContext['fetch'];
  /** The worker's pool of connections pinned to checked addresses (keep-alive across batches). */
  connections?: PinnedConnections;
  random: () => number;
  options: ResolvedDeliveryOptions;
}

export interface NotificationRecord extends StoredNotification, StoredAlert {
  userId: string;
  locale: string | null;
}

// On the driver, as the inbox reads them: hydrating them as entities was 6 % of the worker's CPU
// draining 10,000 emails (bench/queue.ts's profile).
export async function loadNotifications(db: Driver, ids: readonly number[]): Promise<Map<number, NotificationRecord>> {
  const rows = await notificationsByIds(db, ids);
  return new Map(
    rows.map((row) => {
      const id = Number(row.id);
      return [id, { ...row, id, targetKind: row.targetKind ?? null, targetId: row.targetId ?? null, locale: row.locale ?? null }];
    }),
  );
}

/** The endpoint policy for the current allow-list; made again only when the admin changes it. */
export function policyCache(): (allow: readonly string[]) => EndpointPolicy {
  let key: string | null = null;
  let policy: EndpointPolicy | null = null;
  return (allow) => {
    const next = JSON.stringify(allow);
    if (policy === null || next !== key) {
      try {
        policy = createEndpointPolicy({ allow });
      } catch {
        // Settings are validated when written; a bad stored list falls back to "nothing private".
        policy = createEndpointPolicy();
      }
      key = next;
    }
    return policy;
  };
}

/** At most `limit` tasks at once, shared by everyone holding it (the worker's lanes share one). */
export interface Limiter {
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createLimiter(limit: number): Limiter {
  let active = 0;
  const waiting: (() => void)[] = [];
  return {
    async run(task) {
      if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
      else active++;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else active--;
      }
    },
  };
}

interface Loaded {
  notifications: Map<number, NotificationRecord>;
  endpoints: Map<number, EndpointRow>;
  users: Map<string, HostUser>;
  publicUrl: string | null;
  pages: Context['options']['pages'];
  unsubscribe: UnsubscribeLinks;
  send: SendContext;
}

const gone = (error: string): SendResult => ({ ok: false, retryable: false, error });

function recipientOf(user: HostUser): Recipient {
  return { id: user.id, name: user.name, email: user.email ?? null };
}

async function attempt(job: Job, loaded: Loaded): Promise<SendResult> {
  if (!isChannelName(job.channel)) return gone(`unknown channel ${job.channel}`);
  const channel = channels[job.channel as ChannelName];

  if (job.payload?.type === 'digest') {
    const user = loaded.users.get(job.userId);
    if (!user?.active) return gone('the recipient is no longer an active user');
    const recipient = recipientOf(user);
    const messages = job.payload.ids.flatMap((id) => {
      const n = loaded.notifications.get(id);
      return n && n.userId === job.userId
        ? [toOutgoingMessage(n, { deliveryId: `${job.key}.n${id}`, recipient, locale: user.locale ?? n.locale, publicUrl: loaded.publicUrl, pages: loaded.pages })]
        : [];
    });
    return sendDigest(recipient, messages, {
      ...loaded.send,
      timeZone: job.payload.timeZone,
      locale: user.locale ?? null,
      day: job.payload.day,
      links: { ...pageLinks(loaded.pages, loaded.publicUrl), unsubscribe: loaded.unsubscribe(user.id, DIGEST_SCOPE) },
    });
  }

  const n = job.notificationId === null ? undefined : loaded.notifications.get(job.notificationId);
  if (!n) return gone('the notification was deleted before it could be sent');
  let endpoint: EndpointRow | null = null;
  if (job.endpointId !== null) {
    endpoint = loaded.endpoints.get(job.endpointId) ?? null;
    if (!endpoint) return gone('the endpoint was removed');
  }
  let message: OutgoingMessage;
  if (endpoint && endpoint.userId === null) {
    // A shared endpoint is a team's channel: no one person's name or reason, the default language.
    const recipient = { id: 'shared', name: endpoint.name, email: null };
    message = { ...toOutgoingMessage(n, { deliveryId: job.key, recipient, locale: null, publicUrl: loaded.publicUrl, pages: loaded.pages }), reason: '' };
  } else {
    const user = loaded.users.get(job.userId);
    if (!user?.active) return gone('the recipient is no longer an active user');
    const unsubscribe = job.channel === 'email' ? loaded.unsubscribe(user.id, n.kind) : null;
    message = toOutgoingMessage(n, { deliveryId: job.key, recipient: recipientOf(user), locale: user.locale ?? n.locale, publicUrl: loaded.publicUrl, pages: loaded.pages, unsubscribe });
  }
  return channel.send(message, endpoint ? sendingEndpoint(endpoint, loaded.send.clock.now()) : null, loaded.send);
}

export async function sendJobs(
  deps: SenderDeps,
  jobs: readonly Job[],
  policyFor: (allow: readonly string[]) => EndpointPolicy,
  limiter: Limiter = createLimiter(deps.options.concurrency),
): Promise<Outcome[]> {
  const { ctx, options } = deps;
  const em = ctx.em();
  const settings = await ctx.settings.read(em);
  const notificationIds = jobs.flatMap((job) => (job.payload?.type === 'digest' ? job.payload.ids : job.notificationId === null ? [] : [job.notificationId]));
  const endpointIds = jobs.flatMap((job) => (job.endpointId === null ? [] : [job.endpointId]));
  const notifications = await loadNotifications(ctx.db, notificationIds);
  const endpoints = endpointIds.length > 0 ? await endpointsByIds(em, endpointIds) : new Map<number, EndpointRow>();
  const userIds = [...new Set(jobs.filter((job) => job.endpointId === null || endpoints.get(job.endpointId)?.userId !== null).map((job) => job.userId))];
  const users = new Map((userIds.length > 0 ? await ctx.host.getUsers(userIds) : []).map((user) => [user.id, user]));
  // Emails carry this installation's Message-ID domain and its signed unsubscribe links.
  const keys = jobs.some((job) => job.channel === 'email') ? await installationKeys(em, ctx.clock.now()) : null;
  const loaded: Loaded = {
    notifications,
    endpoints,
    users,
    publicUrl: settings.publicUrl,
    pages: ctx.options.pages,
    unsubscribe: keys ? unsubscribeLinks(keys.unsubscribeKey, ctx.options.prefix, settings.publicUrl, ctx.clock.now()) : () => null,
    send: {
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
      // Connections only to the addresses the policy checked (one pool per batch without the worker's).
      connections: deps.connections ?? createPinnedConnections(),
      clock: ctx.clock,
      mailer: deps.mailer.transport,
      from: ctx.options.mail.mailFrom,
      mailIdentity: { domain: mailDomain(settings.publicUrl, ctx.options.mail.mailFrom), installationId: keys?.id ?? null },
      endpointPolicy: policyFor(settings.endpointAllowList),
      timeoutMs: options.timeoutMs,
    },
  };

  const { breakers } = deps;
  // Waited so long (for a free slot, for a probe) that the lease could end mid-send and another
  // worker take the job: give it back instead.
  const leaseShort = (job: Job) => (job.leaseUntil?.getTime() ?? 0) - ctx.clock.now().getTime() < options.timeoutMs;
  const outcomes = Promise.all(jobs.map(async (job): Promise<Outcome> => {
    let result: SendResult | null | { until: Date; reason: string };
    try {
      result = await limiter.run(async () => {
        if (leaseShort(job)) return null;
        const key = breakerKey(job);
        const admission = await breakers.admit(key);
        if (!admission.send) return admission;
        if (leaseShort(job)) {
          if (admission.probe) breakers.abandonProbe(key);
          return null;
        }
        let sent: SendResult;
        try {
          sent = await attempt(job, loaded);
        } catch (error) {
          breakers.record(key, job.channel, 'down', (error as Error)?.message ?? String(error));
          throw error;
        }
        breakers.record(key, job.channel, sent.ok ? 'ok' : sent.retryable ? 'down' : 'answered', sent.ok ? '' : sent.error);
        return sent;
      });
    } catch (error) {
      // A bug or an unexpected failure: keep the job, the next attempt may fare better.
      result = { ok: false, retryable: true, error: `internal error: ${(error as Error)?.message ?? String(error)}` };
    }
    if (result === null) return { job, result: { ok: false, released: true } };
    if ('until' in result) return { job, result: { ok: false, paused: result.until, error: result.reason } };
    if (result.ok) return { job, result: { ok: true } };
    if (result.retryable && job.attempts < options.maxAttempts) {
      const delay = retryDelay(job.attempts, result.retryAfterMs, options, deps.random);
      return { job, result: { ok: false, error: result.error, retryAt: new Date(ctx.clock.now().getTime() + delay) } };
    }
    const error = result.retryable ? `${result.error} (gave up after ${job.attempts} attempts)` : result.error;
    return { job, result: { ok: false, error, retryAt: null } };
  }));
  if (deps.connections) return outcomes;
  return outcomes.finally(() => loaded.send.connections?.close());
}
