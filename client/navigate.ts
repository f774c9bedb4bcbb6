/**
 * Following a notification's link after marking it read, the way a user expects a link to behave.
 */
import { emit } from './context.ts';
import type { Notification } from './types.ts';

/** Longest wait for "mark read" before following the link anyway. */
export const MARK_BEFORE_FOLLOW_MS = 1_500;

/** A click that opens in this tab (not a middle, ctrl/cmd or shift click). */
export function isPlainClick(event: MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

export interface NavigateDetail {
  notification: Notification;
  href: string;
}

/**
 * Handle a click on a notification's link: mark it read first (but never wait long), then fire
 * the cancelable `stockbell-navigate` event, and go there unless the host took over (an SPA router).
 * Modified clicks keep the browser's behaviour (new tab) and mark read in the background.
 */
export async function followNotification(
  event: MouseEvent,
  notification: Notification,
  href: string,
  markRead: () => Promise<unknown>,
  /** Where the event starts: an element that stays mounted (the row may vanish once read). */
  from: EventTarget | null,
): Promise<void> {
  if (!isPlainClick(event)) {
    if (!notification.readAt) void markRead();
    return;
  }
  event.preventDefault();
  if (!notification.readAt) {
    await Promise.race([markRead(), new Promise((resolve) => setTimeout(resolve, MARK_BEFORE_FOLLOW_MS))]);
  }
  if (emit<NavigateDetail>(from, 'stockbell-navigate', { notification, href }, true)) location.assign(href);
}
