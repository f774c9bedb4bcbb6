/**
 * A user's own choices: the matrix cells they overrode, and their email mode, digest hour and time
 * zone. Reads take a whole batch of users in a few `in (…)` queries (delivery plans for thousands
 * of recipients at once); writes are one user's, from the preferences route.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { chunks, IDS_PER_QUERY, marks, toBool } from '../store/sql.ts';
import type { EmailMode, EmailSettingsChange, Switches } from '../contract/index.ts';

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
}

export const DEFAULT_EMAIL_SETTINGS: StoredEmailSettings = { mode: 'immediate', digestHour: null, timeZone: null, digestAfterId: 0 };

export async function loadOverrides(em: EntityManager, userIds: readonly string[]): Promise<Map<string, Switches>> {
  const found = new Map<string, Switches>();
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    const rows = await em.execute<{ user_id: string; kind: string; channel: string; enabled: unknown }[]>(
      `select user_id, kind, channel, enabled from stockbell_preferences where user_id in (${marks(chunk.length)})`,
      chunk,
    );
    for (const row of rows) {
      const cells = found.get(row.user_id) ?? {};
      found.set(row.user_id, cells);
      const kindCells = cells[row.kind] ?? {};
      kindCells[row.channel] = toBool(row.enabled);
      cells[row.kind] = kindCells;
    }
  }
  return found;
}

interface SettingsRow {
  user_id: string;
  email_mode: string;
  digest_hour: number | null;
  time_zone: string | null;
  digest_after_id: number | string;
}

function fromRow(row: SettingsRow): StoredEmailSettings {
  return {
    mode: (EMAIL_MODES as readonly string[]).includes(row.email_mode) ? (row.email_mode as EmailMode) : 'immediate',
    digestHour: row.digest_hour === null ? null : Number(row.digest_hour),
    timeZone: row.time_zone,
    digestAfterId: Number(row.digest_after_id),
  };
}

export async function loadEmailSettings(em: EntityManager, userIds: readonly string[]): Promise<Map<string, StoredEmailSettings>> {
  const found = new Map<string, StoredEmailSettings>();
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    const rows = await em.execute<SettingsRow[]>(
      `select user_id, email_mode, digest_hour, time_zone, digest_after_id from stockbell_user_settings
       where user_id in (${marks(chunk.length)})`,
      chunk,
    );
    for (const row of rows) found.set(row.user_id, fromRow(row));
  }
  return found;
}

/** Sets (true/false) or clears (null) one user's cells. */
export async function writeOverrides(
  em: EntityManager,
  userId: string,
  changes: Record<string, Record<string, boolean | null>>,
  now: Date,
): Promise<void> {
  for (const [kind, row] of Object.entries(changes)) {
    for (const [channel, value] of Object.entries(row)) {
      if (value === null) {
        await em.execute('delete from stockbell_preferences where user_id = ? and kind = ? and channel = ?', [userId, kind, channel], 'run');
      } else {
        await em.execute(
          `insert into stockbell_preferences (user_id, kind, channel, enabled, updated_at) values (?, ?, ?, ?, ?)
           on conflict (user_id, kind, channel) do update set enabled = excluded.enabled, updated_at = excluded.updated_at`,
          [userId, kind, channel, value, now],
          'run',
        );
      }
    }
  }
}


/**
 * Changes one user's email settings. Switching into digest mode starts the digest from here: what
 * the user was already told (immediately, or not at all) is not mailed again in the first digest.
 */
export async function writeEmailSettings(em: EntityManager, userId: string, patch: EmailSettingsChange, now: Date): Promise<void> {
  const current = (await loadEmailSettings(em, [userId])).get(userId) ?? DEFAULT_EMAIL_SETTINGS;
  const next: StoredEmailSettings = {
    mode: patch.mode ?? current.mode,
    digestHour: patch.digestHour === undefined ? current.digestHour : patch.digestHour,
    timeZone: patch.timeZone === undefined ? current.timeZone : patch.timeZone,
    digestAfterId: current.digestAfterId,
  };
  if (next.mode === 'digest' && current.mode !== 'digest') {
    const rows = await em.execute<{ id: number | string | null }[]>(
      'select max(id) as id from stockbell_notifications where user_id = ?',
      [userId],
    );
    next.digestAfterId = Number(rows[0]?.id ?? 0);
  }
  await em.execute(
    `insert into stockbell_user_settings (user_id, email_mode, digest_hour, time_zone, digest_after_id, updated_at)
     values (?, ?, ?, ?, ?, ?)
     on conflict (user_id) do update set email_mode = excluded.email_mode, digest_hour = excluded.digest_hour,
       time_zone = excluded.time_zone, digest_after_id = excluded.digest_after_id, updated_at = excluded.updated_at`,
    [userId, next.mode, next.digestHour, next.timeZone, next.digestAfterId, now],
    'run',
  );
}

