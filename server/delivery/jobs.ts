/**
 * The delivery job table, in SQL: written set-based inside the event's transaction, claimed with a
 * lease, closed as sent, rescheduled or dead. One job is one message to one place:
 * (recipient, channel, endpoint), or a user's daily digest.
 *
 *   pending ──claim──▶ sending ──ok──▶ sent
 *      ▲                  │ retryable, attempts left
 *      └──────────────────┤
 *                         └─ not retryable, or last attempt ──▶ dead ──admin retry──▶ pending
 *   sending with an expired lease (the worker died) is claimed again like a due pending job.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Dialect } from '../store/orm.ts';
import { chunks, IDS_PER_QUERY, marks, toDate, toDateOrNull, toJson } from '../store/sql.ts';

export type JobStatus = 'pending' | 'sending' | 'sent' | 'dead';
/** What the admin log shows: `retrying` is a pending job that has failed before. */
export type JobState = 'pending' | 'retrying' | 'sending' | 'sent' | 'dead';

export interface DigestPayload {
  type: 'digest';
  /** The user's local day, `YYYY-MM-DD`. */
  day: string;
  timeZone: string;
  /** The notifications it carries, oldest first. */
  ids: number[];
}

export interface NewJob {
  notificationId: number | null;
  userId: string;
  channel: string;
  endpointId: number | null;
  kind: string;
  /** Stable for the job's life: the Message-ID and the Idempotency-Key of every attempt. */
  key: string;
  payload: DigestPayload | null;
}

