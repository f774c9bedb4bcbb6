/**
 * Email bodies: HTML as Preact components rendered by preact-render-to-string (which escapes every
 * text and attribute value, so no user string is ever concatenated into markup), plus the plain
 * text part from the same facts. Components are written with `h()` rather than JSX because Node
 * runs our .ts files directly and strips types only; it does not compile JSX.
 *
 * Links are only ever absolute http(s) (`safeHref`); anything else renders as plain text.
 */
import { type ComponentChildren, h, type JSX } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import {
  type Catalog,
  catalogFor,
  type Formatters,
  formattersFor,
  kindTitle,
  readBuildCreated,
  readLowStock,
  readStockShort,
} from '../messages/index.ts';
import { multiLine, oneLine, safeHref } from './text.ts';
import type { OutgoingMessage, Recipient } from './types.ts';

const COLORS = { bg: '#f3f4f6', card: '#ffffff', fg: '#111827', muted: '#6b7280', line: '#e5e7eb', accent: '#2563eb', alert: '#b91c1c' };
const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

// ---------------------------------------------------------------------------------------------
// Components

function Link({ href, children }: { href: string | null | undefined; children?: ComponentChildren }): JSX.Element {
  const url = safeHref(href);
  return url ? h('a', { href: url, style: { color: COLORS.accent } }, children) : h('span', null, children);
}

function Button({ href, label }: { href: string | null; label: string }): JSX.Element | null {
  const url = safeHref(href);
  if (!url) return null;
  return h(
    'p',
    { style: { margin: '24px 0 8px' } },
    h(
      'a',
      {
        href: url,
        style: {
          display: 'inline-block',
          background: COLORS.accent,
          color: '#ffffff',
          padding: '10px 18px',
          borderRadius: '6px',
          textDecoration: 'none',
          fontWeight: 600,
        },
      },
      label,
    ),
  );
}

/** Paragraphs from plain text: blank lines split paragraphs, single newlines become <br>. */
function Paragraphs({ text }: { text: string }): JSX.Element {
  const paragraphs = multiLine(text)
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '');
  return h(
    'div',
    null,
    paragraphs.map((p) =>
      h(
        'p',
        { style: { margin: '0 0 12px', lineHeight: '1.5' } },
        p.split('\n').flatMap((line, i) => (i === 0 ? [line] : [h('br', null), line])),
      ),
    ),
  );
}

const cell = { padding: '6px 12px 6px 0', borderBottom: `1px solid ${COLORS.line}`, textAlign: 'left' as const };

/** A two-column table of label → value. */
function Facts({ rows }: { rows: [string, ComponentChildren][] }): JSX.Element {
  return h(
    'table',
    { role: 'presentation', cellPadding: 0, cellSpacing: 0, style: { borderCollapse: 'collapse', margin: '8px 0 16px' } },
    h(
      'tbody',
      null,
      rows.map(([label, value]) =>
        h('tr', null, h('th', { scope: 'row', style: { ...cell, color: COLORS.muted, fontWeight: 400 } }, label), h('td', { style: cell }, value)),
      ),
    ),
  );
}

function LowStockDetails({ msg, t, f }: DetailsProps): JSX.Element {
  const d = readLowStock(msg.data);
  return h(Facts, {
    rows: [
      [t.email.part, h(Link, { href: d.url }, d.partName)],
      [t.email.inStock, h('strong', { style: { color: COLORS.alert } }, f.number(d.stock))],
      [t.email.minimum, f.number(d.minimum)],
    ],
  });
}

function StockShortDetails({ msg, t, f }: DetailsProps): JSX.Element {
  const d = readStockShort(msg.data);
  const th = (label: string, align: 'left' | 'right' = 'left') =>
    h('th', { scope: 'col', style: { ...cell, textAlign: align, color: COLORS.muted, fontWeight: 600 } }, label);
  const num = (value: number | null, strong = false) =>
    h('td', { style: { ...cell, textAlign: 'right' as const } }, strong ? h('strong', { style: { color: COLORS.alert } }, f.number(value)) : f.number(value));
  return h(
    'div',
    null,
    h(Facts, {
      rows: [
        [t.email.buildOrder, h(Link, { href: d.url }, d.reference)],
        [t.email.assembly, d.partName],
        [t.email.quantity, f.number(d.quantity)],
      ],
    }),
    h(
      'table',
      { cellPadding: 0, cellSpacing: 0, style: { borderCollapse: 'collapse', width: '100%', margin: '8px 0 16px' } },
      h('caption', { style: { textAlign: 'left', fontWeight: 600, padding: '0 0 6px' } }, t.email.shortLinesCaption),
      h('thead', null, h('tr', null, th(t.email.part), th(t.email.inStock, 'right'), th(t.email.required, 'right'), th(t.email.minimum, 'right'))),
      h(
        'tbody',
        null,
        d.lines.map((l) =>
          h('tr', null, h('td', { style: cell }, h(Link, { href: l.url }, l.partName)), num(l.stock, true), num(l.required), num(l.minimum)),
        ),
      ),
    ),
  );
}

