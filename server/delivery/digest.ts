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
 * Alerts resolved since the last digest go in too, even when an earlier digest carried them as
 * open: the mail lists them apart (email-digest.ts), so a digest never shouts about a part that
 * has already recovered. A digest due inside the user's quiet hours waits for them to end.
 *
 * The watermark is a notification id. On PostgreSQL the pass takes a SHARE lock on the
 * notifications table for its short transaction, so no event transaction is half-way through
 * when it reads `max(id)`: a row with a lower id that commits later cannot be skipped. SQLite has
 * one writer at a time, so the same holds without a lock.
 */
import { type EntityManager, raw } from '@mikro-orm/sql';
import { digestKey } from '../channels/email.ts';
import type { Context } from '../context.ts';
import type { HostUser } from '../host.ts';
import { type Defaults, effective } from '../settings/matrix.ts';
import { loadOverrides } from '../settings/user-preferences.ts';
import { pruneJobs } from './job-log.ts';
import { insertJobs, type NewJob } from './job-queue.ts';
import { localTime, usableTimeZone } from './local-time.ts';
import { quietUntil } from './quiet-hours.ts';
import { type Schedule, schedule } from './schedule.ts';
import { DigestDay, Notification, UserSettings } from '../store/entities.ts';
import { chunks, IDS_PER_QUERY, inChunks } from '../store/sql.ts';

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
  /** When the last digest was planned: alerts resolved after it go in. */
  afterAt: Date | null;
  /** The user's quiet hours end then (null: not quiet now). */
  notBefore: Date | null;
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
    const rows = await em.find(
      UserSettings,
      { emailMode: 'digest', userId: { $gt: after } },
      { orderBy: { userId: 'asc' }, limit: USERS_PER_PASS, disableIdentityMap: true },
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1]?.userId ?? after;
    stats.users += rows.length;
    const users = new Map((await ctx.host.getUsers(rows.map((row) => row.userId))).map((user) => [user.id, user]));
    const candidates: Candidate[] = [];
    for (const row of rows) {
      const user = users.get(row.userId);
      if (!user?.active || !user.email) continue;
      const timeZone = row.timeZone ?? usableTimeZone(user.timeZone);
      const local = localTime(now, timeZone);
      if (local.hour < (row.digestHour ?? settings.defaultDigestHour)) continue;
      const quiet = { from: row.quietFrom ?? null, to: row.quietTo ?? null, weekends: row.quietWeekends };
      candidates.push({
        userId: row.userId,
        date: local.date,
        timeZone,
        afterId: row.digestAfterId,
        afterAt: row.digestAfterAt ?? null,
        notBefore: quietUntil(quiet, now, timeZone),
        roles: rolesOf(user),
      });
    }
    const open = await withoutDoneDays(em, candidates);
    stats.due += open.length;
    if (open.length > 0) stats.planned += await planDigests(ctx, open, defaults, now);
    if (rows.length < USERS_PER_PASS) break;
  }
  await em.nativeDelete(DigestDay, { createdAt: { $lt: new Date(now.getTime() - KEEP_DIGEST_ROWS_MS) } });
  return stats;
}

function rolesOf(user: HostUser): string[] {
  return Array.isArray(user.roles) ? user.roles : [];
}

/** Takes a user's local day without a digest (switching into digest mode after today's hour). */
export async function markDigestDone(em: EntityManager, userId: string, date: string, now: Date): Promise<void> {
  await takeDays(em, [{ userId, localDate: date, createdAt: now }]);
}

