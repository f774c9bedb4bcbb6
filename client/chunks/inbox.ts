/** Loaded when the first `<stockbell-inbox>` connects: the inbox page's widget, model and styles. */
export { default as styles } from '../styles/inbox.css?inline';
export { Inbox } from '../components/Inbox.tsx';
export { createInbox, type InboxModel, type InboxTab } from '../models/inbox.ts';
export { InboxWidget as Widget } from '../widgets/InboxWidget.tsx';
