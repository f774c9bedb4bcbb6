import { useEffect, useRef } from 'preact/hooks';
import type { SubscriptionChangeDetail } from '../components/SubscribeToggle.tsx';

/**
 * Re-read when another Stockbell widget on the page changed a subscription (a category subscription
 * changes what its parts inherit; the list should show a new toggle's target).
 */
export function useSubscriptionChanges(source: unknown, refresh: () => void): void {
  const latest = useRef(refresh);
  latest.current = refresh;
  useEffect(() => {
    const onChange = (event: Event) => {
      if ((event as CustomEvent<SubscriptionChangeDetail>).detail?.source !== source) latest.current();
    };
    document.addEventListener('stockbell-subscription-change', onChange);
    return () => document.removeEventListener('stockbell-subscription-change', onChange);
  }, [source]);
}
