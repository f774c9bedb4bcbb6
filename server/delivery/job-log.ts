/**
 * The delivery log through the DeliveryJob entity: what admins page through, count and retry, and
 * the pruning of settled jobs. (The hot path — insert, claim, outcome — is job-queue.ts.)
 */
import { type EntityManager, raw } from '@mikro-orm/sql';
import { DeliveryJob, Endpoint } from '../store/entities.ts';
import type { DigestPayload, Job, JobState, JobStatus } from './job-queue.ts';

export interface LoggedJob extends Job {
  endpointName: string | null;
  endpointShared: boolean;
}

function toJob(row: DeliveryJob): Job {
  return {
    id: row.id,
    notificationId: row.notificationId ?? null,
    userId: row.userId,
    channel: row.channel,
    endpointId: row.endpointId ?? null,
    kind: row.kind,
    key: row.idempotencyKey,
    payload: (row.payload as DigestPayload | null | undefined) ?? null,
    status: row.status as JobStatus,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    leaseUntil: row.leaseUntil ?? null,
    lastError: row.lastError ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

const STATE_FILTER: Record<JobState, object> = {
  pending: { status: 'pending', attempts: 0 },
  retrying: { status: 'pending', attempts: { $gt: 0 } },
  sending: { status: 'sending' },
  sent: { status: 'sent' },
  dead: { status: 'dead' },
};

/** The admin log, newest first, by id cursor, with each job's endpoint named. */
export async function listJobs(
  em: EntityManager,
  options: { state?: JobState | undefined; limit: number; cursor?: number | undefined },
): Promise<{ jobs: LoggedJob[]; nextCursor: string | null }> {
  const where = {
    ...(options.state ? STATE_FILTER[options.state] : {}),
    ...(options.cursor !== undefined ? { id: { $lt: options.cursor } } : {}),
  };
  const rows = await em.find(DeliveryJob, where, { orderBy: { id: 'desc' }, limit: options.limit + 1, disableIdentityMap: true });
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  const endpointIds = [...new Set(page.flatMap((row) => (row.endpointId == null ? [] : [row.endpointId])))];
  const endpoints = new Map(
    (endpointIds.length > 0 ? await em.find(Endpoint, { id: { $in: endpointIds } }, { fields: ['id', 'name', 'userId'], disableIdentityMap: true }) : [])
      .map((e) => [e.id, e]),
  );
  const jobs = page.map((row) => {
    const endpoint = row.endpointId == null ? undefined : endpoints.get(row.endpointId);
    return { ...toJob(row), endpointName: endpoint?.name ?? null, endpointShared: endpoint !== undefined && endpoint.userId == null };
  });
  return { jobs, nextCursor: more ? String(page[page.length - 1]?.id) : null };
}

export async function findJob(em: EntityManager, id: number): Promise<Job | null> {
  const row = await em.findOne(DeliveryJob, { id }, { disableIdentityMap: true });
  return row ? toJob(row) : null;
}

/**
 * An admin's retry: a dead job, or a pending one that has failed before, becomes due now with a
 * fresh set of attempts. False when the job is not in such a state (sent, or being sent).
 */
export async function retryJob(em: EntityManager, id: number, now: Date): Promise<boolean> {
  const updated = await em.nativeUpdate(
    DeliveryJob,
    { id, $or: [{ status: 'dead' }, { status: 'pending', attempts: { $gt: 0 } }] },
    { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, updatedAt: now },
  );
  return updated > 0;
}

/**
 * An admin's "retry all": every dead job of a channel, of an endpoint, or of all of them, due now
 * with a fresh set of attempts. Returns how many.
 */
export async function retryDeadJobs(em: EntityManager, filter: { channel?: string | undefined; endpointId?: number | undefined }, now: Date): Promise<number> {
  return em.nativeUpdate(
    DeliveryJob,
    {
      status: 'dead',
      ...(filter.channel !== undefined ? { channel: filter.channel } : {}),
      ...(filter.endpointId !== undefined ? { endpointId: filter.endpointId } : {}),
    },
    { status: 'pending', attempts: 0, nextAttemptAt: now, leaseUntil: null, updatedAt: now },
  );
}

/** Counts per status (tests, benchmarks, the admin page's header). */
export async function countJobs(em: EntityManager): Promise<Record<JobStatus, number>> {
  const counts: Record<JobStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  const rows = await em
    .createQueryBuilder(DeliveryJob)
    .select(['status', raw('count(*) as n')])
    .groupBy('status')
    .execute<{ status: JobStatus; n: number | string }[]>();
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

const DAY_MS = 86_400_000;
const PRUNE_BATCH = 5_000;
/** How long settled jobs stay in the admin log. */
export const KEEP_SENT_MS = 7 * DAY_MS;
export const KEEP_DEAD_MS = 30 * DAY_MS;

/**
 * Deletes settled jobs past their keep time, a bounded batch per status per call (the scheduler
 * calls it every few minutes). Judged by `next_attempt_at` (when the job was last due), which the
 * claiming index already orders, rather than scanning every sent row.
 */
export async function pruneJobs(em: EntityManager, now: Date): Promise<number> {
  let total = 0;
  for (const [status, keep] of [['sent', KEEP_SENT_MS], ['dead', KEEP_DEAD_MS]] as const) {
    const due = await em.find(
      DeliveryJob,
      { status, nextAttemptAt: { $lt: new Date(now.getTime() - keep) } },
      { fields: ['id'], limit: PRUNE_BATCH, disableIdentityMap: true },
    );
    if (due.length > 0) total += await em.nativeDelete(DeliveryJob, { id: { $in: due.map((job) => job.id) } });
  }
  return total;
}
