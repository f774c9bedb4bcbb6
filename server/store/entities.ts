/**
 * Stockbell's own tables. Only what the plugin must remember: its events (for idempotency),
 * one notification row per recipient, subscriptions, low-stock state and settings.
 * Host objects live in the host; we keep their ids and, in a notification's data, the names
 * as they were when it was raised (history must not change when a part is renamed).
 */
import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

export const EventRecord = defineEntity({
  name: 'EventRecord',
  tableName: 'stockbell_events',
  properties: {
    id: p.integer().primary().autoincrement(),
    /** The host's idempotency key; a second event with the same key notifies nobody. */
    key: p.string().length(200).unique('stockbell_events_key_key'),
    type: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
  },
});
export type EventRecord = InferEntity<typeof EventRecord>;

/**
 * `snoozed_until` of a notification snoozed until its alert resolves: one column says "snoozed"
 * for every query, and resolving an alert wakes exactly the rows that carry this instant.
 */
export const UNTIL_RESOLVED = new Date('9999-12-31T00:00:00.000Z');

export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'stockbell_notifications',
  indexes: [
    // The unread count and page: read from the index alone (migrations/…_unread_index.ts).
    { name: 'stockbell_notifications_unread', properties: ['userId', 'readAt', 'snoozedUntil', 'id'] },
    { name: 'stockbell_notifications_user_id', properties: ['userId', 'id'] },
    { name: 'stockbell_notifications_created', properties: ['createdAt'] },
    // Other instances read an event's rows back to push them to the users connected there.
    { name: 'stockbell_notifications_event', properties: ['eventId'] },
    // Resolving an alert finds the open rows of its target (one UPDATE for every recipient).
    { name: 'stockbell_notifications_alert', properties: ['targetId', 'alertState'] },
    // The periodic check returns snoozed rows whose time has come.
    { name: 'stockbell_notifications_snoozed', properties: ['snoozedUntil'] },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    eventId: p.bigint('number'),
    userId: p.string().length(100),
    kind: p.string().length(100),
    targetKind: p.string().length(20).nullable(),
    targetId: p.string().length(100).nullable(),
    /** The facts the message is rendered from (names, stock, minimum, short lines, …). */
    data: p.json<Record<string, unknown>>(),
    /** Why this user was told, as data: rendered per locale like the message. */
    reason: p.json<Record<string, unknown>>(),
    locale: p.string().length(35).nullable(),
    createdAt: p.datetime(),
    readAt: p.datetime().nullable(),
    /** `open` or `resolved` for alerts (low stock, build shortages); null for other kinds. */
    alertState: p.string().length(10).nullable(),
    resolvedAt: p.datetime().nullable(),
    /** What was true when it resolved: `{ stock, minimum }`, or `{ reason }` for a build. */
    resolution: p.json<Record<string, unknown>>().nullable(),
    /** Out of the inbox until then (`UNTIL_RESOLVED` for "until it is resolved"). */
    snoozedUntil: p.datetime().nullable(),
  },
});
export type Notification = InferEntity<typeof Notification>;

/**
 * A user's rule for one part or category: follow it (a subscription) or mute it. One rule per
 * target, so subscribing to a muted target replaces the mute and the other way round. The most
 * specific rule on a target's path decides (audience/coverage.ts).
 */
export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'stockbell_subscriptions',
  uniques: [{ name: 'stockbell_subscriptions_unique', properties: ['userId', 'targetKind', 'targetId'] }],
  indexes: [{ name: 'stockbell_subscriptions_target', properties: ['targetKind', 'targetId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    userId: p.string().length(100),
    targetKind: p.string().length(20),
    targetId: p.string().length(100),
    /** A mute: nobody tells this user about the target or anything under it, whatever covers it from above. */
    muted: p.boolean().default(false),
    /** A part subscription's reach: the part and its variants (the default), or the part alone. */
    variants: p.boolean().default(true),
    createdAt: p.datetime(),
  },
});
export type Subscription = InferEntity<typeof Subscription>;

export const PartState = defineEntity({
  name: 'PartState',
  tableName: 'stockbell_part_state',
  properties: {
    partId: p.string().length(100).primary(),
    low: p.boolean(),
    updatedAt: p.datetime(),
  },
});
export type PartState = InferEntity<typeof PartState>;

export const Setting = defineEntity({
  name: 'Setting',
  tableName: 'stockbell_settings',
  properties: {
    key: p.string().length(100).primary(),
    value: p.json<unknown>(),
    updatedAt: p.datetime(),
  },
});
export type Setting = InferEntity<typeof Setting>;

/** One row per matrix cell a user has switched away from their defaults. */
export const Preference = defineEntity({
  name: 'Preference',
  tableName: 'stockbell_preferences',
  properties: {
    userId: p.string().length(100).primary(),
    kind: p.string().length(100).primary(),
    channel: p.string().length(20).primary(),
    enabled: p.boolean(),
    updatedAt: p.datetime(),
  },
});
export type Preference = InferEntity<typeof Preference>;

