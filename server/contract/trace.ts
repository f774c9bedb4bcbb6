/**
 * Why, and why not (issue 12): the trace of what decides whether a user is told about a part,
 * category or build, step by step in the engine's order, computed with the engine's own functions;
 * for a notification they got, also what was sent where and when.
 */
import { type Static, type TProperties, Type } from 'typebox';
import { DateTime, HostId, Nullable, SubscriptionKind } from './common.ts';
import { DeliveryState } from './admin.ts';
import { CellSource } from './preferences.ts';

export const TraceTargetKind = Type.Enum(['part', 'category', 'build']);
export type TraceTargetKind = Static<typeof TraceTargetKind>;

export const TraceParams = Type.Object({ kind: TraceTargetKind, id: HostId });
/** The admin's question is about someone: `?user=<the host's user id>`. */
export const AdminTraceQuery = Type.Object({ user: HostId }, { additionalProperties: false });

const Named = { id: Type.String(), name: Type.String(), url: Nullable(Type.String()) };

/** One link of the path an event climbs to find subscriptions: the part, each template above it, each category above. */
export const TraceLink = Type.Object({
  kind: SubscriptionKind,
  ...Named,
  role: Type.Enum(['part', 'template', 'category']),
  /** The user's own rule on this link. */
  rule: Type.Enum(['none', 'subscribed', 'partOnly', 'muted']),
  /** This link decides: the subscription that reaches the target, or the mute that stops it. */
  decides: Type.Boolean(),
});
export type TraceLink = Static<typeof TraceLink>;

/** How the user's rules stand on one target's path (a build has one per watched part). */
export const TracePath = Type.Object({
  /** What the path is of: the target, a build's assembly, or one of its short parts. */
  of: Type.Object({ kind: SubscriptionKind, ...Named, role: Type.Enum(['target', 'assembly', 'shortPart']) }),
  outcome: Type.Enum(['subscribed', 'muted', 'none']),
  /** Nearest first. */
  links: Type.Array(TraceLink),
});
export type TracePath = Static<typeof TracePath>;

const check = <S extends string, T extends TProperties>(step: S, properties: T) =>
  Type.Object({ step: Type.Literal(step), ok: Type.Boolean(), ...properties });

/** One decision, in the order the engine takes them; `ok: false` is a reason the user is not told. */
export const TraceCheck = Type.Union([
  /** The master switch (global settings). */
  check('enabled', {}),
  /** Low-stock alerts (global settings). */
  check('lowStockEnabled', {}),
  /** An inactive part is never low. */
  check('partActive', {}),
  /** Stock below a minimum above zero. */
  check('belowMinimum', { stock: Type.Number(), minimum: Type.Number() }),
  /** Alerts are edge-triggered: a part remembered as low raises nothing until it recovers. */
  check('newlyLow', { lowSince: Nullable(DateTime) }),
  /** The build's lines short of stock (`build.stock_short` is raised only when there are some). */
  check('shortLines', { parts: Type.Array(Type.Object(Named)) }),
  /** Who is told: subscriptions on each path, and for a build the responsible users and roles. */
  check('audience', {
    paths: Type.Array(TracePath),
    /** Builds: named responsible (`user`), or through one of its roles (`role`). */
    responsible: Nullable(Type.Object({ user: Type.Boolean(), role: Nullable(Type.String()) })),
  }),
  /** `build.created` is not told to the user who created the build. */
  check('notCreator', {}),
  /** The host's `canView` for this user and target. */
  check('mayView', {}),
  /** The host knows the user and they are active. */
  check('activeUser', {}),
]);
export type TraceCheck = Static<typeof TraceCheck>;

/** One column of the user's preferences for the traced kind, and what it does. */
export const TraceChannel = Type.Object({
  channel: Type.String(),
  enabled: Type.Boolean(),
  /** Where the value comes from: the user's own choice, a role default, or the global default. */
  source: CellSource,
  outcome: Type.Enum(['inbox', 'immediate', 'digest', 'emailOff', 'noAddress', 'endpoints', 'noEndpoint', 'off']),
  /** The endpoints a chat or webhook channel posts to (names only). */
  endpoints: Type.Array(Type.Object({ name: Type.String(), shared: Type.Boolean() })),
});
export type TraceChannel = Static<typeof TraceChannel>;

/** One delivery of a notification: a channel, where to, and how it went. */
export const TraceDelivery = Type.Object({
  channel: Type.String(),
  endpoint: Nullable(Type.Object({ name: Type.String(), shared: Type.Boolean() })),
  /** A daily digest that carried it, rather than a message of its own. */
  digest: Type.Boolean(),
  status: DeliveryState,
  attempts: Type.Integer(),
  /** Why the last attempt failed (the user's own address and endpoints only). */
  lastError: Nullable(Type.String()),
  createdAt: DateTime,
  /** When it was sent, or last tried. */
  updatedAt: DateTime,
  /** When it is tried next, while it waits. */
  dueAt: Nullable(DateTime),
  /** Planned not to go before this time (quiet hours), rather than due at once. */
  heldUntil: Nullable(DateTime),
});
export type TraceDelivery = Static<typeof TraceDelivery>;

export const Trace = Type.Object({
  /** The notification kind traced: `part.low_stock` for a part, `message` (to followers) for a category, a build's kind. */
  kind: Type.String(),
  /** The kind's name, as the preferences matrix shows it. */
  kindLabel: Type.String(),
  /** What the trace is about; null for a message sent to the user or to a role. */
  target: Nullable(Type.Object({ kind: TraceTargetKind, ...Named })),
  /** Every check passes: the user is told (for a notification: would be told again now). */
  told: Type.Boolean(),
  /** What the user is (or would be) shown as the reason, in their language. */
  reason: Nullable(Type.String()),
  checks: Type.Array(TraceCheck),
  /** The preference cell of each channel for `kind`, with its source and what it does. */
  channels: Type.Array(TraceChannel),
  /**
   * Holding back, beside the checks: quiet hours (the latest time a delivery of the notification
   * waits for) and snooze (until a time, or until the alert resolves). A target's trace has neither.
   */
  held: Type.Object({
    quietHoursUntil: Nullable(DateTime),
    snoozedUntil: Nullable(DateTime),
    /** Snoozed until the alert resolves (then `snoozedUntil` is null). */
    snoozedUntilResolved: Type.Optional(Type.Boolean()),
  }),
  /** For a notification the user got: when, and the reason as it was given then. */
  notification: Nullable(Type.Object({ id: Type.String(), createdAt: DateTime, reason: Type.String() })),
  /** For a notification: what was sent where and when. */
  deliveries: Type.Array(TraceDelivery),
  /** The checks and channels are as things stand at this time. */
  asOf: DateTime,
});
export type Trace = Static<typeof Trace>;
