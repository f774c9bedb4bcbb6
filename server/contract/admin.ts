/**
 * Administration (PRODUCT §2, §5): global settings, the global and per-role defaults, shared
 * endpoints, the delivery log, and the send API over HTTP.
 */
import { type Static, Type } from 'typebox';
import { CHANNELS, DateTime, EndpointChannelName, HostId, Nullable, RowId } from './common.ts';
import { Endpoint, EndpointId, KindInfo, MatrixChange, Switches } from './preferences.ts';

/** What the general settings form edits. */
export const GeneralSettings = Type.Object({
  /** Master switch: when false, events are recorded but nobody is notified. */
  enabled: Type.Boolean(),
  lowStockEnabled: Type.Boolean(),
  /** Notifications older than this are deleted daily; 0 keeps them forever. */
  retentionDays: Type.Integer({ minimum: 0, maximum: 3650 }),
  defaultDigestHour: Type.Integer({ minimum: 0, maximum: 23 }),
  /** Base for absolute links in emails and chat, e.g. https://inventory.example.com */
  publicUrl: Nullable(Type.String({ minLength: 1, maxLength: 2000 })),
  /** Origins besides publicUrl's whose pages may open the WebSocket and send changes; empty: publicUrl's only (nothing when that is unset too). */
  allowedOrigins: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 50 }),
  /** Private, loopback or link-local endpoint addresses, ranges and host names an admin permits. */
  endpointAllowList: Type.Array(Type.String({ minLength: 1, maxLength: 300 }), { maxItems: 100 }),
  /** Kinds that bypass users' quiet hours (they are held for nothing). */
  urgentKinds: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 100 }),
});
export type GeneralSettings = Static<typeof GeneralSettings>;

export const SharedEndpoint = Type.Object({
  ...Endpoint.properties,
  /** Only in the answer to the change that created a webhook endpoint. */
  secret: Type.Optional(Type.String()),
});

/** A role of the host, from its adapter's optional `listRoles()`; `name` falls back to the id. */
export const RoleInfo = Type.Object({ id: Type.String(), name: Type.String() });
export type RoleInfo = Static<typeof RoleInfo>;

export const AdminSettings = Type.Object({
  ...GeneralSettings.properties,
  /** The host's roles to set defaults for; null when the host does not list them (a role id is typed). */
  roles: Nullable(Type.Array(RoleInfo)),
  kinds: Type.Array(KindInfo),
  channels: Type.Array(Type.String()),
  /** The global layer as it applies (built-in defaults merged with the admin's). */
  defaults: Switches,
  /** Only the cells set per role; the rest follow `defaults`. */
  roleDefaults: Type.Record(Type.String(), Switches),
  endpoints: Type.Array(SharedEndpoint),
});
export type AdminSettings = Static<typeof AdminSettings>;

const EndpointChanges = Type.Object({
  add: Type.Optional(Type.Array(Type.Object({
    channel: EndpointChannelName,
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }, { additionalProperties: false }), { maxItems: 50 })),
  update: Type.Optional(Type.Array(Type.Object({
    id: EndpointId,
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  }, { additionalProperties: false }), { maxItems: 50 })),
  remove: Type.Optional(Type.Array(EndpointId, { maxItems: 50 })),
}, { additionalProperties: false });

export const AdminSettingsPatch = Type.Object({
  ...Type.Partial(GeneralSettings).properties,
  defaults: Type.Optional(MatrixChange),
  /** Per role: cells to set or clear; `null` for the role removes all its defaults. */
  roleDefaults: Type.Optional(Type.Record(Type.String({ maxLength: 100 }), Nullable(MatrixChange))),
  endpoints: Type.Optional(EndpointChanges),
  // Read-only parts of the view, accepted (so a whole view can be sent back) and ignored.
  roles: Type.Optional(Type.Unknown()),
  kinds: Type.Optional(Type.Unknown()),
  channels: Type.Optional(Type.Unknown()),
}, { additionalProperties: false });
export type AdminSettingsPatch = Static<typeof AdminSettingsPatch>;

