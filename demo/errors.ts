/**
 * The demo's errors, in one table (as Stockbell's own): routes throw these and the status follows.
 */
import createError from '@fastify/error';

export const SignInRequired = createError('DEMO_ERR_UNAUTHORIZED', 'Sign in first (POST /demo/login)', 401);
export const Forbidden = createError<[string]>('DEMO_ERR_FORBIDDEN', '%s', 403);
export const NotFound = createError<[string]>('DEMO_ERR_NOT_FOUND', '%s not found', 404);
/** The message starts with the field it is about, e.g. `username: no user "bob"`. */
export const BadInput = createError<[string, string]>('DEMO_ERR_BAD_INPUT', '%s: %s', 400);
