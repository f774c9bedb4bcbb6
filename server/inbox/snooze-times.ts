/**
 * When a snooze ends: a time the user chose, or a preset worked out in the user's own zone.
 * "Tomorrow" and "next week" mean the start of the user's day: the end of their nightly quiet
 * hours when they keep some, else their digest hour (a morning hour they chose, 08:00 by default).
 */
import type { Context } from '../context.ts';
import type { SnoozePreset } from '../contract/index.ts';
import { addDays, localTime, usableTimeZone, weekday, zonedTime } from '../delivery/local-time.ts';
import type { AuthenticatedUser } from '../host.ts';
import { DEFAULT_EMAIL_SETTINGS, loadEmailSettings } from '../settings/user-preferences.ts';

const HOUR_MS = 3_600_000;
/** A snooze longer than this is a mistake more often than a plan. */
export const MAX_SNOOZE_MS = 366 * 24 * HOUR_MS;

export interface UserDay {
  timeZone: string;
  /** Minutes past local midnight. */
  startOfDay: number;
}

/** The instant a preset snooze ends, from `now`. `nextWeek` is the coming Monday (not today). */
export function presetTime(preset: SnoozePreset, now: Date, day: UserDay): Date {
  if (preset === 'hour') return new Date(now.getTime() + HOUR_MS);
  const today = localTime(now, day.timeZone).date;
  const days = preset === 'tomorrow' ? 1 : (8 - weekday(today)) % 7 || 7;
  return zonedTime(addDays(today, days), day.startOfDay, day.timeZone);
}

/** The user's zone and the start of their day, from their settings (and the host's record for the zone). */
export async function userDay(ctx: Context, user: AuthenticatedUser): Promise<UserDay> {
  const em = ctx.em();
  const stored = (await loadEmailSettings(em, [user.id])).get(user.id) ?? DEFAULT_EMAIL_SETTINGS;
  const timeZone = stored.timeZone ?? usableTimeZone((await ctx.host.getUsers([user.id]))[0]?.timeZone);
  const { from, to } = stored.quiet;
  if (from !== null && to !== null && from !== to) return { timeZone, startOfDay: to };
  const { settings } = await ctx.settings.readWithDefaults(em);
  return { timeZone, startOfDay: (stored.digestHour ?? settings.defaultDigestHour) * 60 };
}
