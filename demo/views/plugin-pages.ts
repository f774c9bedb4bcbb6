/**
 * Pages that only frame a Stockbell widget: inbox, history, the user's settings, the admin settings.
 */
import { html, type SafeHtml } from './html.ts';
import { page, type ViewContext } from './layout.ts';
import { PAGE_WIDGETS, slot } from './slots.ts';

/** Keeps the page's address, title, heading and navigation in step with the inbox widget's tab. */
export const NOTIFICATION_PAGES_JS = '/demo/assets/notification-pages.js';
const followTabs = html`<script type="module" src="${NOTIFICATION_PAGES_JS}"></script>`;

export function inboxPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Inbox', html`<h1>Inbox</h1>${PAGE_WIDGETS.inbox()}${followTabs}`);
}

export function historyPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'History', html`<h1>History</h1>${PAGE_WIDGETS.history()}${followTabs}`);
}

export function snoozedPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Snoozed', html`<h1>Snoozed</h1>${PAGE_WIDGETS.snoozed()}${followTabs}`);
}

export function settingsPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Notification settings', html`<h1>Notification settings</h1>${slot('user.settings')}`);
}

export function adminPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Administration', html`<h1>Notifications administration</h1>${slot('admin.settings')}`);
}
