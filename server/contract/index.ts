/**
 * The wire contract, declared once: TypeBox schemas for every route's params, query, body and
 * reply, the WebSocket frames and the stored notification data, with the types derived from them.
 * Routes, the OpenAPI document and `client/` (type-only) all read it; nothing restates a shape.
 */
export * from './admin.ts';
export * from './common.ts';
export * from './events.ts';
export * from './frames.ts';
export * from './notification-data.ts';
export * from './notifications.ts';
export * from './preferences.ts';
export * from './subscriptions.ts';
export * from './trace.ts';
export * from './problems.ts';
export * from './unsubscribe.ts';
