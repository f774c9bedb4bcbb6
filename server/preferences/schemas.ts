/** Request and response shapes of the preferences routes (and the admin routes that reuse them). */
import { Type } from 'typebox';

export const EndpointId = Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'an endpoint id' });
export const EndpointChannel = Type.Union([Type.Literal('slack'), Type.Literal('discord'), Type.Literal('teams'), Type.Literal('webhook')]);
export const EmailMode = Type.Union([Type.Literal('immediate'), Type.Literal('digest'), Type.Literal('off')]);

export const KindInfo = Type.Object({ id: Type.String(), label: Type.String() });

export const EndpointView = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  name: Type.String(),
  /** Masked: scheme, host and the last characters. */
  url: Type.String(),
});

/** Returned once, when a webhook endpoint is created: the secret its signatures are made with. */
export const RotatedSecret = Type.Object({ secret: Type.String() });

export const CreatedEndpoint = Type.Object({
  ...EndpointView.properties,
  secret: Type.Union([Type.String(), Type.Null()]),
});

export const Cell = Type.Object({
  enabled: Type.Boolean(),
  source: Type.Union([Type.Literal('user'), Type.Literal('role'), Type.Literal('global')]),
});

export const Preferences = Type.Object({
  kinds: Type.Array(KindInfo),
  channels: Type.Array(Type.String()),
  matrix: Type.Record(Type.String(), Type.Record(Type.String(), Cell)),
  email: Type.Object({ mode: EmailMode, digestHour: Type.Integer(), timeZone: Type.String() }),
  endpoints: Type.Array(EndpointView),
  sharedEndpoints: Type.Array(Type.Object({ id: Type.String(), channel: Type.String(), name: Type.String() })),
});

/** A cell in a change: on, off, or `null` to clear (back to the default). `{ enabled }` as GET shows it is accepted too. */
export const CellInput = Type.Union([Type.Boolean(), Type.Null(), Type.Object({ enabled: Type.Boolean() }, { additionalProperties: true })]);

export const PreferencesPatch = Type.Object({
  matrix: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Record(Type.String({ maxLength: 20 }), CellInput))),
  email: Type.Optional(Type.Object({
    mode: Type.Optional(EmailMode),
    digestHour: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 23 }), Type.Null()])),
    timeZone: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
  }, { additionalProperties: false })),
  // What GET returns besides: read-only, accepted so a whole view can be sent back, and ignored.
  kinds: Type.Optional(Type.Unknown()),
  channels: Type.Optional(Type.Unknown()),
  endpoints: Type.Optional(Type.Unknown()),
  sharedEndpoints: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });

export const NewEndpointBody = Type.Object({
  channel: EndpointChannel,
  url: Type.String({ minLength: 1, maxLength: 2048 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  /** Webhooks only: sign requests with a secret made by the server (default true). */
  signed: Type.Optional(Type.Boolean()),
}, { additionalProperties: false });

export const TestResult = Type.Object({ ok: Type.Boolean(), error: Type.Union([Type.String(), Type.Null()]) });
