/** Loaded when the first `<stockbell-subscribe>` connects: the toggle, its model and styles. */
export { default as styles } from '../styles/subscribe.css?inline';
export { SubscribeToggle, type SubscriptionChangeDetail } from '../components/SubscribeToggle.tsx';
export { createSubscription, type SubscriptionModel } from '../models/subscription.ts';
export { SubscribeWidget as Widget } from '../widgets/SubscribeWidget.tsx';
