/**
 * The daily digest: for each user in `digest` mode, once their local hour reaches their digest
 * hour, one email with every notification since their last digest (kinds with email switched
 * off are left out), grouped by kind by the email channel's `renderDigest`.
 *
 * "Once a day" is a row: `stockbell_digests (user_id, local_date)` is unique and written in the
 * same transaction as the digest's delivery job and the user's new watermark, so a restart, a
 * second pass or a second instance finds the day taken and does nothing. A day with nothing new
 * is taken too (no mail), so something arriving at 10:00 waits for tomorrow's digest instead of
 * making a second one. The digest itself is an ordinary delivery job (`kind = 'digest'`): claimed,
 * retried and dead-lettered like any other.
 *
 * The watermark is a notification id. On PostgreSQL the pass takes a SHARE lock on the
 * notifications table for its short transaction, so no event transaction is half-way through
 * when it reads `max(id)`: a row with a lower id that commits later cannot be skipped. SQLite has
 * one writer at a time, so the same holds without a lock.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { digestKey } from '../channels/email.ts';
import type { Context } from '../context.ts';
import type { HostUser } from '../host.ts';
import { type Defaults, effective } from '../settings/matrix.ts';
import { loadOverrides } from '../settings/user-preferences.ts';
import { insertJobs, type NewJob, pruneJobs } from './jobs.ts';
import { localTime, usableTimeZone } from './local-time.ts';
import { chunks, IDS_PER_QUERY, marks, rowMarks } from '../store/sql.ts';

export interface DigestStats {
  /** Users in digest mode looked at. */
  users: number;
  /** Users whose hour had come and whose day was still open. */
  due: number;
  /** Digest jobs written (users with something new). */
  planned: number;
}

const USERS_PER_PASS = 1_000;
const KEEP_DIGEST_ROWS_MS = 7 * 86_400_000;

interface Candidate {
  userId: string;
  date: string;
  timeZone: string;
  afterId: number;
  roles: string[];
}

