/**
 * The daily digest email: everything since the last digest for one recipient, grouped by kind.
 * It stays well under Gmail's ~102 KB clipping size however much piled up: each group shows its
 * first DIGEST_LIMITS.perGroup items and "and N more in your inbox", the items as a whole take at
 * most DIGEST_LIMITS.itemBytes of HTML, and each item's text is cut the way every channel cuts,
 * with a link to the whole of it. Times carry the recipient's time zone. Alerts that have resolved
 * are not grouped with the open ones: they close the mail in a section of their own, each with
 * what resolved it, so a digest never shouts about a part that has already recovered.
 */
import { h } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import { type Catalog, catalogFor, kindTitle } from '../messages/index.ts';
import { COLORS, html, Layout, Link, textFooter, WRAP } from './email-layout.ts';
import { fitText, multiLine, oneLine, safeHref } from './text.ts';
import type { MessageLinks, OutgoingMessage, Recipient } from './types.ts';

/**
 * `itemBytes`: the HTML the items may take, whatever they contain (an item of escaped `&`s is five
 * times its text), leaving room for the frame under Gmail's ~102 KB.
 */
export const DIGEST_LIMITS = { perGroup: 50, itemBytes: 85_000, subject: 200, body: 300, reason: 200 } as const;

export interface DigestOptions {
  locale?: string | null;
  /** IANA zone for the times shown (default UTC). */
  timeZone?: string | null;
  /** The inbox (for "and N more"), the settings and the digest's unsubscribe link. */
  links?: MessageLinks;
}

const KIND_ORDER = ['part.low_stock', 'build.stock_short', 'build.created', 'message'];

/** Messages grouped by kind: Stockbell's kinds in a fixed order, then host kinds as they come; oldest first. */
export function groupByKind(messages: readonly OutgoingMessage[]): { kind: string; messages: OutgoingMessage[] }[] {
  const groups = new Map<string, OutgoingMessage[]>();
  for (const kind of KIND_ORDER) groups.set(kind, []);
  for (const m of messages) {
    const list = groups.get(m.kind);
    if (list) list.push(m);
    else groups.set(m.kind, [m]);
  }
  return [...groups]
    .filter(([, list]) => list.length > 0)
    .map(([kind, list]) => ({ kind, messages: list.toSorted((a, b) => a.createdAt.getTime() - b.createdAt.getTime()) }));
}

