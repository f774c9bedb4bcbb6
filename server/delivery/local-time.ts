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
}

export function localTime(now: Date, timeZone: string): LocalTime {
  const parts = formatter(usableTimeZone(timeZone)).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, hour: Number(get('hour')) % 24 };
}
