import { Settings } from '../components/Settings.tsx';
import { createPreferences } from '../models/preferences.ts';
import { createPreferencesApi } from '../preferences-api.ts';
import { settingsWidget } from './settings-widget.tsx';

/** `<stockbell-settings>`: the user's matrix, email mode, digest hour, time zone and endpoints. */
export const SettingsWidget = settingsWidget(
  (baseUrl) => createPreferences(createPreferencesApi(baseUrl)),
  Settings,
  'sb-settings',
);