function timeFormat(locale: string, timeZone: string | null | undefined): Intl.DateTimeFormat {
  // The zone's name goes with every time: "Mar 2, 2026, 9:00 AM GMT+1".
  const style = { year: 'numeric', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short' } as const;
  try {
    return new Intl.DateTimeFormat(locale, { ...style, timeZone: timeZone ?? 'UTC' });
  } catch {
    // An unknown zone or tag from a host record: UTC in English beats no digest.
    return new Intl.DateTimeFormat('en', { ...style, timeZone: 'UTC' });
  }
}

/** One item as the digest shows it: short subject and body, and the link to the rest when cut. */
interface Item {
  subject: string;
  body: string;
  link: string | null;
  fullMessage: string | null;
  when: string;
}

interface Group {
  title: string;
  items: Item[];
  /** Items left out of this group (they are in the inbox). */
  more: number;
}

function itemOf(m: OutgoingMessage, when: Intl.DateTimeFormat): Item {
  const whole = multiLine(m.body);
  const body = fitText(whole, DIGEST_LIMITS.body);
  return {
    subject: fitText(oneLine(m.subject), DIGEST_LIMITS.subject),
    body,
    link: safeHref(m.link),
    fullMessage: body === whole ? null : safeHref(m.links?.notification),
    when: [when.format(m.createdAt), fitText(oneLine(m.reason), DIGEST_LIMITS.reason)].filter(Boolean).join(' · '),
  };
}

/** Each group's first items, as many as the per-group cap and the HTML budget allow; the rest are counted. */
function groupsOf(messages: readonly OutgoingMessage[], t: Catalog, locale: string | null, when: Intl.DateTimeFormat): Group[] {
  let room: number = DIGEST_LIMITS.itemBytes;
  return groupByKind(messages).map((g) => {
    const items: Item[] = [];
    for (const m of g.messages.slice(0, DIGEST_LIMITS.perGroup)) {
      const item = itemOf(m, when);
      const bytes = Buffer.byteLength(renderToStaticMarkup(h(DigestItem, { t, item })));
      if (bytes > room) {
        room = 0;
        break;
      }
      room -= bytes;
      items.push(item);
    }
    return { title: t.digest.groupTitle(kindTitle(g.kind, locale), g.messages.length), more: g.messages.length - items.length, items };
  });
}

function plainText(t: Catalog, name: string, count: number, groups: Group[], links: MessageLinks | undefined): string {
  const inbox = safeHref(links?.inbox);
  const lines = [t.digest.greeting(name), t.digest.intro(count)];
  for (const g of groups) {
    lines.push('', g.title, '='.repeat(Math.min(60, g.title.length)));
    for (const item of g.items) {
      lines.push('', `* ${item.subject}`);
      for (const line of item.body.split('\n')) if (line.trim() !== '') lines.push(`  ${line}`);
      if (item.fullMessage) lines.push(`  ${t.email.fullMessage}: ${item.fullMessage}`);
      if (item.link) lines.push(`  ${item.link}`);
      lines.push(`  ${item.when}`);
    }
    if (g.more > 0) lines.push('', `${t.digest.more(g.more)}${inbox ? `: ${inbox}` : ''}`);
  }
  return [...lines, ...textFooter(t, links)].join('\n');
}

const muted = { class: 'sb-muted', style: { color: COLORS.muted, fontSize: '12px' } };

function DigestItem({ t, item }: { t: Catalog; item: Item }) {
  return h(
    'li',
    { style: { margin: '0 0 14px', ...WRAP } },
    h('div', { style: { fontWeight: 600 } }, h(Link, { href: item.link }, item.subject)),
    item.body ? h('div', { style: { whiteSpace: 'pre-line', margin: '2px 0' } }, item.body) : null,
    item.fullMessage ? h('div', null, h(Link, { href: item.fullMessage }, t.email.fullMessage)) : null,
    h('div', muted, item.when),
  );
}

function DigestBody({ t, name, count, groups, links }: { t: Catalog; name: string; count: number; groups: Group[]; links: MessageLinks | undefined }) {
  const inbox = safeHref(links?.inbox);
  return h(
    'div',
    null,
    h('h1', { style: { fontSize: '20px', margin: '0 0 8px' } }, t.digest.subject(count)),
    h('p', { style: { margin: '0 0 16px' } }, t.digest.greeting(name), ' ', t.digest.intro(count)),
    inbox ? h('p', null, h(Link, { href: inbox }, t.email.inbox)) : null,
    groups.map((g) =>
      h(
        'section',
        null,
        h('h2', { class: 'sb-line', style: { fontSize: '16px', margin: '24px 0 8px', borderBottom: `1px solid ${COLORS.line}`, paddingBottom: '4px' } }, g.title),
        h(
          'ul',
          { style: { listStyle: 'none', padding: 0, margin: 0 } },
          g.items.map((item) => h(DigestItem, { t, item })),
        ),
        g.more > 0 ? h('p', null, inbox ? h(Link, { href: inbox }, t.digest.more(g.more)) : t.digest.more(g.more)) : null,
      ),
    ),
  );
}

/** Resolved alerts, apart: subject and what resolved it, the first `perGroup` of them. */
function resolvedGroup(messages: readonly OutgoingMessage[], t: Catalog, when: Intl.DateTimeFormat): Group[] {
  if (messages.length === 0) return [];
  const items = messages.slice(0, DIGEST_LIMITS.perGroup).map((m) => ({ ...itemOf(m, when), body: m.status ?? '', fullMessage: null }));
  return [{ title: t.resolvedTitle(messages.length), items, more: messages.length - items.length }];
}

/** The daily digest: everything for one recipient, open ones grouped by kind, resolved alerts apart. */
export function renderDigestEmail(
  recipient: Recipient,
  messages: readonly OutgoingMessage[],
  options: DigestOptions = {},
): { subject: string; html: string; text: string } {
  const locale = options.locale ?? messages[0]?.locale ?? null;
  const t = catalogFor(locale);
  const when = timeFormat(locale?.toLowerCase().startsWith(t.locale) ? locale : t.locale, options.timeZone);
  const open = messages.filter((m) => !m.status);
  const groups = [...groupsOf(open, t, locale, when), ...resolvedGroup(messages.filter((m) => m.status), t, when)];
  const subject = t.digest.subject(messages.length);
  const name = oneLine(recipient.name);
  const body = h(DigestBody, { t, name, count: messages.length, groups, links: options.links });
  const page = h(Layout, { t, title: subject, preheader: t.digest.intro(messages.length), links: options.links, children: body });
  return { subject, html: html(page), text: `${plainText(t, name, messages.length, groups, options.links)}\n` };
}
