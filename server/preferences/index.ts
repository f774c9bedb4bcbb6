/** The caller's preferences: their view of the matrix, email settings and personal endpoints, and the routes. */
export { checkEndpointUrl, checkMatrix } from './preferences-service.ts';
export { preferenceRoutes } from './preferences.routes.ts';
