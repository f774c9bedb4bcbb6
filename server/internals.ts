/**
 * The one internal way in, for Stockbell's own tests and benchmarks: the context behind a host's
 * `app.stockbell`. Not part of the package's public surface — `package.json`'s `exports` names only
 * the entry, so a host cannot import this file — and nothing in the plugin reads it back.
 */
import type { FastifyInstance } from 'fastify';
import type { Context } from './context.ts';

// Keyed by the host's instance: nothing is added to it, and the context goes when the app does.
const contexts = new WeakMap<FastifyInstance, Context>();

/** Called once by the plugin at registration. */
export function rememberContext(app: FastifyInstance, ctx: Context): void {
  contexts.set(app, ctx);
}

/** The context of an app Stockbell is registered on (throws if it is not). */
export function contextOf(app: FastifyInstance): Context {
  const ctx = contexts.get(app);
  if (!ctx) throw new Error('stockbell is not registered on this app');
  return ctx;
}
