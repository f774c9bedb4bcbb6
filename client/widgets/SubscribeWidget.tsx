import { useEffect, useMemo } from 'preact/hooks';
import { createApi } from '../api.ts';
import { SubscribeToggle } from '../components/SubscribeToggle.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { whyMessages } from '../messages/why.ts';
import { createSubscription } from '../models/subscription.ts';
import type { CommonAttributes } from './attributes.ts';
import { useSubscriptionChanges } from './use-subscription-changes.ts';

export interface Props extends CommonAttributes {
  /** `part` or `category`. */
  kind?: string | null;
  /** The part's or category's id in the host. */
  targetId?: string | number | null;
}

/** `<stockbell-subscribe kind="part" target-id="42">`: the subscribe toggle. */
export function SubscribeWidget({ baseUrl, theme, locale, kind, targetId }: Props) {
  const id = targetId == null ? '' : String(targetId).trim();
  const valid = (kind === 'part' || kind === 'category') && id !== '';
  const model = useMemo(
    () => (valid ? createSubscription(createApi(baseUrl), kind, id) : null),
    [baseUrl, kind, id, valid],
  );
  useEffect(() => {
    if (model) void model.refresh();
    else console.warn('stockbell-subscribe: needs kind="part|category" and target-id');
  }, [model]);
  useSubscriptionChanges(model, () => void model?.refresh());
  if (!model) return null;
  return (
    <WidgetRoot theme={theme} locale={locale} messages={whyMessages} class="sb-subscribe">
      <SubscribeToggle model={model} />
    </WidgetRoot>
  );
}
