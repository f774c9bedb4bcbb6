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

/**
 * A link the widgets may put in an href: http(s) only, resolved against the page. Anything else
 * (`javascript:`, `data:`, garbage) gives null, and the notification renders without a link.
 */
export function safeHref(link: string | null | undefined, pageUrl: string): string | null {
  if (!link) return null;
  try {
    const url = new URL(link, pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
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
