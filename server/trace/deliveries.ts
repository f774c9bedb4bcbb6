/**
 * What was sent where and when for one notification: its own delivery jobs, found by their
 * idempotency keys (the unique index; the jobs table has no index on the notification, and the
 * fan-out pays for every index it has), and the daily digest that carried it, found through the
 * user's digest days. A shared endpoint posts once per event, under the recipient it was planned
 * with, so it shows in that recipient's trace.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { digestKey } from '../channels/email.ts';
import type { TraceDelivery } from '../contract/index.ts';
import { stateOf } from '../delivery/index.ts';
import { emailJobKey, endpointJobKey } from '../delivery/planner.ts';
import { withoutBidiControls } from '../messages/index.ts';
import { DeliveryJob, DigestDay, Endpoint } from '../store/entities.ts';

export interface DeliveredRow {
  id: number;
  userId: string;
  createdAt: Date;
}

/** The user's own and the shared endpoints, as they are now: a job to an endpoint since removed is not found. */
export async function deliveriesOf(em: EntityManager, row: DeliveredRow): Promise<TraceDelivery[]> {
  const read = { disableIdentityMap: true } as const;
  const endpoints = await em.find(Endpoint, { $or: [{ userId: row.userId }, { userId: null }] }, { ...read, fields: ['id', 'name', 'userId'] });
  const keys = [emailJobKey(row.id), ...endpoints.map((endpoint) => endpointJobKey(row.id, endpoint.id))];
  const own = await em.find(DeliveryJob, { idempotencyKey: { $in: keys } }, { ...read, orderBy: { id: 'asc' } });
  const named = new Map(endpoints.map((endpoint) => [endpoint.id, endpoint]));
  const deliveries = own.map((job) => {
    const endpoint = job.endpointId == null ? undefined : named.get(job.endpointId);
    const shared = endpoint !== undefined && endpoint.userId == null;
    return toDelivery(job, endpoint ? { name: withoutBidiControls(endpoint.name), shared } : null, false);
  });
  return [...deliveries, ...(await digestsOf(em, row))];
}

/** The digest jobs of the days since the notification, keeping those that list it. */
async function digestsOf(em: EntityManager, row: DeliveredRow): Promise<TraceDelivery[]> {
  const days = await em.find(DigestDay, { userId: row.userId, createdAt: { $gte: row.createdAt } }, { disableIdentityMap: true, orderBy: { localDate: 'asc' }, limit: 31 });
  if (days.length === 0) return [];
  const jobs = await em.find(
    DeliveryJob,
    { idempotencyKey: { $in: days.map((day) => digestKey(row.userId, day.localDate)) } },
    { disableIdentityMap: true, orderBy: { id: 'asc' } },
  );
  return jobs
    .filter((job) => ((job.payload as { ids?: unknown } | null | undefined)?.ids as unknown[] | undefined)?.includes(row.id))
    .map((job) => toDelivery(job, null, true));
}

function toDelivery(job: DeliveryJob, endpoint: TraceDelivery['endpoint'], digest: boolean): TraceDelivery {
  const state = stateOf({ status: job.status as 'pending', attempts: job.attempts });
  const waiting = state === 'pending' || state === 'retrying';
  // Planned to wait (a first attempt due later than it was written): quiet hours hold jobs so.
  const held = state === 'pending' && job.nextAttemptAt.getTime() > job.updatedAt.getTime();
  return {
    channel: job.channel,
    endpoint,
    digest,
    status: state,
    attempts: job.attempts,
    // Errors from an administrator's shared endpoint are theirs to read, in the delivery log.
    lastError: endpoint?.shared ? null : (job.lastError ?? null),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    dueAt: waiting ? job.nextAttemptAt.toISOString() : null,
    heldUntil: held ? job.nextAttemptAt.toISOString() : null,
  };
}