export async function runDigests(ctx: Context): Promise<DigestStats> {
  const stats: DigestStats = { users: 0, due: 0, planned: 0 };
  const now = ctx.clock.now();
  const em = ctx.em();
  const { settings, defaults } = await ctx.settings.readWithDefaults(em);
  if (!settings.enabled) return stats;
  let after = '';
  for (;;) {
    const rows = await em.execute<{ user_id: string; digest_hour: number | null; time_zone: string | null; digest_after_id: number | string }[]>(
      `select user_id, digest_hour, time_zone, digest_after_id from stockbell_user_settings
       where email_mode = 'digest' and user_id > ? order by user_id limit ${USERS_PER_PASS}`,
      [after],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.user_id ?? after;
    stats.users += rows.length;
    const users = new Map((await ctx.host.getUsers(rows.map((row) => row.user_id))).map((user) => [user.id, user]));
    const candidates: Candidate[] = [];
    for (const row of rows) {
      const user = users.get(row.user_id);
      if (!user?.active || !user.email) continue;
      const timeZone = row.time_zone ?? usableTimeZone(user.timeZone);
      const local = localTime(now, timeZone);
      const hour = row.digest_hour === null ? settings.defaultDigestHour : Number(row.digest_hour);
      if (local.hour < hour) continue;
      candidates.push({ userId: row.user_id, date: local.date, timeZone, afterId: Number(row.digest_after_id), roles: rolesOf(user) });
    }
    const open = await withoutDoneDays(em, candidates);
    stats.due += open.length;
    if (open.length > 0) stats.planned += await planDigests(ctx, open, defaults, now);
    if (rows.length < USERS_PER_PASS) break;
  }
  await em.execute('delete from stockbell_digests where created_at < ?', [new Date(now.getTime() - KEEP_DIGEST_ROWS_MS)], 'run');
  return stats;
}

function rolesOf(user: HostUser): string[] {
  return Array.isArray(user.roles) ? user.roles : [];
}

/** Takes a user's local day without a digest (switching into digest mode after today's hour). */
export async function markDigestDone(em: EntityManager, userId: string, date: string, now: Date): Promise<void> {
  await em.execute(
    'insert into stockbell_digests (user_id, local_date, created_at) values (?, ?, ?) on conflict (user_id, local_date) do nothing',
    [userId, date, now],
    'run',
  );
}

/** The cheap pre-check (no lock, no transaction) that spares the usual case: today's digest is done. */
async function withoutDoneDays(em: EntityManager, candidates: Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const done = new Set<string>();
  for (const chunk of chunks(candidates, IDS_PER_QUERY)) {
    const rows = await em.execute<{ user_id: string; local_date: string }[]>(
      `select user_id, local_date from stockbell_digests where user_id in (${marks(chunk.length)})`,
      chunk.map((c) => c.userId),
    );
    for (const row of rows) done.add(`${row.user_id}\u0000${row.local_date}`);
  }
  return candidates.filter((c) => !done.has(`${c.userId}\u0000${c.date}`));
}

/** One transaction: take the days, collect what is new, write the jobs, move the watermarks. */
async function planDigests(ctx: Context, candidates: Candidate[], defaults: Defaults, now: Date): Promise<number> {
  return ctx.em().transactional(async (tx) => {
    if (ctx.options.database.dialect === 'postgresql') {
      await tx.execute('lock table stockbell_notifications in share mode', [], 'run');
    }
    const top = await tx.execute<{ id: number | string | null }[]>('select max(id) as id from stockbell_notifications');
    const upper = Number(top[0]?.id ?? 0);

    const taken = new Set<string>();
    for (const chunk of chunks(candidates, 2_000)) {
      const rows = await tx.execute<{ user_id: string; local_date: string }[]>(
        `insert into stockbell_digests (user_id, local_date, created_at) values ${rowMarks(chunk.length, 3)}
         on conflict (user_id, local_date) do nothing returning user_id, local_date`,
        chunk.flatMap((c) => [c.userId, c.date, now]),
      );
      for (const row of rows) taken.add(`${row.user_id}\u0000${row.local_date}`);
    }
    const winners = candidates.filter((c) => taken.has(`${c.userId}\u0000${c.date}`));
    if (winners.length === 0) return 0;

    const byUser = new Map(winners.map((w) => [w.userId, [] as { id: number; kind: string }[]]));
    const lowest = Math.min(...winners.map((w) => w.afterId));
    for (const chunk of chunks(winners, IDS_PER_QUERY)) {
      const rows = await tx.execute<{ id: number | string; user_id: string; kind: string }[]>(
        `select id, user_id, kind from stockbell_notifications
         where user_id in (${marks(chunk.length)}) and id > ? and id <= ? order by id`,
        [...chunk.map((w) => w.userId), lowest, upper],
      );
      for (const row of rows) byUser.get(row.user_id)?.push({ id: Number(row.id), kind: row.kind });
    }
    const overrides = await loadOverrides(tx, winners.map((w) => w.userId));
    const jobs: NewJob[] = [];
    for (const w of winners) {
      const ids = (byUser.get(w.userId) ?? [])
        .filter((n) => n.id > w.afterId && effective(n.kind, 'email', overrides.get(w.userId), w.roles, defaults).enabled)
        .map((n) => n.id);
      if (ids.length === 0) continue;
      jobs.push({
        notificationId: null,
        userId: w.userId,
        channel: 'email',
        endpointId: null,
        kind: 'digest',
        key: digestKey(w.userId, w.date),
        payload: { type: 'digest', day: w.date, timeZone: w.timeZone, ids },
      });
    }
    await insertJobs(tx, ctx.options.database.dialect, jobs, now);
    for (const chunk of chunks(winners, IDS_PER_QUERY)) {
      await tx.execute(
        `update stockbell_user_settings set digest_after_id = ?, updated_at = ?
         where digest_after_id < ? and user_id in (${marks(chunk.length)})`,
        [upper, now, upper, ...chunk.map((w) => w.userId)],
        'run',
      );
    }
    return jobs.length;
  });
}

/**
 * Runs `runDigests` every `everyMs` (aligned to the clock, so 08:00, 08:05 …), then prunes settled
 * delivery jobs; the timer unref'd. The returned stop ends the timer and waits for a pass in flight.
 */
export function scheduleDigests(
  ctx: Context,
  everyMs: number,
  onPlanned: () => void,
  onError: (error: unknown) => void,
): () => Promise<void> {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  const next = () => {
    if (stopped) return;
    const delay = everyMs - (ctx.clock.now().getTime() % everyMs);
    timer = setTimeout(() => {
      running = runDigests(ctx)
        .then(async (stats) => {
          if (stats.planned > 0) onPlanned();
          await pruneJobs(ctx.em(), ctx.clock.now());
        })
        .catch(onError)
        .finally(() => {
          running = null;
          next();
        });
    }, delay);
    timer.unref();
  };
  next();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await running;
  };
}