/** A user's email mode, digest hour and time zone; null means "the default" (global hour, host's zone). */
export const UserSettings = defineEntity({
  name: 'UserSettings',
  tableName: 'stockbell_user_settings',
  indexes: [{ name: 'stockbell_user_settings_mode', properties: ['emailMode'] }],
  properties: {
    userId: p.string().length(100).primary(),
    emailMode: p.string().length(10),
    digestHour: p.integer().nullable(),
    timeZone: p.string().length(64).nullable(),
    /** The digest covers this user's notifications with a greater id. */
    digestAfterId: p.integer().default(0),
    /** When the last digest was planned: alerts resolved since are listed apart in the next one. */
    digestAfterAt: p.datetime().nullable(),
    /** Quiet hours in the user's zone, minutes of the day (null: no nightly window), and weekends. */
    quietFrom: p.integer().nullable(),
    quietTo: p.integer().nullable(),
    quietWeekends: p.boolean().default(false),
    updatedAt: p.datetime(),
  },
});
export type UserSettings = InferEntity<typeof UserSettings>;

/** A chat or webhook endpoint: personal (`userId` set) or shared by an admin (`userId` null). */
export const Endpoint = defineEntity({
  name: 'Endpoint',
  tableName: 'stockbell_endpoints',
  indexes: [{ name: 'stockbell_endpoints_user', properties: ['userId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    userId: p.string().length(100).nullable(),
    channel: p.string().length(20),
    name: p.string().length(100),
    /** A secret: a Slack or Discord webhook URL is its own credential. */
    url: p.string().length(2048),
    /** The webhook signing secret. */
    secret: p.string().length(200).nullable(),
    /** The secret being rotated out, and until when it still signs beside the new one. */
    previousSecret: p.string().length(200).nullable(),
    previousSecretUntil: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type Endpoint = InferEntity<typeof Endpoint>;

/** One message to one place (recipient, channel, endpoint), or a user's daily digest. */
export const DeliveryJob = defineEntity({
  name: 'DeliveryJob',
  tableName: 'stockbell_deliveries',
  // Claiming: due pending jobs in (time, id) order, walked and stopped at the batch; expired leases
  // among the (few) sending ones. Partial, so a sent job leaves them (migrations/…_claim_indexes.ts).
  // The admin log walks the primary key. Each index is paid for on every insert of a fan-out.
  indexes: [
    { name: 'stockbell_deliveries_pending', properties: ['nextAttemptAt', 'id'], where: "status = 'pending'" },
    { name: 'stockbell_deliveries_sending', properties: ['leaseUntil', 'id'], where: "status = 'sending'" },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    notificationId: p.integer().nullable(),
    userId: p.string().length(100),
    channel: p.string().length(20),
    endpointId: p.integer().nullable(),
    kind: p.string().length(100),
    status: p.string().length(10),
    attempts: p.integer().default(0),
    nextAttemptAt: p.datetime(),
    leaseUntil: p.datetime().nullable(),
    lastError: p.string().length(1000).nullable(),
    /** Stable for the job's life: the Message-ID and the Idempotency-Key of every attempt. */
    idempotencyKey: p.string().length(200).unique('stockbell_deliveries_idempotency_key_key'),
    payload: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});
export type DeliveryJob = InferEntity<typeof DeliveryJob>;

/** A user's local day whose digest is taken: one digest per user and day, whatever restarts or instances do. */
export const DigestDay = defineEntity({
  name: 'DigestDay',
  tableName: 'stockbell_digests',
  indexes: [{ name: 'stockbell_digests_created', properties: ['createdAt'] }],
  properties: {
    userId: p.string().length(100).primary(),
    localDate: p.string().length(10).primary(),
    createdAt: p.datetime(),
  },
});
export type DigestDay = InferEntity<typeof DigestDay>;

/** A part an open `build.stock_short` waits on: a stock change of it re-checks the build. */
export const BuildShortage = defineEntity({
  name: 'BuildShortage',
  tableName: 'stockbell_build_shortages',
  indexes: [{ name: 'stockbell_build_shortages_part', properties: ['partId'] }],
  properties: {
    buildId: p.string().length(100).primary(),
    partId: p.string().length(100).primary(),
    createdAt: p.datetime(),
  },
});
export type BuildShortage = InferEntity<typeof BuildShortage>;

/** A periodic job's period taken by one instance: the job runs once per period, however many instances wake. */
export const ScheduledRun = defineEntity({
  name: 'ScheduledRun',
  tableName: 'stockbell_scheduled_runs',
  properties: {
    job: p.string().length(40).primary(),
    period: p.string().length(40).primary(),
    createdAt: p.datetime(),
  },
});
export type ScheduledRun = InferEntity<typeof ScheduledRun>;

export const entities = [EventRecord, Notification, Subscription, PartState, Setting, Preference, UserSettings, Endpoint, DeliveryJob, DigestDay, ScheduledRun, BuildShortage];
