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
import { cleanData, safeLink } from './untrusted.ts';

type Data = Record<string, unknown>;

/** A link as stored, through the one link rule (./untrusted.ts): absolute http(s) or host-relative, else null. */
export const storedLink = safeLink;

// Every reader starts from cleanData: strings lose direction controls, `url`/`link` pass the link rule.

export function readLowStock(d: Data): LowStockData {
  return parseStored(LowStockSchema, cleanData(d));
}

export function readStockShort(d: Data): StockShortData {
  // Lines that are not objects at all are dropped rather than shown as empty rows.
  const lines = Array.isArray(d.lines) ? d.lines.filter((line) => line !== null && typeof line === 'object') : [];
  return parseStored(StockShortSchema, cleanData({ ...d, lines }));
}

export function readBuildCreated(d: Data): BuildCreatedData {
  const data = parseStored(BuildCreatedSchema, cleanData(d));
  return { ...data, createdByName: data.createdByName || null };
}

/** `message` and host kinds: `{ subject, body?, link? }` (`title` / `url` accepted as aliases). */
export function readMessage(d: Data): MessageData {
  const data = parseStored(MessageSchema, cleanData(d));
  return { subject: data.subject || data.title || '', body: data.body ?? '', link: data.link ?? data.url ?? null };
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
