/** Request and response shapes of the admin routes. */
import { Type } from 'typebox';
import { HostId } from '../http/schemas.ts';
import { CellInput, EndpointChannel, EndpointId, KindInfo } from '../preferences/schemas.ts';

const Matrix = Type.Record(Type.String({ maxLength: 100 }), Type.Record(Type.String({ maxLength: 20 }), Type.Boolean()));
const MatrixPatch = Type.Record(Type.String({ maxLength: 100 }), Type.Record(Type.String({ maxLength: 20 }), CellInput));

export const AdminSettings = Type.Object({
  enabled: Type.Boolean(),
  lowStockEnabled: Type.Boolean(),
  retentionDays: Type.Integer(),
  defaultDigestHour: Type.Integer(),
  publicUrl: Type.Union([Type.String(), Type.Null()]),
  allowedOrigins: Type.Array(Type.String()),
  endpointAllowList: Type.Array(Type.String()),
  kinds: Type.Array(KindInfo),
  channels: Type.Array(Type.String()),
  defaults: Matrix,
  roleDefaults: Type.Record(Type.String(), Matrix),
  endpoints: Type.Array(Type.Object({
    id: Type.String(),
    channel: Type.String(),
    name: Type.String(),
    url: Type.String(),
    secret: Type.Optional(Type.String()),
  })),
});

export const AdminSettingsPatch = Type.Object({
  enabled: Type.Optional(Type.Boolean()),
  lowStockEnabled: Type.Optional(Type.Boolean()),
  retentionDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 3650 })),
  defaultDigestHour: Type.Optional(Type.Integer({ minimum: 0, maximum: 23 })),
  publicUrl: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 2000 }), Type.Null()])),
  allowedOrigins: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 })),
  endpointAllowList: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 })),
  defaults: Type.Optional(MatrixPatch),
  /** Per role: cells to set or clear; `null` for the role removes all its defaults. */
  roleDefaults: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Type.Union([MatrixPatch, Type.Null()]))),
  endpoints: Type.Optional(Type.Object({
    add: Type.Optional(Type.Array(Type.Object({
      channel: EndpointChannel,
      url: Type.String({ minLength: 1, maxLength: 2048 }),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    }, { additionalProperties: false }), { maxItems: 50 })),
    update: Type.Optional(Type.Array(Type.Object({
      id: EndpointId,
      url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    }, { additionalProperties: false }), { maxItems: 50 })),
    remove: Type.Optional(Type.Array(EndpointId, { maxItems: 50 })),
  }, { additionalProperties: false })),
  // Read-only parts of the view, accepted (so a whole view can be sent back) and ignored.
  kinds: Type.Optional(Type.Unknown()),
  channels: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });

const DeliveryState = Type.Union([Type.Literal('pending'), Type.Literal('retrying'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('dead')]);

export const DeliveryQuery = Type.Object({
  status: Type.Optional(DeliveryState),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,15}$' })),
}, { additionalProperties: false });

export const Delivery = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  /** The user the message is for (for a shared endpoint: the recipient the job was planned with). */
  recipient: Type.String(),
  endpoint: Type.Union([Type.Object({ id: Type.String(), name: Type.String(), shared: Type.Boolean() }), Type.Null()]),
  kind: Type.String(),
  notificationId: Type.Union([Type.String(), Type.Null()]),
  status: DeliveryState,
  attempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  /** When it is tried next (pending, retrying) or when its lease ends (sending); null once settled. */
  nextAttemptAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const JobCounts = Type.Object({
  pending: Type.Integer(),
  sending: Type.Integer(),
  sent: Type.Integer(),
  dead: Type.Integer(),
});

export const SendBody = Type.Object({
  to: Type.Union([
    Type.Object({ userId: HostId }, { additionalProperties: false }),
    Type.Object({ role: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
    Type.Object({
      followers: Type.Object({
        kind: Type.Union([Type.Literal('part'), Type.Literal('category')]),
        id: HostId,
      }, { additionalProperties: false }),
    }, { additionalProperties: false }),
  ]),
  subject: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  body: Type.Optional(Type.String({ maxLength: 5000 })),
  link: Type.Optional(Type.String({ maxLength: 2000 })),
  kind: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$' })),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

export const SendOutcome = Type.Object({
  eventId: Type.Union([Type.Integer(), Type.Null()]),
  duplicate: Type.Boolean(),
  notified: Type.Integer(),
});
