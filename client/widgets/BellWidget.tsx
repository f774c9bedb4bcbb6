import { useEffect, useMemo } from 'preact/hooks';
import { createApi } from '../api.ts';
import { Bell } from '../components/Bell.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { getLive } from '../live.ts';
import { createBell } from '../models/bell.ts';
import type { CommonAttributes } from './attributes.ts';

export interface Props extends CommonAttributes {
  /** The inbox page; default `/inbox`. */
  inboxUrl?: string | null;
  /** The history page; default `/history`. */
  historyUrl?: string | null;
  /** `start` lines the flyout up with the bell's left edge (in LTR); default `end`. */
  align?: string | null;
}

/** `<stockbell-bell>`: the bell with its own model, API client and the page's shared socket. */
export function BellWidget({ baseUrl, theme, locale, inboxUrl, historyUrl, align }: Props) {
  const model = useMemo(() => createBell(createApi(baseUrl), getLive(baseUrl)), [baseUrl]);
  useEffect(() => model.start(), [model]);
  return (
    <WidgetRoot theme={theme} locale={locale} class="sb-bell">
      <Bell
        model={model}
        inboxUrl={inboxUrl || '/inbox'}
        historyUrl={historyUrl || '/history'}
        align={align === 'start' ? 'start' : 'end'}
      />
    </WidgetRoot>
  );
}
