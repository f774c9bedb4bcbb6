/**
 * The frame every Stockbell email shares: light and dark colours, a card that wraps long words
 * (a URL in a body must not make the mail wider than a phone), links only to absolute http(s)
 * URLs, and a footer with the settings, unsubscribe and inbox links. Preact components rendered by
 * preact-render-to-string, which escapes every text and attribute; written with `h()` because
 * Node runs our .ts files by stripping types, without compiling JSX.
 */
import { type ComponentChildren, h, type JSX } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import type { Catalog } from '../messages/index.ts';
import { multiLine, safeHref } from './text.ts';
import type { MessageLinks } from './types.ts';

export const COLORS = { bg: '#f3f4f6', card: '#ffffff', fg: '#111827', muted: '#6b7280', line: '#e5e7eb', accent: '#2563eb', alert: '#b91c1c' };
const FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, sans-serif';

/**
 * Dark styles for the clients that honour `prefers-color-scheme` (Apple Mail, iOS, Outlook for
 * Mac, …); `!important` because the light colours are inline. A constant: nothing user-controlled.
 */
const DARK_CSS = `@media (prefers-color-scheme: dark) {
  .sb-page { background: #111827 !important; color: #f3f4f6 !important; }
  .sb-card { background: #1f2937 !important; border-color: #374151 !important; }
  .sb-muted { color: #9ca3af !important; }
  .sb-link { color: #93c5fd !important; }
  .sb-alert { color: #fca5a5 !important; }
  .sb-line { border-color: #374151 !important; }
}`;

/** Long words and URLs break instead of widening the mail. */
export const WRAP = { overflowWrap: 'anywhere', wordBreak: 'break-word' } as const;

export function Link({ href, children }: { href: string | null | undefined; children?: ComponentChildren }): JSX.Element {
  const url = safeHref(href);
  return url ? h('a', { href: url, class: 'sb-link', style: { color: COLORS.accent, ...WRAP } }, children) : h('span', null, children);
}

export function Button({ href, label }: { href: string | null; label: string }): JSX.Element | null {
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
export function Paragraphs({ text }: { text: string }): JSX.Element {
  const paragraphs = multiLine(text)
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '');
  return h(
    'div',
    null,
    paragraphs.map((p) =>
      h('p', { style: { margin: '0 0 12px', lineHeight: '1.5' } }, p.split('\n').flatMap((line, i) => (i === 0 ? [line] : [h('br', null), line]))),
    ),
  );
}

export const cell = { padding: '6px 12px 6px 0', borderBottom: `1px solid ${COLORS.line}`, textAlign: 'left' as const, ...WRAP };

/** A two-column table of label → value. */
export function Facts({ rows }: { rows: [string, ComponentChildren][] }): JSX.Element {
  return h(
    'table',
    { role: 'presentation', cellPadding: 0, cellSpacing: 0, style: { borderCollapse: 'collapse', margin: '8px 0 16px', width: '100%', tableLayout: 'fixed' } },
    h(
      'tbody',
      null,
      rows.map(([label, value]) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row', class: 'sb-muted sb-line', style: { ...cell, color: COLORS.muted, fontWeight: 400, width: '35%' } }, label),
          h('td', { class: 'sb-line', style: cell }, value),
        ),
      ),
    ),
  );
}

/** The links of the footer, in the order shown: settings, unsubscribe (the page, not the one-click POST), inbox. */
function footerLinks(t: Catalog, links: MessageLinks | undefined): [string, string][] {
  const out: [string, string][] = [];
  for (const [label, href] of [
    [t.email.settings, links?.settings],
    [t.email.unsubscribe, links?.unsubscribe],
    [t.email.inbox, links?.inbox],
  ] as const) {
    const url = safeHref(href);
    if (url) out.push([label, url]);
  }
  return out;
}

function Footer({ t, links }: { t: Catalog; links: MessageLinks | undefined }): JSX.Element {
  const items = footerLinks(t, links);
  return h(
    'p',
    { class: 'sb-muted', style: { color: COLORS.muted, fontSize: '12px', margin: '16px 0 0', maxWidth: '600px', ...WRAP } },
    t.email.footer,
    items.flatMap(([label, url]) => [' · ', h(Link, { href: url }, label)]),
  );
}

/** The plain-text footer: the same links, one per line. */
export function textFooter(t: Catalog, links: MessageLinks | undefined): string[] {
  return ['', '-- ', t.email.footer, ...footerLinks(t, links).map(([label, url]) => `${label}: ${url}`)];
}

/** A page head for phones, in light and dark, with our own constant stylesheet (never user text). */
export function Head({ title, css }: { title: string; css: string }): JSX.Element {
  return h(
    'head',
    null,
    h('meta', { charSet: 'utf-8' }),
    h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }),
    h('meta', { name: 'color-scheme', content: 'light dark' }),
    h('meta', { name: 'supported-color-schemes', content: 'light dark' }),
    h('title', null, title),
    h('style', { dangerouslySetInnerHTML: { __html: css } }),
  );
}

export function Layout({ t, title, preheader, children, links }: {
  t: Catalog;
  title: string;
  preheader: string;
  children?: ComponentChildren;
  links: MessageLinks | undefined;
}): JSX.Element {
  return h(
    'html',
    { lang: t.locale },
    h(Head, { title, css: DARK_CSS }),
    h(
      'body',
      { class: 'sb-page', style: { margin: 0, padding: 0, background: COLORS.bg, color: COLORS.fg, fontFamily: FONT, fontSize: '15px' } },
      h('div', { style: { display: 'none', maxHeight: 0, overflow: 'hidden' } }, preheader),
      h(
        'table',
        { role: 'presentation', width: '100%', cellPadding: 0, cellSpacing: 0, class: 'sb-page', style: { background: COLORS.bg, tableLayout: 'fixed' } },
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
                  class: 'sb-card',
                  style: { maxWidth: '600px', background: COLORS.card, borderRadius: '8px', border: `1px solid ${COLORS.line}`, tableLayout: 'fixed' },
                },
                h('tbody', null, h('tr', null, h('td', { style: { padding: '24px', textAlign: 'left', ...WRAP } }, children))),
              ),
              h(Footer, { t, links }),
            ),
          ),
        ),
      ),
    ),
  );
}

export function html(vnode: JSX.Element): string {
  return `<!doctype html>${renderToStaticMarkup(vnode)}`;
}
