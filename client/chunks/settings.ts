/** Loaded when the first `<stockbell-settings>` connects: the user's settings widget, model and styles. */
import formsCss from '../styles/forms.css?inline';
import settingsCss from '../styles/settings.css?inline';

export const styles = formsCss + settingsCss;
export { MatrixTable } from '../components/MatrixTable.tsx';
export { Settings } from '../components/Settings.tsx';
export { createPreferences, type PreferencesModel } from '../models/preferences.ts';
export { createPreferencesApi, type PreferencesApi } from '../preferences-api.ts';
export { SettingsWidget as Widget } from '../widgets/SettingsWidget.tsx';
