import { useEffect, useMemo } from 'preact/hooks';
import { createApi } from '../api.ts';
import { Inbox } from '../components/Inbox.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { whyMessages } from '../messages/why.ts';
import { getLive } from '../live.ts';
import { createInbox, type InboxTab } from '../models/inbox.ts';
import type { CommonAttributes } from './attributes.ts';

export interface Props extends CommonAttributes {
  /** `inbox` (default), `history` or `snoozed`: the tab shown first. */
  tab?: string | null;
}

const asTab = (tab: string | null | undefined): InboxTab => (tab === 'history' || tab === 'snoozed' ? tab : 'inbox');

/** `<stockbell-inbox>`: the inbox and history page. */
export function InboxWidget({ baseUrl, theme, locale, tab }: Props) {
  const model = useMemo(
    () => createInbox(createApi(baseUrl), getLive(baseUrl), { initialTab: asTab(tab) }),
    // The tab attribute is applied below; changing it must not throw the loaded pages away.
    [baseUrl],
  );
  useEffect(() => model.start(), [model]);
  useEffect(() => {
    model.tab.value = asTab(tab);
  }, [model, tab]);
  return (
    <WidgetRoot theme={theme} locale={locale} messages={whyMessages} class="sb-inbox">
      <Inbox model={model} />
    </WidgetRoot>
  );
}
