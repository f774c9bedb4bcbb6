/**
 * Readers that turn a notification's stored `data` (JSON, written by an older or newer version,
 * or by a host) into the typed shapes the catalogs and channels render. They never throw: a
 * missing field becomes '' / NaN / null so one odd row cannot break an inbox page or a delivery.
 */
import type { BuildCreatedData, LowStockData, MessageData, ShortLine, StockShortData } from './types.ts';
import { safeLink, withoutBidiControls } from './untrusted.ts';

type Data = Record<string, unknown>;

/** A stored value as text, without direction controls (they could disguise a name). */
export function text(value: unknown): string {
  if (typeof value === 'string') return withoutBidiControls(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'bigint') return value.toString();
  return '';
}

export function num(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return Number.NaN;
}

function optionalText(value: unknown): string | null {
  const s = text(value);
  return s === '' ? null : s;
}

/** A link as stored, through the one link rule (./untrusted.ts): absolute http(s) or host-relative, else null. */
export const storedLink = safeLink;

export function readLowStock(d: Data): LowStockData {
  return {
    partId: text(d.partId),
    partName: text(d.partName),
    stock: num(d.stock),
    minimum: num(d.minimum),
    url: storedLink(d.url),
  };
}

function readLine(value: unknown): ShortLine | null {
  if (!value || typeof value !== 'object') return null;
  const l = value as Data;
  return {
    partId: text(l.partId),
    partName: text(l.partName),
    required: num(l.required),
    stock: num(l.stock),
    minimum: num(l.minimum),
    url: storedLink(l.url),
  };
}

export function readStockShort(d: Data): StockShortData {
  const lines = Array.isArray(d.lines) ? d.lines.map(readLine).filter((l) => l !== null) : [];
  return {
    buildId: text(d.buildId),
    reference: text(d.reference),
    partId: text(d.partId),
    partName: text(d.partName),
    quantity: num(d.quantity),
    url: storedLink(d.url),
    lines,
  };
}

export function readBuildCreated(d: Data): BuildCreatedData {
  return {
    buildId: text(d.buildId),
    reference: text(d.reference),
    partId: text(d.partId),
    partName: text(d.partName),
    quantity: num(d.quantity),
    url: storedLink(d.url),
    createdByName: optionalText(d.createdByName),
  };
}

/** `message` and host kinds: `{ subject, body?, link? }` (`title` / `url` accepted as aliases). */
export function readMessage(d: Data): MessageData {
  return {
    subject: text(d.subject) || text(d.title),
    body: text(d.body),
    link: storedLink(d.link ?? d.url),
  };
}

/** Where a notification of this kind leads, as stored. */
export function linkOf(kind: string, d: Data): string | null {
  switch (kind) {
    case 'part.low_stock':
    case 'build.stock_short':
    case 'build.created':
      return storedLink(d.url);
    default:
      return readMessage(d).link;
  }
}
