/** Global settings stored in the database, and the checks an admin's change must pass. */
export { defaultSettings, type GlobalSettings, type SettingsDefaults, SettingsStore } from './global-settings.ts';
export { checkAllowList, checkOrigin, checkPublicUrl } from './validation.ts';
