/**
 * Shapes shared by the routes. Response schemas are also the guard against leaking fields:
 * fastify serialises only what is declared here.
 */
import { Type } from 'typebox';

export const NumericId = Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'a notification id' });
export const HostId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });

export const Notification = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  link: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  target: Type.Union([Type.Object({ kind: Type.String(), id: Type.String() }), Type.Null()]),
  data: Type.Object({}, { additionalProperties: true }),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
});

/** Every route can answer with these. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  500: ErrorBody,
};

export const SubscriptionKind = Type.Union([Type.Literal('part'), Type.Literal('category')]);
