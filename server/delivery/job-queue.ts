/**
 * The delivery queue's hot path, in SQL on the driver (bound, prepared statements): jobs written
 * inside the event's transaction, claimed with a lease, closed as sent, rescheduled or dead. Raw SQL
 * on purpose (bench/fanout.ts, bench/webhooks.ts, bench/queue.ts): a 10,000-job fan-out's inserts,
 * and a claim that is one UPDATE … RETURNING with SKIP LOCKED, which the ORM cannot say.
 * Everything else about jobs goes through the DeliveryJob entity (job-log.ts). One job is one message to one place:
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
import { boundList, type Driver, multiRowInsert, statement } from '../store/driver.ts';
import { chunks, IDS_PER_QUERY, toDate, toDateOrNull, toJson } from '../store/sql.ts';

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
  /** Held until then (the user's quiet hours); absent or null: due now. */
  notBefore?: Date | null;
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

// SQLite: a hundred jobs per INSERT, the statement prepared once per size (as the inbox rows,
// store/event-writer.ts).
const SQLITE_JOBS_PER_INSERT = 100;
const sqliteInsert = multiRowInsert(
  'insert_jobs',
  `insert into stockbell_deliveries
     (notification_id, user_id, channel, endpoint_id, kind, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at)`,
  "(?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)",
  'on conflict (idempotency_key) do nothing',
);
const INSERT_JOBS = statement(
  'insert_jobs',
  'unused on SQLite',
  `insert into stockbell_deliveries
     (notification_id, user_id, channel, endpoint_id, kind, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at)
   select x.notification_id, x.user_id, x.channel, x.endpoint_id, x.kind, x.key, x.payload, 'pending', 0, coalesce(x.not_before, $2), $2, $2
   from jsonb_to_recordset($1::jsonb) as x(notification_id integer, user_id text, channel text, endpoint_id integer, kind text, key text, payload jsonb, not_before timestamptz)
   on conflict (idempotency_key) do nothing`,
);

/**
 * Writes the jobs inside the event's transaction; a job whose key exists already is skipped.
 * Returns how many went in. SQLite inserts a hundred at a time; PostgreSQL takes a chunk
 * of jobs as one bound JSON parameter.
 */
export async function insertJobs(db: Driver, tx: EntityManager, jobs: readonly NewJob[], now: Date): Promise<number> {
  if (jobs.length === 0) return 0;
  if (db.dialect === 'sqlite') {
    let inserted = 0;
    for (const chunk of chunks(jobs, SQLITE_JOBS_PER_INSERT)) {
      const params = chunk.flatMap((job) => [
        job.notificationId, job.userId, job.channel, job.endpointId, job.kind, job.key, job.payload && JSON.stringify(job.payload), job.notBefore ?? now, now, now,
      ]);
      inserted += (await db.executeIn(tx, sqliteInsert(chunk.length), params)).changes;
    }
    return inserted;
  }
  let inserted = 0;
  for (const chunk of chunks(jobs, JOBS_PER_INSERT)) {
    const rows = chunk.map((job) => ({
      notification_id: job.notificationId, user_id: job.userId, channel: job.channel, endpoint_id: job.endpointId, kind: job.kind, key: job.key, payload: job.payload,
      not_before: job.notBefore ?? null,
    }));
    inserted += (await db.executeIn(tx, INSERT_JOBS, [JSON.stringify(rows), now])).changes;
  }
  return inserted;
}

// Two statements rather than one with an OR, so each walks its own index and stops at the limit.
// On PostgreSQL the candidates are locked with SKIP LOCKED: instances claiming at once never take
// the same job. SQLite runs each statement with the database to itself.
const claim = (name: string, where: string, order: string) =>
  statement(
    name,
    `update stockbell_deliveries set status = 'sending', attempts = attempts + 1, lease_until = ?, updated_at = ?
     where id in (select id from stockbell_deliveries where ${where} order by ${order} limit ?)
     returning ${SELECT}`,
    `update stockbell_deliveries set status = 'sending', attempts = attempts + 1, lease_until = $1, updated_at = $2
     where id in (select id from stockbell_deliveries where ${where.replace('?', '$3')} order by ${order} limit $4 for update skip locked)
     returning ${SELECT}`,
  );
