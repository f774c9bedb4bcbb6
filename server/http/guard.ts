/**
 * The first thing every Stockbell route does (an `onRequest` hook of the plugin's context), before
 * the body is read or validated:
 *
 * 1. **Who is calling.** A route authenticated by the session asks the host (401 without a user),
 *    so bad input from nobody answers 401, never a 400 that describes the input. Routes that carry
 *    their own credential (`config: TOKEN_AUTHENTICATED`: the unsubscribe links, the host's
 *    `POST /events`) check it in their own `onRequest`; `config: PUBLIC` routes need nothing.
 * 2. **Same site only, for changes.** A state-changing request on the session must come from the
 *    host's own pages: `Sec-Fetch-Site: same-origin` (every current browser sends it), or an
 *    `Origin` the settings trust (`publicUrl`, `allowedOrigins`). A page on another port or
 *    subdomain of the same site is cross-origin and refused unless an admin allowed it.
 * 3. **JSON or nothing.** A change carries `application/json`, or no body and no Content-Type.
 *    `text/plain` and forms are what a cross-site page can send without a preflight.
 */
import type { FastifyRequest } from 'fastify';
import type { Context } from '../context.ts';
import { CrossSiteError, MediaTypeError } from '../errors.ts';
import { trustedOrigins } from '../settings/index.ts';
import { requireUser } from './auth.ts';

/** How a route knows its caller (its `config.authentication`); `session` when not said. */
export type Authentication = 'session' | 'token' | 'public';

/** Authenticated by a credential in the request itself (a signed token, the host token), not the session. */
export const TOKEN_AUTHENTICATED = { authentication: 'token' } as const satisfies { authentication: Authentication };
/** Anyone may call it (the widget bundle). */
export const PUBLIC = { authentication: 'public' } as const satisfies { authentication: Authentication };

export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticationOf(request: FastifyRequest): Authentication {
  return (request.routeOptions.config as { authentication?: Authentication }).authentication ?? 'session';
}

export function guardRequest(ctx: Context) {
  const authenticate = requireUser(ctx);
  return async (request: FastifyRequest): Promise<void> => {
    if (authenticationOf(request) !== 'session') return;
    await authenticate(request);
    if (SAFE_METHODS.has(request.method)) return;
    await requireSameSite(ctx, request);
    requireJsonOrNothing(request);
  };
}

async function requireSameSite(ctx: Context, request: FastifyRequest): Promise<void> {
  const site = header(request, 'sec-fetch-site');
  // `none`: the user did it (typed, bookmarked), no page asked for it.
  if (site === 'same-origin' || site === 'none') return;
  const origin = header(request, 'origin');
  // Neither header: not a browser (a browser always sends Origin on a cross-origin POST, PUT,
  // PATCH or DELETE), so nobody's cookies are being ridden.
  if (site === undefined && origin === undefined) return;
  if (origin !== undefined && trustedOrigins(await ctx.settings.read(ctx.em())).includes(origin)) return;
  throw new CrossSiteError(origin ?? `a ${site} page`);
}

function requireJsonOrNothing(request: FastifyRequest): void {
  const type = header(request, 'content-type');
  if (type === undefined) {
    const length = header(request, 'content-length');
    const hasBody = header(request, 'transfer-encoding') !== undefined || (length !== undefined && length !== '0');
    if (hasBody) throw new MediaTypeError('body needs Content-Type: application/json');
    return;
  }
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new MediaTypeError(`Content-Type ${type.slice(0, 100)} is not accepted: send application/json, or no body and no Content-Type`);
  }
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
