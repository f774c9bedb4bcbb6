/**
 * Readers that turn a notification's stored `data` into the typed shapes the catalogs and channels
 * render, through the contract's schemas (server/contract/notification-data.ts). They never throw:
 * a missing or odd field becomes its default, so one odd row cannot break an inbox page or a
 * delivery. Links pass the link rule here, once, whatever renders them.
 */
import {
  type BuildCreatedData,
  BuildCreatedData as BuildCreatedSchema,
  type LowStockData,
  LowStockData as LowStockSchema,
  MessageData as MessageSchema,
  parseStored,
  type StockShortData,
  StockShortData as StockShortSchema,
} from '../contract/index.ts';
import type { MessageData } from './types.ts';

type Data = Record<string, unknown>;

/**
 * A link as stored: kept when it is an absolute http(s) URL or a host-relative path; anything
 * else (`javascript:`, `data:`, protocol-relative `//evil`) becomes null.
 */
export function storedLink(value: unknown): string | null {
  const s = typeof value === 'string' ? value.trim() : '';
  if (s === '') return null;
  if (s.startsWith('/') && !s.startsWith('//') && !s.startsWith('/\\')) return s;
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

export function readLowStock(d: Data): LowStockData {
  const data = parseStored(LowStockSchema, d);
  return { ...data, url: storedLink(data.url) };
}

export function readStockShort(d: Data): StockShortData {
  // Lines that are not objects at all are dropped rather than shown as empty rows.
  const lines = Array.isArray(d.lines) ? d.lines.filter((line) => line !== null && typeof line === 'object') : [];
  const data = parseStored(StockShortSchema, { ...d, lines });
  return { ...data, url: storedLink(data.url), lines: data.lines.map((line) => ({ ...line, url: storedLink(line.url) })) };
}

export function readBuildCreated(d: Data): BuildCreatedData {
  const data = parseStored(BuildCreatedSchema, d);
  return { ...data, url: storedLink(data.url), createdByName: data.createdByName || null };
}

/** `message` and host kinds: `{ subject, body?, link? }` (`title` / `url` accepted as aliases). */
export function readMessage(d: Data): MessageData {
  const data = parseStored(MessageSchema, d);
  return { subject: data.subject || data.title || '', body: data.body ?? '', link: storedLink(data.link ?? data.url) };
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
