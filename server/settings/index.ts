/**
 * What is configured, and the rule that decides: global settings stored in the database, the
 * kinds × channels matrix with its effective-value rule, users' own preferences, and the chat and
 * webhook endpoints (personal and shared). No I/O beyond Stockbell's own tables.
 */
export { type EndpointRow, sendingEndpoint, toEndpointView } from './endpoints.ts';
export { defaultSettings, type GlobalSettings, type SettingsDefaults, SettingsStore, trustedOrigins } from './global-settings.ts';
export { BUILT_IN_KINDS, resolveKinds } from './kinds.ts';
export { applySwitches, type Defaults, effective, globalMatrix, matrixFor } from './matrix.ts';
export { DEFAULT_EMAIL_SETTINGS, loadEmailSettings, loadOverrides, type StoredEmailSettings } from './user-preferences.ts';
export { checkAllowList, checkOrigin, checkPublicUrl } from './validation.ts';
