import { useEffect, useMemo } from 'preact/hooks';
import { Settings } from '../components/Settings.tsx';
import { WidgetRoot } from '../components/WidgetRoot.tsx';
import { settingsMessages } from '../messages/settings.ts';
import { createPreferences } from '../models/preferences.ts';
import { createPreferencesApi } from '../preferences-api.ts';
import type { CommonAttributes } from './attributes.ts';

export interface Props extends CommonAttributes {
  /** Level of the section headings, 2–6 (default 2); the host page has the title. */
  headingLevel?: string | number | null;
}

/** `<stockbell-settings>`: the user's matrix, email mode, digest hour, time zone and endpoints. */
export function SettingsWidget({ baseUrl, theme, locale, headingLevel }: Props) {
  const model = useMemo(() => createPreferences(createPreferencesApi(baseUrl)), [baseUrl]);
  useEffect(() => void model.refresh(), [model]);
  return (
    <WidgetRoot theme={theme} locale={locale} messages={settingsMessages} class="sb-settings">
      <Settings model={model} headingLevel={headingLevel} />
    </WidgetRoot>
  );
}