function BuildCreatedDetails({ msg, t, f }: DetailsProps): JSX.Element {
  const d = readBuildCreated(msg.data);
  const rows: [string, ComponentChildren][] = [
    [t.email.buildOrder, h(Link, { href: d.url }, d.reference)],
    [t.email.assembly, d.partName],
    [t.email.quantity, f.number(d.quantity)],
  ];
  if (d.createdByName) rows.push([t.email.createdBy, d.createdByName]);
  return h(Facts, { rows });
}

interface DetailsProps {
  msg: OutgoingMessage;
  t: Catalog;
  f: Formatters;
}

const DETAILS: Record<string, (p: DetailsProps) => JSX.Element> = {
  'part.low_stock': LowStockDetails,
  'build.stock_short': StockShortDetails,
  'build.created': BuildCreatedDetails,
};

/**
 * What the body says above the details. For a build short of stock the body's first line is the
 * summary and the rest lists the lines, which the table shows instead.
 */
function summaryOf(msg: OutgoingMessage): string {
  const body = multiLine(msg.body);
  return msg.kind === 'build.stock_short' ? (body.split('\n')[0] ?? '') : body;
}

function Layout({ lang, title, preheader, children, footer }: {
  lang: string;
  title: string;
  preheader: string;
  children?: ComponentChildren;
  footer: string;
}): JSX.Element {
  return h(
    'html',
    { lang },
    h(
      'head',
      null,
      h('meta', { charSet: 'utf-8' }),
      h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
      h('title', null, title),
    ),
    h(
      'body',
      { style: { margin: 0, padding: 0, background: COLORS.bg, color: COLORS.fg, fontFamily: FONT, fontSize: '15px' } },
      h('div', { style: { display: 'none', maxHeight: 0, overflow: 'hidden' } }, preheader),
      h(
        'table',
        { role: 'presentation', width: '100%', cellPadding: 0, cellSpacing: 0, style: { background: COLORS.bg } },
        h(
          'tbody',
          null,
          h(
            'tr',
            null,
            h(
              'td',
              { align: 'center', style: { padding: '24px 12px' } },
              h(
                'table',
                {
                  role: 'presentation',
                  width: '100%',
                  cellPadding: 0,
                  cellSpacing: 0,
                  style: { maxWidth: '600px', background: COLORS.card, borderRadius: '8px', border: `1px solid ${COLORS.line}` },
                },
                h('tbody', null, h('tr', null, h('td', { style: { padding: '24px', textAlign: 'left' } }, children))),
              ),
              h('p', { style: { color: COLORS.muted, fontSize: '12px', margin: '16px 0 0', maxWidth: '600px' } }, footer),
            ),
          ),
        ),
      ),
    ),
  );
}

function NotificationBody({ msg, t, f }: DetailsProps): JSX.Element {
  const Details = DETAILS[msg.kind];
  const reason = oneLine(msg.reason);
  return h(
    'div',
    null,
    h('h1', { style: { fontSize: '20px', lineHeight: '1.3', margin: '0 0 16px' } }, oneLine(msg.subject)),
    h(Paragraphs, { text: summaryOf(msg) }),
    Details ? h(Details, { msg, t, f }) : null,
    h(Button, { href: msg.link, label: t.email.open[msg.kind] ?? t.email.open.default }),
    reason ? h('p', { style: { color: COLORS.muted, fontSize: '13px', margin: '16px 0 0' } }, t.email.reasonLine(reason)) : null,
  );
}

function html(vnode: JSX.Element): string {
  return `<!doctype html>${renderToStaticMarkup(vnode)}`;
}

// ---------------------------------------------------------------------------------------------
// Plain text

function textDetails(msg: OutgoingMessage, t: Catalog, f: Formatters): string[] {
  const withUrl = (name: string, url: string | null) => (safeHref(url) ? `${name} <${safeHref(url)}>` : name);
  switch (msg.kind) {
    case 'part.low_stock': {
      const d = readLowStock(msg.data);
      return [`${t.email.part}: ${withUrl(d.partName, d.url)}`, `${t.email.inStock}: ${f.number(d.stock)}`, `${t.email.minimum}: ${f.number(d.minimum)}`];
    }
    case 'build.created': {
      const d = readBuildCreated(msg.data);
      const lines = [`${t.email.buildOrder}: ${d.reference}`, `${t.email.assembly}: ${d.partName}`, `${t.email.quantity}: ${f.number(d.quantity)}`];
      if (d.createdByName) lines.push(`${t.email.createdBy}: ${d.createdByName}`);
      return lines;
    }
    default:
      return [];
  }
}

