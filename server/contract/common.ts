/**
 * Shapes every part of the wire contract shares: ids, the error body, the channel and target names.
 * Response schemas are also the guard against leaking fields: fastify serialises only what is
 * declared.
 */
import { type Static, Type } from 'typebox';

/** A row id of Stockbell's own (notification, endpoint, delivery) as it travels: decimal text. */
export const RowId = (what: string) => Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: `a ${what} id` });
export const NotificationId = RowId('notification');

/** An id of the host's (part, category, build, user): text, whatever the host stores. */
export const HostId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9_.:-]+$' });

export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const DateTime = Type.String({ format: 'date-time' });

export const ErrorBody = Type.Object({
  statusCode: Type.Integer(),
  code: Type.String(),
  error: Type.String(),
  message: Type.String(),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** Every route can answer with these. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  500: ErrorBody,
};

/** The external channels, in display order; `inbox` is always on and is not one of them. */
export const CHANNELS = ['email', 'slack', 'discord', 'teams', 'webhook'] as const;
export type ChannelName = (typeof CHANNELS)[number];
/** The channels that post to an endpoint (a URL) rather than to the user's address. */
export const ENDPOINT_CHANNELS = ['slack', 'discord', 'teams', 'webhook'] as const satisfies readonly ChannelName[];
export type EndpointChannel = (typeof ENDPOINT_CHANNELS)[number];
/** Columns of the preferences matrix. */
export const MATRIX_CHANNELS = ['inbox', ...CHANNELS] as const;
export type MatrixChannel = (typeof MATRIX_CHANNELS)[number];

export const EndpointChannelName = Type.Enum(ENDPOINT_CHANNELS);

/** What a subscription or a follower message can name. */
export const SubscriptionKind = Type.Enum(['part', 'category']);
export type SubscriptionKind = Static<typeof SubscriptionKind>;
