/** Host events (PRODUCT §4): what `POST /events` takes and what every event call answers. */
import { type Static, Type } from 'typebox';
import { HostId, Nullable } from './common.ts';

export const EventKey = Type.String({ minLength: 1, maxLength: 200 });

export const EventBody = Type.Object({
  /** `buildCompleted` and `buildCancelled` resolve the build's shortage alert. */
  type: Type.Enum(['stockChanged', 'minimumChanged', 'buildCreated', 'buildCompleted', 'buildCancelled']),
  partId: Type.Optional(HostId),
  buildId: Type.Optional(HostId),
  /** The host's idempotency key: a retried event with the same key notifies nobody again. */
  key: Type.Optional(EventKey),
}, { additionalProperties: false });
export type EventBody = Static<typeof EventBody>;

export const EventOutcome = Type.Object({
  /** Stockbell's id for the event, or null when nothing was recorded (a duplicate). */
  eventId: Nullable(Type.Integer()),
  /** True when the key had been seen before: nothing happened this time. */
  duplicate: Type.Boolean(),
  /** Inbox rows written (one per recipient per notification). */
  notified: Type.Integer(),
  /** Inbox rows whose alert this event resolved (a part back above its minimum, a build covered or finished). */
  resolved: Type.Integer(),
});
export type EventOutcome = Static<typeof EventOutcome>;
