/**
 * Per-user rate limits on every state-changing route (`@fastify/rate-limit`, inside the plugin's
 * own context, so the host's routes are untouched). Keyed by the authenticated user, never the IP:
 * users behind one proxy do not share a budget, and one user's tabs do. Three budgets:
 *
 * - `writes`: every change a user makes (mark, delete, subscribe, preferences, settings), shared;
 * - `endpointTests`: a test message to an endpoint is an outbound request to a URL the user chose;
 * - `send`: `POST /admin/send` fans out to any number of users.
 *
 * A route names its budget with `config: { limit: 'endpointTests' }`; any other change counts
 * against `writes`. Over budget: 429, `Retry-After`, and the usual error body. The limiter runs
 * after authentication (onRequest) and before the body is read (preParsing). Counters live in this
 * process: with several instances, each allows the budget.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, preParsingAsyncHookHandler, RouteOptions } from 'fastify';
import { type Static, Type } from 'typebox';
import { RateLimitError } from '../errors.ts';
import { userOf } from './auth.ts';
import { type Authentication, SAFE_METHODS } from './guard.ts';

export const LIMIT_CLASSES = ['writes', 'endpointTests', 'send'] as const;
export type LimitClass = (typeof LIMIT_CLASSES)[number];

const Budget = Type.Object({
  max: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'requests per window and user' })),
  windowMs: Type.Optional(Type.Integer({ minimum: 1_000, maximum: 86_400_000, description: 'the window, in milliseconds' })),
}, { additionalProperties: false });

export const RateLimitOption = Type.Union([
  Type.Literal(false),
  Type.Object(Object.fromEntries(LIMIT_CLASSES.map((name) => [name, Type.Optional(Budget)])) as Record<LimitClass, Type.TOptional<typeof Budget>>, {
    additionalProperties: false,
  }),
], { description: 'false, or { writes, endpointTests, send } each { max, windowMs }' });
export type RateLimitOption = Static<typeof RateLimitOption>;

export type ResolvedRateLimits = false | Record<LimitClass, { max: number; windowMs: number }>;

/** Generous for a person, tight where one request makes the server send something. */
export const DEFAULT_RATE_LIMITS: Record<LimitClass, { max: number; windowMs: number }> = {
  writes: { max: 120, windowMs: 60_000 },
  endpointTests: { max: 5, windowMs: 60_000 },
  send: { max: 20, windowMs: 60_000 },
};

export function resolveRateLimits(option: RateLimitOption | undefined): ResolvedRateLimits {
  if (option === false) return false;
  return Object.fromEntries(LIMIT_CLASSES.map((name) => [name, { ...DEFAULT_RATE_LIMITS[name], ...option?.[name] }])) as Record<
    LimitClass,
    { max: number; windowMs: number }
  >;
}

/** Registers the limiter in `app` (the plugin's context) and attaches a budget to each change route registered after it. */
export async function rateLimits(app: FastifyInstance, limits: ResolvedRateLimits): Promise<void> {
  if (limits === false) return;
  await app.register(rateLimit, {
    global: false,
    keyGenerator: (request) => userOf(request).id,
    errorResponseBuilder: (_request, context) => new RateLimitError(Math.max(1, Math.ceil(context.ttl / 1_000))),
  });
  // One limiter (and one counter per user) per budget, shared by every route that spends it.
  const handlers = Object.fromEntries(
    LIMIT_CLASSES.map((name) => [name, app.rateLimit({ max: limits[name].max, timeWindow: limits[name].windowMs })]),
  ) as unknown as Record<LimitClass, preParsingAsyncHookHandler>;
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { authentication?: Authentication; limit?: LimitClass };
    const methods = [route.method].flat();
    if ((config.authentication ?? 'session') !== 'session' || methods.every((method) => SAFE_METHODS.has(method))) return;
    const handler = handlers[config.limit ?? 'writes'];
    route.preParsing = [...[route.preParsing ?? []].flat(), handler];
  });
}
