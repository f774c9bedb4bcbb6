/**
 * Every string the widgets show, keyed by id. A translation is a copy of this file with the same
 * keys (the `Messages` type checks it), registered in `./index.ts`. `{name}` is replaced by a
 * parameter; plurals are objects (see `./message.ts`).
 */
import type { Message } from './message.ts';

export const en = {
  'bell.label': { '=0': 'Notifications', one: 'Notifications, {count} unread', other: 'Notifications, {count} unread' },
  'bell.heading': 'Notifications',
  'bell.badgeOverflow': '{max}+',
  'bell.empty': 'Nothing new. You are all caught up.',
  'bell.more': { one: '{count} more unread', other: '{count} more unread' },
  'bell.markRead': 'Mark read',
  'bell.markReadNamed': 'Mark “{subject}” read',
  'bell.markAllRead': 'Mark all read',
  'bell.seeAll': 'See all',
  'bell.history': 'History',
  'bell.announce': 'New notification: {subject}',

  'inbox.tabs': 'Notifications',
  'inbox.tab.inbox': 'Inbox',
  'inbox.tab.history': 'History',
  'inbox.tabCount': '{count}',
  'inbox.tabCountMore': '{count}+',
  'inbox.selectAll': 'Select all on this page',
  'inbox.selectRow': 'Select “{subject}”',
  'inbox.selected': { '=0': 'None selected', one: '{count} selected', other: '{count} selected' },
  'inbox.markRead': 'Mark read',
  'inbox.markUnread': 'Mark unread',
  'inbox.delete': 'Delete',
  'inbox.markReadNamed': 'Mark “{subject}” read',
  'inbox.markUnreadNamed': 'Mark “{subject}” unread',
  'inbox.deleteNamed': 'Delete “{subject}”',
  'inbox.markAllRead': 'Mark all read',
  'inbox.deleteAllHistory': 'Delete all history',
  'inbox.loadMore': 'Load more',
  'inbox.empty.inbox': 'No unread notifications.',
  'inbox.empty.history': 'No read notifications.',
  'inbox.announce.read': { one: '{count} notification marked read', other: '{count} notifications marked read' },
  'inbox.announce.unread': { one: '{count} notification marked unread', other: '{count} notifications marked unread' },
  'inbox.announce.deleted': { '=0': 'Nothing to delete', one: '{count} notification deleted', other: '{count} notifications deleted' },
  'inbox.confirm.title': 'Delete all history?',
  'inbox.confirm.body': 'Every read notification will be deleted for good. Unread ones stay in your inbox.',
  'inbox.confirm.confirm': 'Delete all history',
  'inbox.confirm.cancel': 'Cancel',

  'notification.open': 'Open',
  'notification.unread': 'Unread',

  'subscribe.button': 'Subscribe',
  'subscribe.on': 'Subscribed',
  'subscribe.label': 'Subscribe to {name}',
  'subscribe.labelOn': 'Subscribed to {name}',
  'subscribe.clickOn': 'Click to subscribe to {name}',
  'subscribe.clickOff': 'Click to unsubscribe from {name}',
  'subscribe.via': 'Subscribed via {source}',
  'subscribe.alsoVia': 'Also subscribed via {source}',
  'subscribe.error': 'Could not change the subscription: {message}',
  'subscribe.loadError': 'Could not load the subscription: {message}',

  'subscriptions.parts': 'Parts',
  'subscriptions.categories': 'Categories',
  'subscriptions.unsubscribe': 'Unsubscribe',
  'subscriptions.unsubscribeNamed': 'Unsubscribe from {name}',
  'subscriptions.empty': 'You are not subscribed to any parts or categories yet. Use the Subscribe button on a part or category page.',
  'subscriptions.removed': 'Unsubscribed from {name}',
  'subscriptions.error': 'Could not unsubscribe: {message}',
  'subscriptions.pathSeparator': ' › ',

  'common.loading': 'Loading…',
  'common.retry': 'Try again',
  'common.loadError': 'Could not load notifications: {message}',
  'common.actionError': 'That did not work: {message}',
  'common.networkError': 'the server could not be reached',

  'time.justNow': 'just now',
} as const satisfies Record<string, Message>;