export interface Job extends NewJob {
  id: number;
  status: JobStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Rows per INSERT: one JSON parameter carries them all, so the limit is memory, not bound parameters. */
const JOBS_PER_INSERT = 5_000;
const MAX_ERROR = 1_000;

const SELECT = `id, notification_id, user_id, channel, endpoint_id, kind, status, attempts, next_attempt_at,
  lease_until, last_error, idempotency_key, payload, created_at, updated_at`;

interface Row {
  id: number | string;
  notification_id: number | string | null;
  user_id: string;
  channel: string;
  endpoint_id: number | string | null;
  kind: string;
  status: string;
  attempts: number | string;
  next_attempt_at: unknown;
  lease_until: unknown;
  last_error: string | null;
  idempotency_key: string;
  payload: unknown;
  created_at: unknown;
  updated_at: unknown;
}

function fromRow(row: Row): Job {
  return {
    id: Number(row.id),
    notificationId: row.notification_id === null ? null : Number(row.notification_id),
    userId: row.user_id,
    channel: row.channel,
    endpointId: row.endpoint_id === null ? null : Number(row.endpoint_id),
    kind: row.kind,
    status: row.status as JobStatus,
    attempts: Number(row.attempts),
    nextAttemptAt: toDate(row.next_attempt_at),
    leaseUntil: toDateOrNull(row.lease_until),
    lastError: row.last_error,
    key: row.idempotency_key,
    payload: row.payload === null || row.payload === undefined ? null : toJson<DigestPayload>(row.payload),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
  };
}

export function stateOf(job: Pick<Job, 'status' | 'attempts'>): JobState {
  return job.status === 'pending' && job.attempts > 0 ? 'retrying' : job.status;
}

/**
 * Set-based INSERTs, a chunk at a time; a job whose key exists already is skipped. Returns how
 * many went in. The rows travel as one JSON parameter (`jsonb_array_elements` on PostgreSQL,
 * `json_each` on SQLite) and the values every row shares (status, times) as single parameters:
 * binding 120,000 parameters for a 10,000-job fan-out costs more than the INSERT itself.
 */
export async function insertJobs(tx: EntityManager, dialect: Dialect, jobs: readonly NewJob[], now: Date): Promise<number> {
  const field = dialect === 'postgresql'
    ? (i: number, type: 'text' | 'int' | 'json') =>
      type === 'json' ? `nullif(x->${i}, 'null'::jsonb)` : type === 'int' ? `(x->>${i})::integer` : `x->>${i}`
    : (i: number) => `json_extract(x.value, '$[${i}]')`;
  const source = dialect === 'postgresql' ? 'jsonb_array_elements(cast(? as jsonb)) as x' : 'json_each(?) as x';
  let inserted = 0;
  for (const chunk of chunks(jobs, JOBS_PER_INSERT)) {
    const rows = chunk.map((job) => [job.notificationId, job.userId, job.channel, job.endpointId, job.kind, job.key, job.payload]);
    const result = await tx.execute<{ affectedRows: number }>(
      `insert into stockbell_deliveries
        (notification_id, user_id, channel, endpoint_id, kind, idempotency_key, payload,
         status, attempts, next_attempt_at, created_at, updated_at)
       select ${field(0, 'int')}, ${field(1, 'text')}, ${field(2, 'text')}, ${field(3, 'int')}, ${field(4, 'text')}, ${field(5, 'text')},
         ${field(6, 'json')}, 'pending', 0, ?, ?, ?
       from ${source}
       where true
       on conflict (idempotency_key) do nothing`,
      [now, now, now, JSON.stringify(rows)],
      'run',
    );
    inserted += result.affectedRows ?? 0;
  }
  return inserted;
}

/**
 * Takes up to `limit` due jobs — sending with an expired lease (a worker died), then pending and
 * due, oldest first — and leases them: status `sending`, attempts + 1, `lease_until` = now +
 * lease. Two statements rather than one with an OR, so each walks its own index and stops at the
 * limit. On PostgreSQL the candidate rows are locked with SKIP LOCKED, so instances claiming at
 * once never take the same job; SQLite runs each statement with the database to itself.
 */
export async function claimJobs(em: EntityManager, dialect: Dialect, now: Date, leaseMs: number, limit: number): Promise<Job[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const lock = dialect === 'postgresql' ? ' for update skip locked' : '';
  const claim = async (where: string, order: string, n: number) =>
    em.execute<Row[]>(
      `update stockbell_deliveries set status = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ?
       where id in (select id from stockbell_deliveries where ${where} order by ${order} limit ${Number(n)}${lock})
       returning ${SELECT}`,
      [leaseUntil, now, now],
    );
  const expired = await claim(`status = 'sending' and lease_until < ?`, 'lease_until, id', limit);
  const due = expired.length < limit ? await claim(`status = 'pending' and next_attempt_at <= ?`, 'next_attempt_at, id', limit - expired.length) : [];
  return [...expired, ...due].map(fromRow).sort((a, b) => a.id - b.id);
}

export interface Outcome {
  job: Job;
  /**
   * Sent; failed (to be tried again at `retryAt`, or dead when null); or released unsent because
   * its lease would have run out before a send could finish (back to pending, the attempt undone).
   */
  result: { ok: true } | { ok: false; error: string; retryAt: Date | null } | { ok: false; released: true };
}

/**
 * Records a batch's outcomes in one transaction: the sent in one statement, each failure on its own
 * row. A failure is written only while the job is still ours (same attempt, still sending): if our
 * lease ran out and another worker took the job, its outcome is the one that counts.
 */
export async function recordOutcomes(em: EntityManager, outcomes: readonly Outcome[], now: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await em.transactional(async (tx) => {
    const sent = outcomes.filter((o) => o.result.ok).map((o) => o.job.id);
    for (const chunk of chunks(sent, IDS_PER_QUERY)) {
      await tx.execute(
        `update stockbell_deliveries set status = 'sent', lease_until = null, last_error = null, updated_at = ?
         where status = 'sending' and id in (${marks(chunk.length)})`,
        [now, ...chunk],
        'run',
      );
    }
    for (const { job, result } of outcomes) {
      if (result.ok) continue;
      if ('released' in result) {
        await tx.execute(
          `update stockbell_deliveries set status = 'pending', attempts = attempts - 1, lease_until = null, updated_at = ?
           where id = ? and status = 'sending' and attempts = ?`,
          [now, job.id, job.attempts],
          'run',
        );
        continue;
      }
      const error = result.error.slice(0, MAX_ERROR);
      if (result.retryAt) {
        await tx.execute(
          `update stockbell_deliveries set status = 'pending', next_attempt_at = ?, lease_until = null, last_error = ?, updated_at = ?
           where id = ? and status = 'sending' and attempts = ?`,
          [result.retryAt, error, now, job.id, job.attempts],
          'run',
        );
      } else {
        await tx.execute(
          `update stockbell_deliveries set status = 'dead', lease_until = null, last_error = ?, updated_at = ?
           where id = ? and status = 'sending' and attempts = ?`,
          [error, now, job.id, job.attempts],
          'run',
        );
      }
    }
  });
}

export interface LoggedJob extends Job {
  endpointName: string | null;
  endpointShared: boolean;
}

/** The admin log, newest first, by id cursor. */
export async function listJobs(
  em: EntityManager,
  options: { state?: JobState | undefined; limit: number; cursor?: number | undefined },
): Promise<{ jobs: LoggedJob[]; nextCursor: string | null }> {
  const where: string[] = [];
  const params: unknown[] = [];
  switch (options.state) {
    case 'pending':
      where.push(`d.status = 'pending' and d.attempts = 0`);
      break;
    case 'retrying':
      where.push(`d.status = 'pending' and d.attempts > 0`);
      break;
    case undefined:
      break;
    default:
      where.push('d.status = ?');
      params.push(options.state);
  }
  if (options.cursor !== undefined) {
    where.push('d.id < ?');
    params.push(options.cursor);
  }
  const rows = await em.execute<(Row & { endpoint_name: string | null; endpoint_user: string | null })[]>(
    `select ${SELECT.split(',').map((c) => `d.${c.trim()}`).join(', ')}, e.name as endpoint_name, e.user_id as endpoint_user
     from stockbell_deliveries d left join stockbell_endpoints e on e.id = d.endpoint_id
     ${where.length ? `where ${where.join(' and ')}` : ''}
     order by d.id desc limit ${Number(options.limit) + 1}`,
    params,
  );
  const more = rows.length > options.limit;
  const page = (more ? rows.slice(0, options.limit) : rows).map((row) => ({
    ...fromRow(row),
    endpointName: row.endpoint_name,
    endpointShared: row.endpoint_id !== null && row.endpoint_name !== null && row.endpoint_user === null,
  }));
  return { jobs: page, nextCursor: more ? String(page[page.length - 1]?.id) : null };
}

export async function findJob(em: EntityManager, id: number): Promise<Job | null> {
  const rows = await em.execute<Row[]>(`select ${SELECT} from stockbell_deliveries where id = ?`, [id]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/**
 * An admin's retry: a dead job, or a pending one that has failed before, becomes due now with a
 * fresh set of attempts. Null when the job is not in such a state (sent, or being sent).
 */
export async function retryJob(em: EntityManager, id: number, now: Date): Promise<boolean> {
  const result = await em.execute<{ affectedRows: number }>(
    `update stockbell_deliveries set status = 'pending', attempts = 0, next_attempt_at = ?, lease_until = null, updated_at = ?
     where id = ? and (status = 'dead' or (status = 'pending' and attempts > 0))`,
    [now, now, id],
    'run',
  );
  return (result.affectedRows ?? 0) > 0;
}

/** Counts per status (tests, benchmarks, the admin page's header). */
export async function countJobs(em: EntityManager): Promise<Record<JobStatus, number>> {
  const rows = await em.execute<{ status: string; n: number | string }[]>(
    'select status, count(*) as n from stockbell_deliveries group by status',
  );
  const counts: Record<JobStatus, number> = { pending: 0, sending: 0, sent: 0, dead: 0 };
  for (const row of rows) counts[row.status as JobStatus] = Number(row.n);
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
    const result = await em.execute<{ affectedRows: number }>(
      `delete from stockbell_deliveries where id in
        (select id from stockbell_deliveries where status = ? and next_attempt_at < ? limit ${PRUNE_BATCH})`,
      [status, new Date(now.getTime() - keep)],
      'run',
    );
    total += result.affectedRows ?? 0;
  }
  return total;
}
