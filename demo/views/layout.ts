/**
 * The frame of every page: head (the demo's stylesheet and Stockbell's widget bundle), the header
 * with site name, navigation, the current user and the `header` slot, then the page's content.
 */
import type { DemoUser } from '../store/users.ts';
import { type HtmlValue, html, type SafeHtml } from './html.ts';
import { slot } from './slots.ts';

export interface ViewContext {
  /** The signed-in user; null on the login page and error pages for nobody. */
  user: DemoUser | null;
  /** Where Stockbell is mounted (`app.stockbell.prefix`): its widget assets live below it. */
  pluginPrefix: string;
  /** The path of the page, to mark the current navigation entry. */
  path: string;
}

export const SITE_NAME = 'Stockbell demo inventory';
export const DEMO_CSS = '/demo/assets/demo.css';

interface NavItem {
  href: string;
  label: string;
  show: (user: DemoUser) => boolean;
}

const NAV: NavItem[] = [
  { href: '/', label: 'Parts', show: () => true },
  { href: '/builds', label: 'Build orders', show: (u) => u.canViewBuilds },
  { href: '/inbox', label: 'Inbox', show: () => true },
  { href: '/history', label: 'History', show: () => true },
  { href: '/settings', label: 'Settings', show: () => true },
  { href: '/admin', label: 'Admin', show: (u) => u.isAdmin },
];

function isCurrent(item: NavItem, path: string): boolean {
  if (item.href === '/') return path === '/' || path.startsWith('/categories') || path.startsWith('/parts');
  return path === item.href || path.startsWith(`${item.href}/`);
}

function header(ctx: ViewContext): SafeHtml {
  const user = ctx.user;
  const nav = user
    ? html`<nav aria-label="Main"><ul>${NAV.filter((item) => item.show(user)).map(
        (item) =>
          html`<li><a href="${item.href}"${isCurrent(item, ctx.path) ? html` aria-current="page"` : ''}>${item.label}</a></li>`,
      )}</ul></nav>`
    : '';
  const account = user
    ? html`<div class="account">
        <span class="who" title="${user.roles.join(', ')}">${user.name}${user.isAdmin ? html` <span class="tag">admin</span>` : ''}</span>
        <a href="/login">Switch user</a>
        <form method="post" action="/demo/logout" class="inline"><button type="submit" class="link">Sign out</button></form>
        ${slot('header')}
      </div>`
    : html`<div class="account"><a href="/login">Sign in</a></div>`;
  return html`<header class="site">
    <a class="brand" href="/">${SITE_NAME}</a>
    ${nav}
    ${account}
  </header>`;
}

export function page(ctx: ViewContext, title: string, content: HtmlValue): SafeHtml {
  const assets = `${ctx.pluginPrefix}/assets`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${SITE_NAME}</title>
<link rel="stylesheet" href="${DEMO_CSS}">
<script type="module" src="${assets}/stockbell.js"></script>
</head>
<body>
${header(ctx)}
<main>
${content}
</main>
</body>
</html>
`;
}

/** A breadcrumb trail: links for all but the last entry. */
export function breadcrumbs(items: { href: string; label: string }[]): SafeHtml {
  return html`<nav aria-label="Breadcrumb" class="breadcrumbs"><ol>${items.map((item, i) =>
    i === items.length - 1
      ? html`<li aria-current="page">${item.label}</li>`
      : html`<li><a href="${item.href}">${item.label}</a></li>`,
  )}</ol></nav>`;
}