/** Takes each (user, local day) not taken yet, atomically; returns the ones this call took. */
async function takeDays(em: EntityManager, days: { userId: string; localDate: string; createdAt: Date }[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (const chunk of chunks(days, 2_000)) {
    const rows = await em
      .createQueryBuilder(DigestDay)
      .insert(chunk)
      .onConflict(['userId', 'localDate'])
      .ignore()
      .returning(['userId', 'localDate'])
      .execute<{ user_id?: string; userId?: string; local_date?: string; localDate?: string }[]>('all');
    for (const row of rows) taken.add(dayKey(row.userId ?? row.user_id ?? '', row.localDate ?? row.local_date ?? ''));
  }
  return taken;
}

const dayKey = (userId: string, date: string) => `${userId}\u0000${date}`;

/** The cheap pre-check (no lock, no transaction) that spares the usual case: today's digest is done. */
async function withoutDoneDays(em: EntityManager, candidates: Candidate[]): Promise<Candidate[]> {
  if (candidates.length === 0) return [];
  const rows = await inChunks(candidates.map((c) => c.userId), (chunk) => em.find(DigestDay, { userId: { $in: chunk } }, { disableIdentityMap: true }));
  const done = new Set(rows.map((row) => dayKey(row.userId, row.localDate)));
  return candidates.filter((c) => !done.has(dayKey(c.userId, c.date)));
}

/** One transaction: take the days, collect what is new, write the jobs, move the watermarks. */
async function planDigests(ctx: Context, candidates: Candidate[], defaults: Defaults, now: Date): Promise<number> {
  return ctx.em().transactional(async (tx) => {
    if (ctx.options.database.dialect === 'postgresql') {
      // A lock the ORM has no word for: no event transaction is half-way through while max(id) is read.
      await tx.execute('lock table stockbell_notifications in share mode', [], 'run');
    }
    const [top] = await tx.createQueryBuilder(Notification).select(raw('max(id) as id')).execute<{ id: number | string | null }[]>('all');
    const upper = Number(top?.id ?? 0);

    const taken = await takeDays(tx, candidates.map((c) => ({ userId: c.userId, localDate: c.date, createdAt: now })));
    const winners = candidates.filter((c) => taken.has(dayKey(c.userId, c.date)));
    if (winners.length === 0) return 0;

    const byUser = new Map(winners.map((w) => [w.userId, [] as { id: number; kind: string; resolvedSince?: true }[]]));
    const lowest = Math.min(...winners.map((w) => w.afterId));
    const found = await inChunks(winners.map((w) => w.userId), (chunk) =>
      tx.find(Notification, { userId: { $in: chunk }, id: { $gt: lowest, $lte: upper } }, { fields: ['id', 'userId', 'kind'], orderBy: { id: 'asc' }, disableIdentityMap: true }),
    );
    for (const row of found.sort((a, b) => a.id - b.id)) byUser.get(row.userId)?.push({ id: row.id, kind: row.kind });
    const resolvedSince = await resolvedAlertsSince(tx, winners, lowest);
    const overrides = await loadOverrides(tx, winners.map((w) => w.userId));
    const jobs: NewJob[] = [];
    for (const w of winners) {
      const ids = [...(resolvedSince.get(w.userId) ?? []), ...(byUser.get(w.userId) ?? [])]
        .filter((n) => (n.id > w.afterId || n.resolvedSince) && effective(n.kind, 'email', overrides.get(w.userId), w.roles, defaults).enabled)
        .map((n) => n.id)
        .sort((a, b) => a - b);
      if (ids.length === 0) continue;
      jobs.push({
        notificationId: null,
        userId: w.userId,
        channel: 'email',
        endpointId: null,
        kind: 'digest',
        key: digestKey(w.userId, w.date),
        payload: { type: 'digest', day: w.date, timeZone: w.timeZone, ids },
        notBefore: w.notBefore,
      });
    }
    await insertJobs(ctx.db, tx, jobs, now);
    for (const chunk of chunks(winners.map((w) => w.userId), IDS_PER_QUERY)) {
      await tx.nativeUpdate(UserSettings, { userId: { $in: chunk }, digestAfterId: { $lt: upper } }, { digestAfterId: upper, updatedAt: now });
      await tx.nativeUpdate(UserSettings, { userId: { $in: chunk } }, { digestAfterAt: now });
    }
    return jobs.length;
  });
}

/**
 * Per user, their alerts an earlier digest already carried (id at or below their watermark) that
 * resolved after that digest was planned: the next one lists them as resolved.
 */
async function resolvedAlertsSince(tx: EntityManager, winners: readonly Candidate[], lowest: number): Promise<Map<string, { id: number; kind: string; resolvedSince: true }[]>> {
  const found = new Map<string, { id: number; kind: string; resolvedSince: true }[]>();
  const since = new Map(winners.map((w) => [w.userId, w]));
  const withTime = winners.filter((w) => w.afterAt !== null);
  if (withTime.length === 0) return found;
  const oldest = new Date(Math.min(...withTime.map((w) => (w.afterAt as Date).getTime())));
  const rows = await inChunks(withTime.map((w) => w.userId), (chunk) =>
    tx.find(
      Notification,
      { userId: { $in: chunk }, alertState: 'resolved', resolvedAt: { $gt: oldest }, id: { $lte: Math.max(lowest, ...withTime.map((w) => w.afterId)) } },
      { fields: ['id', 'userId', 'kind', 'resolvedAt'], orderBy: { id: 'asc' }, disableIdentityMap: true },
    ),
  );
  for (const row of rows) {
    const w = since.get(row.userId);
    if (!w?.afterAt || row.id > w.afterId || !row.resolvedAt || row.resolvedAt <= w.afterAt) continue;
    const list = found.get(row.userId) ?? [];
    list.push({ id: row.id, kind: row.kind, resolvedSince: true });
    found.set(row.userId, list);
  }
  return found;
}

/** Every `everyMs`: a digest pass, then settled delivery jobs pruned. */
export function scheduleDigests(ctx: Context, everyMs: number, onPlanned: () => void, onError: (error: unknown) => void): Schedule {
  return schedule({ everyMs }, async () => {
    const stats = await runDigests(ctx);
    if (stats.planned > 0) onPlanned();
    await pruneJobs(ctx.em(), ctx.clock.now());
  }, onError);
}
