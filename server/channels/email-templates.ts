/**
 * One notification's email: the details per kind (part, stock and minimum; the short lines of a
 * build; the new build's facts) in HTML inside the shared frame (email-layout.ts), and the plain
 * text part from the same facts. A body past EMAIL_LIMITS is cut the way every channel cuts, with
 * a "See the full message" link to the inbox. The daily digest is email-digest.ts.
 *
 * Links are only ever absolute http(s) (`safeHref`); anything else renders as plain text.
 */
import { type ComponentChildren, h, type JSX } from 'preact';
import {
  type Catalog,
  catalogFor,
  type Formatters,
  formattersFor,
  readBuildCreated,
  readLowStock,
  readStockShort,
} from '../messages/index.ts';
import { Button, COLORS, cell, Facts, html, Layout, Link, Paragraphs, textFooter } from './email-layout.ts';
import { fitBody, fitText, multiLine, oneLine, safeHref } from './text.ts';
import type { OutgoingMessage } from './types.ts';

/** Longest subject line, and longest body before it is cut with a link to the inbox (Gmail clips past ~102 KB). */
export const EMAIL_LIMITS = { subject: 250, body: 20_000 } as const;

// ---------------------------------------------------------------------------------------------
// Components

function LowStockDetails({ msg, t, f }: DetailsProps): JSX.Element {
  const d = readLowStock(msg.data);
  return h(Facts, {
    rows: [
      [t.email.part, h(Link, { href: d.url }, d.partName)],
      [t.email.inStock, h('strong', { class: 'sb-alert', style: { color: COLORS.alert } }, f.number(d.stock))],
      [t.email.minimum, f.number(d.minimum)],
    ],
  });
}

function StockShortDetails({ msg, t, f }: DetailsProps): JSX.Element {
  const d = readStockShort(msg.data);
  const th = (label: string, align: 'left' | 'right' = 'left') =>
    h('th', { scope: 'col', class: 'sb-muted sb-line', style: { ...cell, textAlign: align, color: COLORS.muted, fontWeight: 600 } }, label);
  const num = (value: number | null, strong = false) =>
    h('td', { class: 'sb-line', style: { ...cell, textAlign: 'right' as const } }, strong ? h('strong', { class: 'sb-alert', style: { color: COLORS.alert } }, f.number(value)) : f.number(value));
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

interface Fitted {
  subject: string;
  body: string;
  /** The body was cut: a "See the full message" link follows it. */
  cut: boolean;
}

/** Subject and body within the email's limits, cut the same visible way as on every channel. */
function fitted(msg: OutgoingMessage): Fitted {
  const whole = multiLine(msg.body);
  const body = fitBody(whole, EMAIL_LIMITS.body, (s) => s, null);
  return { subject: fitText(oneLine(msg.subject), EMAIL_LIMITS.subject), body, cut: body !== whole };
}

/**
 * What the body says above the details. For a build short of stock the body's first line is the
 * summary and the rest lists the lines, which the table shows instead.
 */
function summaryOf(msg: OutgoingMessage, body: string): string {
  return msg.kind === 'build.stock_short' ? (body.split('\n')[0] ?? '') : body;
}

function NotificationBody({ msg, t, f, text }: DetailsProps & { text: Fitted }): JSX.Element {
  const Details = DETAILS[msg.kind];
  const reason = oneLine(msg.reason);
  const fullMessage = text.cut ? safeHref(msg.links?.notification) : null;
  return h(
    'div',
    null,
    h('h1', { style: { fontSize: '20px', lineHeight: '1.3', margin: '0 0 16px' } }, text.subject),
    h(Paragraphs, { text: summaryOf(msg, text.body) }),
    fullMessage ? h('p', null, h(Link, { href: fullMessage }, t.email.fullMessage)) : null,
    Details ? h(Details, { msg, t, f }) : null,
    h(Button, { href: msg.link, label: t.email.open[msg.kind] ?? t.email.open.default }),
    reason ? h('p', { class: 'sb-muted', style: { color: COLORS.muted, fontSize: '13px', margin: '16px 0 0' } }, t.email.reasonLine(reason)) : null,
  );
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
  const text = fitted(msg);
  const link = safeHref(msg.link);
  const fullMessage = text.cut ? safeHref(msg.links?.notification) : null;
  const reason = oneLine(msg.reason);
  const details = textDetails(msg, t, f);
  const plain = [
    text.subject,
    '',
    text.body,
    ...(fullMessage ? ['', `${t.email.fullMessage}: ${fullMessage}`] : []),
    ...(details.length ? ['', ...details] : []),
    ...(link ? ['', `${t.email.open[msg.kind] ?? t.email.open.default}: ${link}`] : []),
    ...(reason ? ['', t.email.reasonLine(reason)] : []),
    ...textFooter(t, msg.links),
  ].join('\n');
  const page = h(Layout, {
    t,
    title: text.subject,
    preheader: text.body.split('\n')[0] ?? '',
    links: msg.links,
    children: h(NotificationBody, { msg, t, f, text }),
  });
  return { subject: text.subject, html: html(page), text: `${plain}\n` };
}