export const DeliveryState = Type.Enum(['pending', 'retrying', 'sending', 'sent', 'dead']);
export type DeliveryState = Static<typeof DeliveryState>;

export const DeliveryId = RowId('delivery');
export const DeliveryParams = Type.Object({ id: DeliveryId });

export const DeliveryQuery = Type.Object({
  status: Type.Optional(DeliveryState),
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
  cursor: Type.Optional(DeliveryId),
}, { additionalProperties: false });

export const Delivery = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  /** The user the message is for (for a shared endpoint: the recipient the job was planned with). */
  recipient: Type.String(),
  /** The recipient's name as the host has it now (one batched getUsers per page); null if the host no longer knows them. */
  recipientName: Nullable(Type.String()),
  /** Their address, on email deliveries only. */
  recipientEmail: Nullable(Type.String()),
  endpoint: Nullable(Type.Object({ id: Type.String(), name: Type.String(), shared: Type.Boolean() })),
  kind: Type.String(),
  notificationId: Nullable(Type.String()),
  status: DeliveryState,
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  /** When it is tried next (pending, retrying) or when its lease ends (sending); null once settled. */
  nextAttemptAt: Nullable(DateTime),
  createdAt: DateTime,
  updatedAt: DateTime,
});
export type Delivery = Static<typeof Delivery>;

/** Jobs per stored status (retrying ones count as pending). */
export const JobCounts = Type.Object({ pending: Type.Integer(), sending: Type.Integer(), sent: Type.Integer(), dead: Type.Integer() });

/** A destination failing for everyone: its jobs wait, untried, for the next probe (the circuit breaker). */
export const PausedDestination = Type.Object({
  channel: Type.String(),
  /** Null for the email channel as a whole. */
  endpoint: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  /** Failures in a row. */
  failures: Type.Integer(),
  since: DateTime,
  nextProbeAt: DateTime,
  lastError: Type.String(),
});
export type PausedDestination = Static<typeof PausedDestination>;

export const DeliveryPage = Type.Object({
  items: Type.Array(Delivery),
  nextCursor: Nullable(Type.String()),
  counts: JobCounts,
  /** Destinations paused on this instance now. */
  paused: Type.Array(PausedDestination),
});
export type DeliveryPage = Static<typeof DeliveryPage>;

/** Retry every dead job of a channel, of an endpoint, or (neither) all of them, at once. */
export const RetryDeadBody = Type.Object({
  channel: Type.Optional(Type.Enum([...CHANNELS])),
  endpoint: Type.Optional(RowId('endpoint')),
}, { additionalProperties: false });
export type RetryDeadBody = Static<typeof RetryDeadBody>;

export const RetriedCount = Type.Object({ retried: Type.Integer() });
export type RetriedCount = Static<typeof RetriedCount>;

/** The same rule the send API and host kinds follow: `message`, `host.thing_happened`. */
export const KIND_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$';
export const Kind = Type.String({ minLength: 1, maxLength: 100, pattern: KIND_PATTERN });

export const SendRecipients = Type.Union([
  Type.Object({ userId: HostId }, { additionalProperties: false }),
  Type.Object({ role: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false }),
  Type.Object({
    followers: Type.Object({ kind: Type.Enum(['part', 'category']), id: HostId }, { additionalProperties: false }),
  }, { additionalProperties: false }),
]);
export type SendRecipients = Static<typeof SendRecipients>;

export const SendBody = Type.Object({
  to: SendRecipients,
  subject: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  body: Type.Optional(Type.String({ maxLength: 5000 })),
  /** Where the notification leads, relative to the host (e.g. `/parts/42`) or absolute. */
  link: Type.Optional(Type.String({ maxLength: 2000 })),
  /** Defaults to `message`. */
  kind: Type.Optional(Kind),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });
export type SendInput = Static<typeof SendBody>;
