/**
 * What a user-controlled value may carry into any rendering, decided here once: the link rule and
 * the bidi rule. Every channel, the inbox API and the socket frames take their links and text
 * through these, so a hostile link or name is judged the same way wherever it shows up
 * (docs/security.md).
 */

/**
 * Characters a link never needs and an attacker always wants: C0 controls (the URL parser drops
 * tab, CR and LF, so `/\t/evil.example` would become `//evil.example`), DEL and the backslash
 * (which the parser reads as `/` in http(s) URLs).
 */
const NOT_IN_A_LINK = /[\p{Cc}\\]/u;

/** A stand-in origin to resolve host-relative paths against and check they stay on it. */
const SAME_ORIGIN = 'http://stockbell.invalid';

/**
 * The link rule: an absolute `http(s)` URL without a user name or password (`https://bank.example@evil.example/`
 * is refused), normalised; or a host-relative path (`/parts/42`) that stays on its origin,
 * normalised. Anything else (`javascript:`, `data:`, `//evil`, control characters, backslashes) is
 * null.
 */
export function safeLink(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const link = value.trim();
  if (link === '' || link.length > 4096 || NOT_IN_A_LINK.test(link)) return null;
  try {
    if (link.startsWith('/')) {
      const url = new URL(link, SAME_ORIGIN);
      return url.origin === SAME_ORIGIN && !link.startsWith('//') ? `${url.pathname}${url.search}${url.hash}` : null;
    }
    const url = new URL(link);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.username !== '' || url.password !== '') return null;
    return url.href;
  } catch {
    return null;
  }
}

/** The link rule, absolute links only: what may go into an email, a chat message or a webhook. */
export function absoluteHref(value: unknown): string | null {
  const link = safeLink(value);
  return link !== null && !link.startsWith('/') ? link : null;
}

/**
 * A link made absolute for a message that leaves the host: absolute ones as they are, host-relative
 * ones on `publicUrl`'s origin; null when there is no safe way (no `publicUrl`, or a bad link).
 */
export function absoluteLink(value: unknown, publicUrl: string | null | undefined): string | null {
  const link = safeLink(value);
  if (link === null || !link.startsWith('/')) return link;
  const base = absoluteHref(publicUrl);
  if (base === null) return null;
  const url = new URL(link, base);
  return url.origin === new URL(base).origin ? url.href : null;
}

/**
 * Unicode's explicit direction controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI): with them
 * `invoice\u202Efdp.exe` reads as "invoiceexe.pdf". Text never needs them to show right-to-left
 * scripts correctly, so they are removed from everything user-controlled.
 */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/g;

const HAS_DIRECTION_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

export function withoutBidiControls(value: string): string {
  // Nearly every string has none: test first, and return the same string without a copy.
  return HAS_DIRECTION_CONTROL.test(value) ? value.replace(DIRECTION_CONTROLS, '') : value;
}

/**
 * A notification's stored facts as they may be shown: every `url` and `link` field (at any depth)
 * through the link rule, with `toLink` deciding the form (as stored, or absolute), and every
 * string without direction controls.
 */
export function cleanData(
  data: Record<string, unknown>,
  toLink: (value: unknown) => string | null = safeLink,
): Record<string, unknown> {
  return clean(data, toLink, 0) as Record<string, unknown>;
}

const MAX_DEPTH = 8;

function clean(value: unknown, toLink: (value: unknown) => string | null, depth: number): unknown {
  if (typeof value === 'string') return withoutBidiControls(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => clean(item, toLink, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    const shown = key === 'url' || key === 'link' ? toLink(item) : clean(item, toLink, depth + 1);
    // Defined, not assigned: a stored `__proto__` key stays a key instead of setting the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: shown, enumerable: true, writable: true, configurable: true });
    else out[key] = shown;
  }
  return out;
}
