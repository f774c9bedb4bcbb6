/** Loaded when the first `<stockbell-subscribe>` connects: the toggle, its model and styles (the trace's too). */
import subscribeCss from '../styles/subscribe.css?inline';
import traceCss from '../styles/trace.css?inline';

export const styles = subscribeCss + traceCss;
export { SubscribeToggle, type SubscriptionChangeDetail } from '../components/SubscribeToggle.tsx';
export { createSubscription, type SubscriptionModel } from '../models/subscription.ts';
export { SubscribeWidget as Widget } from '../widgets/SubscribeWidget.tsx';
