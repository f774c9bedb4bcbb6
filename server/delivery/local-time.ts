/**
 * Wall-clock time in a user's zone with Intl (no dependency): the local date a digest belongs to
 * and the local hour that decides whether it is due. Time zones are validated against the zones
 * this Node knows (`Intl.supportedValuesOf('timeZone')`, plus `UTC`).
 */

let zones: Set<string> | null = null;

export function isTimeZone(value: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return zones.has(value);
}

/** A zone from a host record: used when valid, else UTC. */
export function usableTimeZone(value: string | null | undefined): string {
  if (!value) return 'UTC';
  if (isTimeZone(value)) return value;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    return 'UTC';
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    if (formatters.size < 1_000) formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  /** `YYYY-MM-DD` */
  date: string;
  /** 0–23 */
  hour: number;
  /** Minutes since local midnight, 0–1439. */
  minutes: number;
}

export function localTime(now: Date, timeZone: string): LocalTime {
  const parts = formatter(usableTimeZone(timeZone)).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const hour = Number(get('hour')) % 24;
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour, minutes: hour * 60 + Number(get('minute')) };
}

/** The calendar day `days` after `date` (both `YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** 0 Sunday … 6 Saturday. */
export function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/**
 * The instant the wall clock in `timeZone` shows `minutes` past midnight on `date`. Across a
 * daylight-saving change the offset is asked twice, so the answer uses the offset in force then;
 * a wall time skipped by the change lands just after it.
 */
export function zonedTime(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  const offset = (instant: number) => {
    const local = localTime(new Date(instant), timeZone);
    return Date.parse(`${local.date}T00:00:00Z`) + local.minutes * 60_000 - Math.floor(instant / 60_000) * 60_000;
  };
  const first = wall - offset(wall);
  return new Date(wall - offset(first));
}
