/**
 * The delivery queue's hot path, in SQL: jobs written set-based inside the event's transaction,
 * claimed with a lease, closed as sent, rescheduled or dead. Raw SQL on purpose (bench/fanout.ts,
 * bench/webhooks.ts): a 10,000-job fan-out goes in as one JSON parameter per 5,000 rows rather than
 * 120,000 bound values, and a claim is one UPDATE … RETURNING with SKIP LOCKED, which the ORM cannot
 * say. Everything else about jobs goes through the DeliveryJob entity (job-log.ts). One job is one message to one place:
 * (recipient, channel, endpoint), or a user's daily digest.
 *
 *   pending ──claim──▶ sending ──ok──▶ sent
 *      ▲                  │ retryable, attempts left
 *      └──────────────────┤
 *                         └─ not retryable, or last attempt ──▶ dead ──admin retry──▶ pending
 *   sending with an expired lease (the worker died) is claimed again like a due pending job.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { DeliveryState } from '../contract/index.ts';
import type { Dialect } from '../store/orm.ts';
import { chunks, IDS_PER_QUERY, marks, toDate, toDateOrNull, toJson } from '../store/sql.ts';

export type JobStatus = 'pending' | 'sending' | 'sent' | 'dead';
/** What the admin log shows: `retrying` is a pending job that has failed before. */
export type JobState = DeliveryState;

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
