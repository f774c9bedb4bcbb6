/**
 * Every error Stockbell raises, in one table. Routes throw these; nobody sets status codes by hand.
 */
import createError from '@fastify/error';

export const OptionError = createError<[string, string]>(
  'STOCKBELL_ERR_OPTION',
  'stockbell: option "%s" %s',
  500,
  TypeError,
);
export const UnauthorizedError = createError('STOCKBELL_ERR_UNAUTHORIZED', 'Sign in to use notifications', 401);
export const ForbiddenError = createError('STOCKBELL_ERR_FORBIDDEN', 'Only administrators may do this', 403);
export const NotFoundError = createError<[string]>('STOCKBELL_ERR_NOT_FOUND', '%s not found', 404);
export const BadRequestError = createError<[string]>('STOCKBELL_ERR_BAD_REQUEST', '%s', 400);
export const HostTokenError = createError('STOCKBELL_ERR_HOST_TOKEN', 'A valid host token is required', 401);
export const EventError = createError<[string]>('STOCKBELL_ERR_EVENT', '%s', 422);
export const OriginError = createError<[string]>('STOCKBELL_ERR_ORIGIN', 'WebSocket origin %s', 403);
export const CrossSiteError = createError<[string]>(
  'STOCKBELL_ERR_CROSS_SITE',
  'A change requested from %s is refused: it must come from the host\'s own pages (publicUrl) or an allowed origin',
  403,
);
export const MediaTypeError = createError<[string]>('STOCKBELL_ERR_MEDIA_TYPE', '%s', 415);
export const BodyError = createError<[string]>('STOCKBELL_ERR_BODY', '%s', 400);
export const RateLimitError = createError<[number]>('STOCKBELL_ERR_RATE_LIMIT', 'Too many requests: try again in %d seconds', 429);
export const ConflictError = createError<[string]>('STOCKBELL_ERR_CONFLICT', '%s', 409);
export const NodeVersionError = createError<[string, string]>(
  'STOCKBELL_ERR_NODE_VERSION',
  'stockbell: needs Node.js %s or newer; this process runs Node.js %s',
  500,
  Error,
);
