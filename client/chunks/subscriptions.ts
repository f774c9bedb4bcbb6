/** Loaded when the first `<stockbell-subscriptions>` connects: the list, its model and styles. */
export { default as styles } from '../styles/subscriptions.css?inline';
export { SubscriptionList } from '../components/SubscriptionList.tsx';
export { createSubscriptionList, type SubscriptionListModel } from '../models/subscriptions.ts';
export { SubscriptionsWidget as Widget } from '../widgets/SubscriptionsWidget.tsx';
