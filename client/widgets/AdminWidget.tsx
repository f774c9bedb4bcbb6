import { useEffect, useMemo } from 'preact/hooks';
import { createAdminApi } from '../admin-api.ts';
import { Admin } from '../components/Admin.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { settingsMessages } from '../messages/settings.ts';
import { createAdmin } from '../models/admin.ts';
import type { CommonAttributes } from './attributes.ts';

export interface Props extends CommonAttributes {
  /** Level of the section headings, 2–6 (default 2); the host page has the title. */
  headingLevel?: string | number | null;
}

/** `<stockbell-admin>`: global settings, role defaults, shared endpoints and the delivery log. */
export function AdminWidget({ baseUrl, theme, locale, headingLevel }: Props) {
  const model = useMemo(() => createAdmin(createAdminApi(baseUrl)), [baseUrl]);
  useEffect(() => void model.refresh(), [model]);
  return (
    <WidgetRoot theme={theme} locale={locale} messages={settingsMessages} class="sb-admin">
      <Admin model={model} headingLevel={headingLevel} />
    </WidgetRoot>
  );
}
