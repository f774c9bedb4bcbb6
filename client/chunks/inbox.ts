/** Loaded when the first `<stockbell-inbox>` connects: the inbox page's widget, model and styles (the trace's too). */
import inboxCss from '../styles/inbox.css?inline';
import traceCss from '../styles/trace.css?inline';

export const styles = inboxCss + traceCss;
export { Inbox } from '../components/Inbox.tsx';
export { createInbox, type InboxModel, type InboxTab } from '../models/inbox.ts';
export { InboxWidget as Widget } from '../widgets/InboxWidget.tsx';
