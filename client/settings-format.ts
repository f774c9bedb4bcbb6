/**
 * Small pure helpers of the settings and admin widgets (kept out of format.ts, which ships with the
 * bell): hour labels, the time zone list, lines of a textarea, heading levels.
 */
import type { MessageId, Translator } from './messages/index.ts';
import type { EndpointChannel, GeneralSettings, Preferences } from './types.ts';

/** A channel's name for people ("Email"); a channel this build does not know keeps its id. */
export function channelLabel(i18n: Translator, channel: string): string {
  const id = `channel.${channel}` as MessageId;
  const label = i18n.t(id);
  return label === id ? channel : label;
}

/** The channels that deliver through an endpoint (chat and webhooks): all but the inbox and email. */
export const endpointChannels = (channels: readonly string[]): EndpointChannel[] =>
  channels.filter((c): c is EndpointChannel => c !== 'inbox' && c !== 'email');

/**
 * Chat and webhook channels the user has on for some kind but that have no endpoint, personal or
 * shared: nothing would be sent there, and the settings page says so.
 */
export function unreachableChannels(view: Pick<Preferences, 'kinds' | 'channels' | 'matrix' | 'endpoints' | 'sharedEndpoints'>) {
  const reachable = new Set([...view.endpoints, ...view.sharedEndpoints].map((e) => e.channel));
  return endpointChannels(view.channels).filter(
    (channel) => !reachable.has(channel) && view.kinds.some((kind) => view.matrix[kind.id]?.[channel]?.enabled),
  );
}

/** "8:00 AM" / "08:00": an hour of the day as the locale writes it. */
export function hourLabel(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(
    Date.UTC(2000, 0, 1, hour),
  );
}

export const HOURS: readonly number[] = Array.from({ length: 24 }, (_, h) => h);

/**
 * IANA time zones grouped by region (`Europe`, `America`…), from `Intl.supportedValuesOf`, with
 * `UTC` (which some engines leave out) and the current value (which the engine may not know)
 * always present. Zones without a region (`UTC`) come first under the empty group.
 */
export function timeZoneGroups(current: string, supported?: readonly string[]): [string, string[]][] {
  let zones: string[];
  try {
    zones = [...(supported ?? Intl.supportedValuesOf('timeZone'))];
  } catch {
    zones = [];
  }
  for (const zone of ['UTC', current]) if (zone && !zones.includes(zone)) zones.push(zone);
  const groups = new Map<string, string[]>();
  for (const zone of zones.sort()) {
    const slash = zone.indexOf('/');
    const region = slash === -1 ? '' : zone.slice(0, slash);
    const list = groups.get(region);
    if (list) list.push(zone);
    else groups.set(region, [zone]);
  }
  return [...groups].sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)));
}

/** A textarea's lines, trimmed, blank ones left out. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

export type Heading = 'h2' | 'h3' | 'h4' | 'h5' | 'h6';

/** What the settings and admin pages take: their model, and the level of their section headings. */
export interface PageProps<M> {
  model: M;
  /** 2 by default; the host page has the title. */
  headingLevel?: number | string | null;
}

/** A heading element for a level, clamped to 2–6 (the host page has the h1); 2 when absent. */
export function headingTag(level: number | string | null | undefined, offset = 0): Heading {
  const n = Number(level);
  const base = Number.isFinite(n) && n > 0 ? Math.round(n) : 2;
  return `h${Math.min(6, Math.max(2, base + offset))}` as Heading;
}

/** Two lists hold the same strings in the same order. */
export const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** The general settings form's fields as typed. */
export interface GeneralDraft {
  enabled: boolean;
  lowStockEnabled: boolean;
  retentionDays: string;
  defaultDigestHour: number;
  publicUrl: string;
  allowedOrigins: string;
  endpointAllowList: string;
  /** Kind ids, in the order the kinds are listed. */
  urgentKinds: string[];
}

export const generalDraft = (s: GeneralSettings): GeneralDraft => ({
  enabled: s.enabled,
  lowStockEnabled: s.lowStockEnabled,
  retentionDays: String(s.retentionDays),
  defaultDigestHour: s.defaultDigestHour,
  publicUrl: s.publicUrl ?? '',
  allowedOrigins: s.allowedOrigins.join('\n'),
  endpointAllowList: s.endpointAllowList.join('\n'),
  urgentKinds: [...s.urgentKinds],
});

/** What the form changes: only fields that differ from the stored settings are sent. */
export function generalChanges(draft: GeneralDraft, s: GeneralSettings): Partial<GeneralSettings> {
  const changes: Partial<GeneralSettings> = {};
  if (draft.enabled !== s.enabled) changes.enabled = draft.enabled;
  if (draft.lowStockEnabled !== s.lowStockEnabled) changes.lowStockEnabled = draft.lowStockEnabled;
  // Not a number goes as such: the server's 400 names the field.
  const days = draft.retentionDays.trim() === '' ? Number.NaN : Number(draft.retentionDays);
  if (days !== s.retentionDays) changes.retentionDays = days;
  if (draft.defaultDigestHour !== s.defaultDigestHour) changes.defaultDigestHour = draft.defaultDigestHour;
  const publicUrl = draft.publicUrl.trim() || null;
  if (publicUrl !== s.publicUrl) changes.publicUrl = publicUrl;
  const origins = linesOf(draft.allowedOrigins);
  if (!sameList(origins, s.allowedOrigins)) changes.allowedOrigins = origins;
  const allow = linesOf(draft.endpointAllowList);
  if (!sameList(allow, s.endpointAllowList)) changes.endpointAllowList = allow;
  // A set: the order it was ticked in is no change.
  const sorted = (list: readonly string[]) => [...list].sort();
  if (!sameList(sorted(draft.urgentKinds), sorted(s.urgentKinds))) changes.urgentKinds = draft.urgentKinds;
  return changes;
}
