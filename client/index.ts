/**
 * Stockbell's browser bundle. Loading it defines the `<stockbell-*>` custom elements.
 *
 * For hosts that script the widgets: the API client, the live connection, the models (state in
 * signals) and the components are exported too. The components render with the Preact inside this
 * bundle, so mount them with the `h` and `render` exported here. The inbox, subscription-list,
 * toggle, settings and admin code lives in chunks: `loadInbox()` and friends fetch them.
 */
import './styles/stockbell.css';
import { defineElements } from './elements.ts';

export { h, render } from 'preact';
export { ApiError, createApi, DEFAULT_BASE_URL, type StockbellApi } from './api.ts';
export { Bell } from './components/Bell.tsx';
export { WidgetRoot } from './components/WidgetRoot.tsx';
export { camelCase, defineElements, ELEMENTS, type ElementDefinition, type WidgetModule } from './elements.ts';
export { backoffDelay, createLive, getLive, type Live, type LiveEvent, type LiveStatus } from './live.ts';
export { createTranslator, type MessageId, type Messages, type Translator } from './messages/index.ts';
export { type BellModel, createBell } from './models/bell.ts';
export type { NavigateDetail } from './navigate.ts';
export type * from './types.ts';
export { BellWidget } from './widgets/BellWidget.tsx';

export const loadInbox = () => import('./chunks/inbox.ts');
export const loadSubscribe = () => import('./chunks/subscribe.ts');
export const loadSubscriptions = () => import('./chunks/subscriptions.ts');
export const loadSettings = () => import('./chunks/settings.ts');
export const loadAdmin = () => import('./chunks/admin.ts');

defineElements();
