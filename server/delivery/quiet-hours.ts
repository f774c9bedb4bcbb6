/**
 * Quiet hours (PRODUCT §9): while a user's window is on, external channels hold what they would
 * send (the inbox never does) and send it when the window opens. Pure: the rule, the moment and
 * the user's zone in, the instant the window opens (or null, not quiet now) out.
 */
import type { QuietHours } from '../contract/index.ts';
import { addDays, localTime, weekday, zonedTime } from './local-time.ts';

/** A window in minutes of the day (`from` > `to` crosses midnight; equal: no nightly window), and weekends. */
export interface QuietRule {
  from: number | null;
  to: number | null;
  weekends: boolean;
}

export const NO_QUIET_HOURS: QuietRule = { from: null, to: null, weekends: false };

/** `19:00` → 1140. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** `1140` → `19:00`. */
export function clockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

export function toRule(quiet: QuietHours | null): QuietRule {
  if (!quiet) return NO_QUIET_HOURS;
  return { from: quiet.nights ? minutesOf(quiet.nights.from) : null, to: quiet.nights ? minutesOf(quiet.nights.to) : null, weekends: quiet.weekends };
}

export function fromRule(rule: QuietRule): QuietHours {
  const nights = rule.from !== null && rule.to !== null ? { from: clockTime(rule.from), to: clockTime(rule.to) } : null;
  return { nights, weekends: rule.weekends };
}

function atNight(rule: QuietRule, minutes: number): boolean {
  const { from, to } = rule;
  if (from === null || to === null || from === to) return false;
  return from < to ? minutes >= from && minutes < to : minutes >= from || minutes < to;
}

function quietAt(rule: QuietRule, date: string, minutes: number): boolean {
  const day = weekday(date);
  return (rule.weekends && (day === 0 || day === 6)) || atNight(rule, minutes);
}

/** When the user's quiet hours end, if `now` is inside them; null when it is not (send now). */
export function quietUntil(rule: QuietRule, now: Date, timeZone: string): Date | null {
  if (rule.from === null && !rule.weekends) return null;
  const local = localTime(now, timeZone);
  if (!quietAt(rule, local.date, local.minutes)) return null;
  // The window can only open at midnight (a weekend ending) or at `to` (a night ending).
  const openings = [0, ...(rule.to === null ? [] : [rule.to])].sort((a, b) => a - b);
  for (let days = 0; days <= 8; days += 1) {
    const date = addDays(local.date, days);
    for (const minutes of openings) {
      if (days === 0 && minutes <= local.minutes) continue;
      if (!quietAt(rule, date, minutes)) return zonedTime(date, minutes, timeZone);
    }
  }
  return null;
}
