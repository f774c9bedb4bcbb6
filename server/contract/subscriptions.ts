/**
 * Subscriptions to parts and categories (PRODUCT §5): the list, one target's status, subscribe and
 * unsubscribe, mute and unmute. A user has at most one rule per target: a subscription or a mute.
 */
import { type Static, Type } from 'typebox';
import { HostId, Nullable, SubscriptionKind } from './common.ts';

export const SubscriptionSource = Type.Object({
  kind: SubscriptionKind,
  id: Type.String(),
  name: Type.String(),
  url: Nullable(Type.String()),
});
export type SubscriptionSource = Static<typeof SubscriptionSource>;

export const SubscriptionState = Type.Object({
  /** True when the user is subscribed to this target directly. */
  subscribed: Type.Boolean(),
  name: Type.String(),
  url: Nullable(Type.String()),
  /** A template part: a subscription to it may cover its variants or the part alone (`variants`). */
  template: Type.Boolean(),
  /** What the direct subscription covers: the part and its variants (true), or the part alone. True when there is none. */
  variants: Type.Boolean(),
  /** True when the user muted this target itself. */
  muted: Type.Boolean(),
  /** Whether the user is told about this target: a subscription reaches it and no nearer mute stops it. */
  covered: Type.Boolean(),
  /** The nearest subscription above this target (a template or a category) that reaches it, mutes aside. */
  inheritedFrom: Type.Optional(SubscriptionSource),
  /** The mute that keeps this target quiet (on it, or above it), when one does. */
  mutedBy: Type.Optional(SubscriptionSource),
});
export type SubscriptionState = Static<typeof SubscriptionState>;

export const SubscriptionItem = Type.Object({
  ...SubscriptionSource.properties,
  /** Category names root → leaf; for a part, its category's path. */
  path: Type.Array(Type.String()),
  /** A mute rather than a subscription. */
  muted: Type.Boolean(),
  /** A part subscription that covers the variants too (true for everything else). */
  variants: Type.Boolean(),
});
export type SubscriptionItem = Static<typeof SubscriptionItem>;

export const SubscriptionList = Type.Object({ items: Type.Array(SubscriptionItem) });
export const SubscriptionParams = Type.Object({ kind: SubscriptionKind, id: HostId });

/** `PUT /subscriptions/part/71?variants=false`: a template part alone, without its variants. */
export const SubscribeQuery = Type.Object({ variants: Type.Optional(Type.Boolean()) }, { additionalProperties: false });
