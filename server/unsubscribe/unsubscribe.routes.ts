/**
 * `GET {prefix}/unsubscribe/:token` shows what the link turns off and changes nothing (mail
 * scanners and link previews open every link); `POST` with RFC 8058's form body
 * `List-Unsubscribe=One-Click` turns off that one kind of email, or the digest, for that one user.
 *
 * No session: the signed, expiring token is the authentication, and it names the user and the
 * kind. So this route takes a form-encoded body and stands outside the JSON-only rule for
 * cookie-authenticated routes (a mail client's one-click POST is a form, from no page at all).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorBody, HtmlPage, OneClickBody, UnsubscribeParams } from '../contract/index.ts';
import type { Context } from '../context.ts';
import { TOKEN_AUTHENTICATED } from '../http/guard.ts';
import { installationKeys } from '../installation.ts';
import { absoluteLink, type Catalog, catalogFor } from '../messages/index.ts';
import { writeEmailSettings, writeOverrides } from '../settings/user-preferences.ts';
import { PAGE_HEADERS, type PageState, unsubscribePage } from './unsubscribe-page.ts';
import { DIGEST_SCOPE, type UnsubscribeScope, verifyUnsubscribeToken } from './token.ts';

// 403 (an HTML page): the token is forged, altered, expired or for a kind that no longer exists.
// 400 (JSON, naming the field): the request itself is malformed.
const responses = { 200: HtmlPage, 403: HtmlPage, 400: ErrorBody, 500: ErrorBody };
// TOKEN_AUTHENTICATED: the guard for session routes (JSON-only bodies, same-site requests) lets
// these through. A mail client's one-click POST is a cross-site form.

export const unsubscribeRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  // Only here, only small: the one-click body is `List-Unsubscribe=One-Click`.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  /** The token's user and scope, with what to call it on the page and the user's catalog; null when not genuine. */
  async function read(token: string) {
    const em = ctx.em();
    const keys = await installationKeys(em, ctx.clock.now());
    const scope = verifyUnsubscribeToken(keys.unsubscribeKey, token, ctx.clock.now());
    const known = scope && (scope.scope === DIGEST_SCOPE || ctx.options.kinds.some((k) => k.id === scope.scope));
    const settings = await ctx.settings.read(em);
    const settingsUrl = absoluteLink(ctx.options.pages.settings, settings.publicUrl) ?? ctx.options.pages.settings;
    if (!scope || !known) return { em, scope: null, t: catalogFor(null), what: '', settingsUrl };
    const locale = (await ctx.host.getUsers([scope.userId]))[0]?.locale ?? null;
    const t = catalogFor(locale);
    return { em, scope, t, what: describe(ctx, t, scope), settingsUrl };
  }

  app.get('/unsubscribe/:token', {
    config: TOKEN_AUTHENTICATED,
    schema: { params: UnsubscribeParams, response: responses },
  }, async (request, reply) => {
    const { scope, t, what, settingsUrl } = await read(request.params.token);
    const state: PageState = scope ? { step: 'confirm', what } : { step: 'invalid' };
    return reply.code(scope ? 200 : 403).headers(PAGE_HEADERS).send(unsubscribePage(t, state, settingsUrl));
  });

  app.post('/unsubscribe/:token', {
    config: TOKEN_AUTHENTICATED,
    schema: { params: UnsubscribeParams, body: OneClickBody, response: responses },
  }, async (request, reply) => {
    const { em, scope, t, what, settingsUrl } = await read(request.params.token);
    if (!scope) return reply.code(403).headers(PAGE_HEADERS).send(unsubscribePage(t, { step: 'invalid' }, settingsUrl));
    const now = ctx.clock.now();
    if (scope.scope === DIGEST_SCOPE) await writeEmailSettings(em, scope.userId, { mode: 'off' }, now);
    else await writeOverrides(em, scope.userId, { [scope.scope]: { email: false } }, now);
    return reply.code(200).headers(PAGE_HEADERS).send(unsubscribePage(t, { step: 'done', what }, settingsUrl));
  });
};

/** "email about “Low stock”", in the user's language; a host kind by the label the host gave it. */
function describe(ctx: Context, t: Catalog, scope: UnsubscribeScope): string {
  if (scope.scope === DIGEST_SCOPE) return t.unsubscribe.digestEmail;
  const title = t.kindTitles[scope.scope] ?? ctx.options.kinds.find((k) => k.id === scope.scope)?.label ?? scope.scope;
  return t.unsubscribe.kindEmail(title);
}