function textFooter(reason: string, t: Catalog): string[] {
  return [...(reason ? ['', t.email.reasonLine(reason)] : []), '', '-- ', t.email.footer];
}

// ---------------------------------------------------------------------------------------------
// Public

export interface EmailContent {
  subject: string;
  html: string;
  text: string;
}

/** One notification as an email for its recipient, in `msg.locale`. */
export function renderNotificationEmail(msg: OutgoingMessage): EmailContent {
  const t = catalogFor(msg.locale);
  const f = formattersFor(msg.locale);
  const subject = oneLine(msg.subject);
  const body = multiLine(msg.body);
  const link = safeHref(msg.link);
  const reason = oneLine(msg.reason);
  const details = textDetails(msg, t, f);
  const text = [
    subject,
    '',
    body,
    ...(details.length ? ['', ...details] : []),
    ...(link ? ['', `${t.email.open[msg.kind] ?? t.email.open.default}: ${link}`] : []),
    ...textFooter(reason, t),
  ].join('\n');
  const page = h(Layout, {
    lang: t.locale,
    title: subject,
    preheader: body.split('\n')[0] ?? '',
    footer: t.email.footer,
    children: h(NotificationBody, { msg, t, f }),
  });
  return { subject, html: html(page), text: `${text}\n` };
}

export interface DigestOptions {
  locale?: string | null;
  /** IANA zone for the times shown (default UTC). */
  timeZone?: string | null;
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
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: timeZone ?? 'UTC' });
  } catch {
    // An unknown zone or tag from a host record: UTC in English beats no digest.
    return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  }
}

/** The daily digest: everything for one recipient, grouped by kind. */
export function renderDigestEmail(recipient: Recipient, messages: readonly OutgoingMessage[], options: DigestOptions = {}): EmailContent {
  const locale = options.locale ?? messages[0]?.locale ?? null;
  const t = catalogFor(locale);
  const when = timeFormat(locale?.toLowerCase().startsWith(t.locale) ? locale : t.locale, options.timeZone);
  const groups = groupByKind(messages);
  const subject = t.digest.subject(messages.length);
  const name = oneLine(recipient.name);

  const textLines = [t.digest.greeting(name), t.digest.intro(messages.length)];
  for (const g of groups) {
    const title = t.digest.groupTitle(kindTitle(g.kind, locale), g.messages.length);
    textLines.push('', title, '='.repeat(Math.min(60, title.length)));
    for (const m of g.messages) {
      const link = safeHref(m.link);
      textLines.push('', `* ${oneLine(m.subject)}`);
      for (const line of multiLine(m.body).split('\n')) if (line.trim() !== '') textLines.push(`  ${line}`);
      if (link) textLines.push(`  ${link}`);
      const reason = oneLine(m.reason);
      textLines.push(`  ${[when.format(m.createdAt), reason].filter(Boolean).join(' · ')}`);
    }
  }
  textLines.push('', '-- ', t.email.footer);

  const content = h(
    'div',
    null,
    h('h1', { style: { fontSize: '20px', margin: '0 0 8px' } }, subject),
    h('p', { style: { margin: '0 0 16px' } }, t.digest.greeting(name), ' ', t.digest.intro(messages.length)),
    groups.map((g) =>
      h(
        'section',
        null,
        h('h2', { style: { fontSize: '16px', margin: '24px 0 8px', borderBottom: `1px solid ${COLORS.line}`, paddingBottom: '4px' } },
          t.digest.groupTitle(kindTitle(g.kind, locale), g.messages.length)),
        h(
          'ul',
          { style: { listStyle: 'none', padding: 0, margin: 0 } },
          g.messages.map((m) =>
            h(
              'li',
              { style: { margin: '0 0 14px' } },
              h('div', { style: { fontWeight: 600 } }, h(Link, { href: m.link }, oneLine(m.subject))),
              multiLine(m.body) ? h('div', { style: { whiteSpace: 'pre-line', margin: '2px 0' } }, multiLine(m.body)) : null,
              h('div', { style: { color: COLORS.muted, fontSize: '12px' } }, [when.format(m.createdAt), oneLine(m.reason)].filter(Boolean).join(' · ')),
            ),
          ),
        ),
      ),
    ),
  );
  const page = h(Layout, { lang: t.locale, title: subject, preheader: t.digest.intro(messages.length), footer: t.email.footer, children: content });
  return { subject, html: html(page), text: `${textLines.join('\n')}\n` };
}
