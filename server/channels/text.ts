/**
 * Small text helpers the channels share: control and direction characters, length limits, safe
 * links and masked endpoint URLs. Escaping itself lives with each channel (its rules are its own).
 */
import { absoluteHref, withoutBidiControls } from '../messages/index.ts';

const CONTROL_RUNS = /[\p{Cc}\u2028\u2029]+/gu;
/** Every control character but tab and newline. */
const CONTROL_EXCEPT_NEWLINE = /[^\P{Cc}\t\n]/gu;

/** One line: every run of control characters (newlines included) becomes one space; no direction controls. */
export function oneLine(value: string): string {
  return withoutBidiControls(value).replace(CONTROL_RUNS, ' ').trim();
}

/** Multi-line text: `\r\n` and `\r` become `\n`, other control characters and direction controls go. */
export function multiLine(value: string): string {
  return withoutBidiControls(value)
    .replace(/\r\n?|[\u2028\u2029]/g, '\n')
    .replace(CONTROL_EXCEPT_NEWLINE, '')
    .trim();
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The characters of a text as a reader sees them (an emoji with its modifiers is one). */
function charactersOf(raw: string): string[] {
  return Array.from(graphemes.segment(raw), (s) => s.segment);
}

/**
 * Escapes `raw` with `escapeText` and keeps the result within `max` characters, cutting the raw text
 * at a character boundary (never an escape sequence or an emoji in half) and ending it with an
 * ellipsis.
 */
export function fitText(raw: string, max: number, escapeText: (s: string) => string = (s) => s): string {
  const whole = escapeText(raw);
  if (whole.length <= max) return whole;
  const chars = charactersOf(raw);
  const cut = (keep: number) => `${escapeText(chars.slice(0, keep).join('').trimEnd())}…`;
  // The longest prefix whose escaped form still fits: escaping only grows text, so search.
  let lo = 0;
  let hi = Math.min(chars.length, max);
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cut(mid).length <= max) lo = mid;
    else hi = mid - 1;
  }
  return cut(lo);
}

/**
 * A message body within `max` characters, cut the same visible way on every channel: whole when it
 * fits; otherwise cut with an ellipsis and followed by `more` (the channel's "See the full message"
 * link, already in its format), which always fits.
 */
export function fitBody(raw: string, max: number, escapeText: (s: string) => string, more: string | null): string {
  const whole = escapeText(raw);
  if (whole.length <= max) return whole;
  if (more === null || more.length + 1 > max) return fitText(raw, max, escapeText);
  return `${fitText(raw, max - more.length - 1, escapeText)}\n${more}`;
}

/** The link rule for messages that leave the host: an absolute http(s) URL, normalised, or null. */
export const safeHref = absoluteHref;

/** Scheme and host only: endpoint URLs carry their secret in the path, so errors show only this. */
export function maskUrl(url: string | URL): string {
  try {
    const u = typeof url === 'string' ? new URL(url) : url;
    return `${u.protocol}//${u.host}`;
  } catch {
    return '(invalid URL)';
  }
}

/** Removes every trace of an endpoint's secret parts (path, query, fragment) from a text. */
export function scrubUrl(message: string, url: URL): string {
  let out = message.split(url.href).join(maskUrl(url));
  for (const secret of [url.pathname, url.search, url.hash]) {
    if (secret.length > 1) out = out.split(secret).join('/…');
    const decoded = safeDecode(secret);
    if (decoded.length > 1 && decoded !== secret) out = out.split(decoded).join('/…');
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
