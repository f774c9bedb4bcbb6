/**
 * A user's own choices, through the Preference and UserSettings entities: the matrix cells they
 * overrode, and their email mode, digest hour and time zone. Reads take a whole batch of users at
 * once (delivery plans for thousands of recipients); writes are one user's, from the preferences
 * route.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { EmailMode, EmailSettingsChange, Switches } from '../contract/index.ts';
import { Notification, Preference, UserSettings } from '../store/entities.ts';
import { inChunks } from '../store/sql.ts';

const EMAIL_MODES: readonly EmailMode[] = ['immediate', 'digest', 'off'];

/** A user's stored email settings (the API shows them with the defaults filled in). */
export interface StoredEmailSettings {
  mode: EmailMode;
  /** Null: the global `defaultDigestHour`. */
  digestHour: number | null;
  /** Null: the host user's `timeZone`, else UTC. */
  timeZone: string | null;
  /** The digest covers this user's notifications with a greater id. */
  digestAfterId: number;
  /** When the last digest was planned (alerts resolved since are listed apart); null before the first. */
  digestAfterAt: Date | null;
  /** Quiet hours: a nightly window in minutes of the day (null: none) and weekends (delivery/quiet-hours.ts). */
  quiet: { from: number | null; to: number | null; weekends: boolean };
}

export const DEFAULT_EMAIL_SETTINGS: StoredEmailSettings = {
  mode: 'immediate',
  digestHour: null,
  timeZone: null,
  digestAfterId: 0,
  digestAfterAt: null,
  quiet: { from: null, to: null, weekends: false },
};

const read = { disableIdentityMap: true } as const;

export async function loadOverrides(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Switches>> {
  const found = new Map<string, Switches>();
  for (const row of await inChunks(userIds, (chunk) => em.find(Preference, { userId: { $in: chunk } }, read))) {
    const cells = found.get(row.userId) ?? {};
    found.set(row.userId, cells);
    cells[row.kind] = { ...cells[row.kind], [row.channel]: row.enabled };
  }
  return found;
}

/** A stored row's choices, as the ORM or the fan-out's own read (recipient-choices.ts) returns them. */
export type EmailSettingsRow = Pick<
  UserSettings,
  'emailMode' | 'digestHour' | 'timeZone' | 'digestAfterId' | 'digestAfterAt' | 'quietFrom' | 'quietTo' | 'quietWeekends'
>;

export function toSettings(row: EmailSettingsRow): StoredEmailSettings {
  return {
    mode: (EMAIL_MODES as readonly string[]).includes(row.emailMode) ? (row.emailMode as EmailMode) : 'immediate',
    digestHour: row.digestHour ?? null,
    timeZone: row.timeZone ?? null,
    digestAfterId: row.digestAfterId,
    digestAfterAt: row.digestAfterAt ?? null,
    quiet: { from: row.quietFrom ?? null, to: row.quietTo ?? null, weekends: row.quietWeekends },
  };
}

export async function loadEmailSettings(em: EntityManager, userIds: readonly string[]): Promise<Map<string, StoredEmailSettings>> {
  const rows = await inChunks(userIds, (chunk) => em.find(UserSettings, { userId: { $in: chunk } }, read));
  return new Map(rows.map((row) => [row.userId, toSettings(row)]));
}

/** Sets (true/false) or clears (null) one user's cells. */
export async function writeOverrides(
  em: EntityManager,
  userId: string,
  changes: Record<string, Record<string, boolean | null>>,
  now: Date,
): Promise<void> {
  const set: { userId: string; kind: string; channel: string; enabled: boolean; updatedAt: Date }[] = [];
  for (const [kind, row] of Object.entries(changes)) {
    for (const [channel, enabled] of Object.entries(row)) {
      if (enabled === null) await em.nativeDelete(Preference, { userId, kind, channel });
      else set.push({ userId, kind, channel, enabled, updatedAt: now });
    }
  }
  if (set.length > 0) await em.upsertMany(Preference, set);
}

/**
 * Changes one user's email settings. Switching into digest mode starts the digest from here: what
 * the user was already told (immediately, or not at all) is not mailed again in the first digest.
 */
export async function writeEmailSettings(
  em: EntityManager,
  userId: string,
  patch: EmailSettingsChange & { quiet?: StoredEmailSettings['quiet'] },
  now: Date,
): Promise<void> {
  const current = (await loadEmailSettings(em, [userId])).get(userId) ?? DEFAULT_EMAIL_SETTINGS;
  const next: StoredEmailSettings = {
    ...current,
    mode: patch.mode ?? current.mode,
    digestHour: patch.digestHour === undefined ? current.digestHour : patch.digestHour,
    timeZone: patch.timeZone === undefined ? current.timeZone : patch.timeZone,
    quiet: patch.quiet ?? current.quiet,
  };
  if (next.mode === 'digest' && current.mode !== 'digest') {
    const [newest] = await em.find(Notification, { userId }, { fields: ['id'], orderBy: { id: 'desc' }, limit: 1, disableIdentityMap: true });
    next.digestAfterId = newest?.id ?? 0;
    next.digestAfterAt = now;
  }
  await em.upsert(UserSettings, {
    userId,
    emailMode: next.mode,
    digestHour: next.digestHour,
    timeZone: next.timeZone,
    digestAfterId: next.digestAfterId,
    digestAfterAt: next.digestAfterAt,
    quietFrom: next.quiet.from,
    quietTo: next.quiet.to,
    quietWeekends: next.quiet.weekends,
    updatedAt: now,
  });
}
