/**
 * The page an unsubscribe link opens in a browser: what the link turns off and a button to do it
 * (GET changes nothing: mail scanners open links), then what was turned off and how to undo it.
 * Rendered by preact-render-to-string, so every text is escaped.
 */
import { h, type JSX } from 'preact';
import { renderToStaticMarkup } from 'preact-render-to-string';
import { Head } from '../channels/email-layout.ts';
import type { Catalog } from '../messages/index.ts';

const CSS = `body{font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;padding:48px 16px;background:#f3f4f6;color:#111827;overflow-wrap:anywhere}
main{max-width:480px;margin:0 auto;background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:24px}
button{font:inherit;font-weight:600;background:#2563eb;color:#fff;border:0;border-radius:6px;padding:10px 18px;cursor:pointer}
a{color:#2563eb}
@media (prefers-color-scheme: dark){body{background:#111827;color:#f3f4f6}main{background:#1f2937;border-color:#374151}a{color:#93c5fd}}`;

/** Headers for every answer of the route: the token is in the URL, so it must not leak or be cached. */
export const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
} as const;

export type PageState = { step: 'confirm'; what: string } | { step: 'done'; what: string } | { step: 'invalid' };

export function unsubscribePage(t: Catalog, state: PageState, settingsUrl: string | null): string {
  const u = t.unsubscribe;
  const settings = settingsUrl ? h('p', null, h('a', { href: settingsUrl }, t.email.settings)) : null;
  let content: JSX.Element[];
  if (state.step === 'confirm') {
    content = [
      h('h1', null, u.confirm(state.what)),
      h('p', null, u.explain),
      // RFC 8058's own body, so the button does exactly what a mail client's one click does.
      h('form', { method: 'post' }, h('input', { type: 'hidden', name: 'List-Unsubscribe', value: 'One-Click' }), h('button', { type: 'submit' }, u.button)),
    ];
  } else if (state.step === 'done') {
    content = [h('h1', null, u.done(state.what)), h('p', null, u.undo)];
  } else {
    content = [h('h1', null, u.invalid), h('p', null, u.invalidHelp)];
  }
  const page = h(
    'html',
    { lang: t.locale },
    h(Head, { title: u.title, css: CSS }),
    h('body', null, h('main', null, ...content, settings)),
  );
  return `<!doctype html>${renderToStaticMarkup(page)}`;
}
