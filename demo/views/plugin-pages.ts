/**
 * Pages that only frame a Stockbell widget: inbox, history, the user's settings, the admin settings.
 */
import { html, type SafeHtml } from './html.ts';
import { page, type ViewContext } from './layout.ts';
import { PAGE_WIDGETS, slot } from './slots.ts';

export function inboxPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Inbox', html`<h1>Inbox</h1>${PAGE_WIDGETS.inbox()}`);
}

export function historyPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'History', html`<h1>History</h1>${PAGE_WIDGETS.history()}`);
}

export function settingsPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Notification settings', html`<h1>Notification settings</h1>${slot('user.settings')}`);
}

export function adminPage(ctx: ViewContext): SafeHtml {
  return page(ctx, 'Administration', html`<h1>Notifications administration</h1>${slot('admin.settings')}`);
}
