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
    key: p.string().length(200).unique(),
    type: p.string().length(40),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(),
  },
});
export type EventRecord = InferEntity<typeof EventRecord>;

export const Notification = defineEntity({
  name: 'Notification',
  tableName: 'stockbell_notifications',
  indexes: [
    { properties: ['userId', 'readAt', 'id'] },
    { properties: ['createdAt'] },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    eventId: p.integer(),
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
  },
});
export type Notification = InferEntity<typeof Notification>;

export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'stockbell_subscriptions',
  uniques: [{ properties: ['userId', 'targetKind', 'targetId'] }],
  indexes: [{ properties: ['targetKind', 'targetId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    userId: p.string().length(100),
    targetKind: p.string().length(20),
    targetId: p.string().length(100),
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

export const entities = [EventRecord, Notification, Subscription, PartState, Setting];
