/** Admin routes: settings and role defaults, shared endpoints, the delivery log, send over HTTP. */
export { type AdminRouteOptions, adminRoutes } from './admin.routes.ts';