const CLAIM_EXPIRED = claim('claim_expired', `status = 'sending' and lease_until < ?`, 'lease_until, id');
const CLAIM_DUE = claim('claim_due', `status = 'pending' and next_attempt_at <= ?`, 'next_attempt_at, id');

/**
 * Takes up to `limit` due jobs — sending with an expired lease (a worker died), then pending and
 * due, oldest first — and leases them: status `sending`, attempts + 1, `lease_until` = now + lease.
 */
export async function claimJobs(db: Driver, now: Date, leaseMs: number, limit: number): Promise<Job[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  const expired = (await db.execute<Row>(CLAIM_EXPIRED, [leaseUntil, now, now, limit])).rows;
  const due = expired.length < limit ? (await db.execute<Row>(CLAIM_DUE, [leaseUntil, now, now, limit - expired.length])).rows : [];
  return [...expired, ...due].map(fromRow).sort((a, b) => a.id - b.id);
}

export interface Outcome {
  job: Job;
  /**
   * Sent; failed (to be tried again at `retryAt`, or dead when null); or released unsent because
   * its lease would have run out before a send could finish (back to pending, the attempt undone).
   */
  result:
    | { ok: true }
    | { ok: false; error: string; retryAt: Date | null }
    | { ok: false; released: true }
    /** Given back untried: its destination is paused (circuit-breaker.ts) until then. */
    | { ok: false; paused: Date; error: string };
}

// Each outcome is written only while the job is still ours (same attempt, still sending): if our
// lease ran out and another worker took the job, its outcome is the one that counts.
const SENT = statement(
  'jobs_sent',
  `update stockbell_deliveries set status = 'sent', lease_until = null, last_error = null, updated_at = ?
   where status = 'sending' and id in (select value from json_each(?))`,
  `update stockbell_deliveries set status = 'sent', lease_until = null, last_error = null, updated_at = $1
   where status = 'sending' and id = any($2::int[])`,
);
const RELEASED = statement(
  'job_released',
  `update stockbell_deliveries set status = 'pending', attempts = attempts - 1, lease_until = null, updated_at = ?
   where id = ? and status = 'sending' and attempts = ?`,
);
const PAUSED = statement(
  'job_paused',
  `update stockbell_deliveries set status = 'pending', attempts = attempts - 1, next_attempt_at = ?, lease_until = null, last_error = ?, updated_at = ?
   where id = ? and status = 'sending' and attempts = ?`,
);
const RETRY = statement(
  'job_retry',
  `update stockbell_deliveries set status = 'pending', next_attempt_at = ?, lease_until = null, last_error = ?, updated_at = ?
   where id = ? and status = 'sending' and attempts = ?`,
);
const DEAD = statement(
  'job_dead',
  `update stockbell_deliveries set status = 'dead', lease_until = null, last_error = ?, updated_at = ?
   where id = ? and status = 'sending' and attempts = ?`,
);

/** Records a batch's outcomes in one transaction: the sent in one statement, each failure on its own row. */
export async function recordOutcomes(db: Driver, outcomes: readonly Outcome[], now: Date): Promise<void> {
  if (outcomes.length === 0) return;
  await db.transaction(async (t) => {
    const sent = outcomes.filter((o) => o.result.ok).map((o) => o.job.id);
    for (const chunk of chunks(sent, IDS_PER_QUERY)) {
      await t.execute(SENT, [now, boundList(db, chunk)]);
    }
    for (const { job, result } of outcomes) {
      if (result.ok) continue;
      if ('released' in result) {
        await t.execute(RELEASED, [now, job.id, job.attempts]);
        continue;
      }
      if ('paused' in result) {
        await t.execute(PAUSED, [result.paused, result.error.slice(0, MAX_ERROR), now, job.id, job.attempts]);
        continue;
      }
      const error = result.error.slice(0, MAX_ERROR);
      if (result.retryAt) await t.execute(RETRY, [result.retryAt, error, now, job.id, job.attempts]);
      else await t.execute(DEAD, [error, now, job.id, job.attempts]);
    }
  });
}
