import { useEffect, useMemo } from 'preact/hooks';
import { createApi } from '../api.ts';
import { SubscriptionList } from '../components/SubscriptionList.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { whyMessages } from '../messages/why.ts';
import { createSubscriptionList } from '../models/subscriptions.ts';
import type { CommonAttributes } from './attributes.ts';
import { useSubscriptionChanges } from './use-subscription-changes.ts';

export interface Props extends CommonAttributes {
  /** Level of the "Parts" and "Categories" headings, 2–6 (default 3). */
  headingLevel?: string | number | null;
}

/** `<stockbell-subscriptions>`: the user's subscribed parts and categories. */
export function SubscriptionsWidget({ baseUrl, theme, locale, headingLevel }: Props) {
  const model = useMemo(() => createSubscriptionList(createApi(baseUrl)), [baseUrl]);
  useEffect(() => void model.refresh(), [model]);
  useSubscriptionChanges(model, () => void model.refresh());
  const level = Number(headingLevel);
  return (
    <WidgetRoot theme={theme} locale={locale} messages={whyMessages} class="sb-subscriptions">
      <SubscriptionList model={model} headingLevel={Number.isFinite(level) && level > 0 ? level : 3} />
    </WidgetRoot>
  );
}
