/** Subscriptions to parts and categories (PRODUCT §5): the list, one target's status, subscribe and unsubscribe. */
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
  /** Present when a category or template subscription already covers this target. */
  inheritedFrom: Type.Optional(SubscriptionSource),
});
export type SubscriptionState = Static<typeof SubscriptionState>;

export const SubscriptionItem = Type.Object({
  ...SubscriptionSource.properties,
  /** Category names root → leaf; for a part, its category's path. */
  path: Type.Array(Type.String()),
});
export type SubscriptionItem = Static<typeof SubscriptionItem>;

export const SubscriptionList = Type.Object({ items: Type.Array(SubscriptionItem) });
export const SubscriptionParams = Type.Object({ kind: SubscriptionKind, id: HostId });
