/** Why, and why not: traces of what decides whether a user is told, computed with the engine's own functions. */
export { traceRoutes } from './trace.routes.ts';
export { traceNotification, traceTarget } from './trace-service.ts';
