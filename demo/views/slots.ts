/**
 * Where Stockbell's widgets go in the demo's pages: the host slots of PRODUCT §7 (the same names the
 * plugin's manifest uses), each mapped to the custom element that fills it. Pages ask for a slot by
 * name; nothing else in the demo writes a `<stockbell-*>` tag.
 */
import { html, type SafeHtml } from './html.ts';

export interface SlotContext {
  /** The part or category the page shows (for `part.actions` and `category.actions`). */
  targetId?: number;
}

export const SLOTS = {
  /** Every page's header: the bell with its unread count and flyout. */
  header: () => html`<stockbell-bell></stockbell-bell>`,
  /** A part page's actions: subscribe to the part (and its variants). */
  'part.actions': (ctx: SlotContext) =>
    html`<stockbell-subscribe kind="part" target-id="${ctx.targetId}"></stockbell-subscribe>`,
  /** A category page's actions: subscribe to the category (and everything below it). */
  'category.actions': (ctx: SlotContext) =>
    html`<stockbell-subscribe kind="category" target-id="${ctx.targetId}"></stockbell-subscribe>`,
  /** The home page: the user's subscriptions. */
  home: () => html`<stockbell-subscriptions></stockbell-subscriptions>`,
  /** The user's settings page: the preference matrix, email mode and digest hour. */
  'user.settings': () => html`<stockbell-settings></stockbell-settings>`,
  /** The admin page: global settings, role defaults, endpoints, delivery log. */
  'admin.settings': () => html`<stockbell-admin></stockbell-admin>`,
} satisfies Record<string, (ctx: SlotContext) => SafeHtml>;

export type SlotName = keyof typeof SLOTS;

/**
 * The inbox and history pages are the demo's own pages (the bell's "See all" leads there), not
 * manifest slots; they hold the inbox widget on one tab or the other.
 */
export const PAGE_WIDGETS = {
  inbox: () => html`<stockbell-inbox></stockbell-inbox>`,
  history: () => html`<stockbell-inbox tab="history"></stockbell-inbox>`,
  snoozed: () => html`<stockbell-inbox tab="snoozed"></stockbell-inbox>`,
} satisfies Record<string, () => SafeHtml>;

export function slot(name: SlotName, ctx: SlotContext = {}): SafeHtml {
  return html`<div class="slot" data-slot="${name}">${SLOTS[name](ctx)}</div>`;
}
