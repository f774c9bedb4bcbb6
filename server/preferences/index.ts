/**
 * Preferences: the kinds × channels matrix and its effective-value rule (docs/preferences.md),
 * users' overrides and email settings, personal and shared endpoints, and the user routes.
 */
export { BUILT_IN_KINDS, type KindInfo, resolveKinds } from './kinds.ts';
export { allChannels, type Cell, type Cells, type Defaults, effective, externalChannels, matrixFor, type Source } from './matrix.ts';
export { type EmailMode, type EmailSettings, loadEmailSettings, loadOverrides } from './preference-store.ts';
export { preferenceRoutes } from './preferences.routes.ts';
