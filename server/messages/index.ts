/**
 * Messages are data: a notification stores its kind, facts and reason; this module turns them into
 * plain text in the recipient's language. Pure and synchronous (the inbox API renders every row it
 * returns); channels escape the text their own way afterwards.
 *
 * Exports: renderNotification, formatReason, kindTitle, catalogFor, the data readers and the types.
 * A new language is one file (a `Catalog`) plus its line in `catalogs` below.
 */
import { parseReason } from '../contract/index.ts';
import { linkOf, readBuildCreated, readLowStock, readMessage, readStockShort } from './data.ts';
import { cleanData } from './untrusted.ts';
import { en } from './en.ts';
import type { Catalog, Formatters, RenderedNotification, StoredAlert, StoredNotification, SubjectAndBody } from './types.ts';

export * from './data.ts';
export { absoluteHref, absoluteLink, cleanData, safeLink, withoutBidiControls } from './untrusted.ts';
export type * from './types.ts';

/** Every language Stockbell speaks, by lower-case BCP 47 tag. English is the fallback. */
const catalogs: Readonly<Record<string, Catalog>> = {
  en,
};

export const DEFAULT_LOCALE = 'en';
export const supportedLocales: readonly string[] = Object.keys(catalogs);

interface Resolved {
  catalog: Catalog;
  f: Formatters;
}

const resolvedCache = new Map<string, Resolved>();

function makeFormatters(intlLocale: string): Formatters {
  let nf: Intl.NumberFormat;
  try {
    nf = new Intl.NumberFormat(intlLocale, { maximumFractionDigits: 6 });
  } catch {
    nf = new Intl.NumberFormat(DEFAULT_LOCALE, { maximumFractionDigits: 6 });
  }
  return { number: (v) => (v !== null && Number.isFinite(v) ? nf.format(v) : '?') };
}

/**
 * The catalog for a locale: the exact tag (`de-ch`), else its language (`de`), else English.
 * Numbers are formatted for the requested tag when its language has a catalog (so `de-CH` gets
 * Swiss grouping), otherwise for the catalog's own locale so an English text never carries
 * another locale's digits.
 */
function resolve(locale: string | null | undefined): Resolved {
  const key = (locale ?? '').trim().replace(/_/g, '-').toLowerCase();
  const hit = resolvedCache.get(key);
  if (hit) return hit;
  const language = key.split('-')[0] ?? '';
  const catalog = catalogs[key] ?? catalogs[language] ?? en;
  const intlLocale = catalog === en && language !== 'en' ? en.locale : key || catalog.locale;
  const resolved: Resolved = { catalog, f: makeFormatters(intlLocale) };
  // Locales come from host user records: a handful of distinct values, but never unbounded.
  if (resolvedCache.size < 256) resolvedCache.set(key, resolved);
  return resolved;
}

export function catalogFor(locale?: string | null): Catalog {
  return resolve(locale).catalog;
}

export function formattersFor(locale?: string | null): Formatters {
  return resolve(locale).f;
}

/** The reason a user was told, as text: "subscribed to Electronics › Passives". '' when unknown. */
export function formatReason(stored: unknown, locale?: string | null): string {
  // Names in a reason lose their direction controls like every other stored text.
  const reason = parseReason(stored !== null && typeof stored === 'object' ? cleanData(stored as Record<string, unknown>) : stored);
  if (!reason) return '';
  const r = resolve(locale).catalog.reasons;
  switch (reason.type) {
    case 'part':
      return r.part(reason.name);
    case 'template':
      return r.template(reason.name);
    case 'category':
      return r.category(reason.path.filter((p) => p !== ''));
    case 'responsible':
      return r.responsible(reason.reference);
    case 'role':
      return r.role(reason.role, reason.reference);
    case 'direct':
      return r.direct();
    case 'role-message':
      return r.roleMessage(reason.role);
  }
}

function renderKind(kind: string, data: Record<string, unknown>, { catalog, f }: Resolved): SubjectAndBody {
  switch (kind) {
    case 'part.low_stock':
      return catalog.kinds['part.low_stock'](readLowStock(data), f);
    case 'build.stock_short':
      return catalog.kinds['build.stock_short'](readStockShort(data), f);
    case 'build.created':
      return catalog.kinds['build.created'](readBuildCreated(data), f);
    default: {
      // `message` and host kinds carry their own text: rendered as given, in every language.
      const m = readMessage(data);
      return { subject: m.subject || catalog.untitled(kind), body: m.body };
    }
  }
}

/**
 * One notification as plain text in the recipient's language. `link` is the stored link
 * (host-relative or absolute); callers that leave the host (email, chat) make it absolute
 * with `publicUrl` (see channels' `toOutgoingMessage`).
 */
export function renderNotification(n: StoredNotification & StoredAlert, locale?: string | null): RenderedNotification {
  const resolved = resolve(locale);
  const data = n.data && typeof n.data === 'object' ? n.data : {};
  const { subject, body } = renderKind(n.kind, data, resolved);
  return { subject, body, reason: formatReason(n.reason, locale), link: linkOf(n.kind, data), status: alertStatus(n, locale) };
}

/** "Resolved: back to 120 (min 100)" for a resolved alert; null while open and for other kinds. */
export function alertStatus(n: StoredAlert, locale?: string | null): string | null {
  if (n.alertState !== 'resolved') return null;
  const { catalog, f } = resolve(locale);
  const r = n.resolution ?? {};
  if (typeof r.stock === 'number') return catalog.resolved.stock(f.number(r.stock), f.number(typeof r.minimum === 'number' ? r.minimum : null));
  const reason = typeof r.reason === 'string' && Object.hasOwn(catalog.resolved.build, r.reason) ? catalog.resolved.build[r.reason] : undefined;
  return reason ?? catalog.resolved.unknown;
}

/** Heading for a group of notifications of one kind (digest). */
export function kindTitle(kind: string, locale?: string | null): string {
  const { catalog } = resolve(locale);
  return catalog.kindTitles[kind] ?? catalog.otherKindTitle(kind);
}

