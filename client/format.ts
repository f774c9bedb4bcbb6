/**
 * Small pure helpers the components share: badge text, first lines, safe links, paths.
 */

export const BADGE_MAX = 99;

/** "" at zero (the badge hides), the number up to 99, then "99+". */
export function badgeText(count: number, overflow: (max: number) => string = (max) => `${max}+`): string {
  if (!Number.isFinite(count) || count <= 0) return '';
  return count > BADGE_MAX ? overflow(BADGE_MAX) : String(Math.floor(count));
}

/** The first non-empty line of a body, for one-line previews. */
export function firstLine(body: string | null | undefined): string {
  for (const line of (body ?? '').split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed) return trimmed;
  }
  return '';
}

/** Characters no link needs: controls (the URL parser drops tab, CR and LF) and backslashes. */
const NOT_IN_A_LINK = /[\p{Cc}\\]/u;

/**
 * A link the widgets may put in an href, by the server's link rule (server/messages/untrusted.ts):
 * absolute http(s) without a user name or password, or a path that stays on the page's origin.
 * Anything else (`javascript:`, `data:`, `//evil`, `/\t/evil`) gives null, and the notification
 * renders without a link.
 */
export function safeHref(link: string | null | undefined, pageUrl: string): string | null {
  const value = (link ?? '').trim();
  if (value === '' || NOT_IN_A_LINK.test(value)) return null;
  try {
    const url = new URL(value, pageUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (url.username !== '' || url.password !== '') return null;
    const absolute = /^[a-z][a-z0-9+.-]*:/i.test(value);
    if (!absolute && (value.startsWith('//') || url.origin !== new URL(pageUrl).origin)) return null;
    return url.href;
  } catch {
    return null;
  }
}

/** Newest first, as the server pages them: createdAt descending, then id descending. */
export function compareNewestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  const byTime = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  if (byTime) return byTime;
  // Numeric ids ("9" < "10") compare as numbers; others as strings.
  const numeric = /^\d+$/.test(a.id) && /^\d+$/.test(b.id);
  const x = numeric ? a.id.padStart(b.id.length, '0') : a.id;
  const y = numeric ? b.id.padStart(a.id.length, '0') : b.id;
  return x < y ? 1 : x > y ? -1 : 0;
}
