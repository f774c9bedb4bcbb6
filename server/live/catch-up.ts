/**
 * What the live hub needs to catch up when its broadcaster has lost signals (the LISTEN connection
 * dropped): which events it has pushed already, so that nothing is pushed twice, and the
 * notification id to look from.
 *
 * That id cannot simply be the highest pushed: PostgreSQL hands ids out when a transaction inserts,
 * not when it commits, so a row with a lower id may commit after a higher one was pushed. The
 * catch-up looks from the highest id pushed GRACE_MS before the loss, which covers every event
 * transaction shorter than that; the events pushed since are remembered, and skipped.
 */
export const GRACE_MS = 60_000;
/** Marks are kept a second apart at most. */
const MARK_MS = 1_000;

export class CatchUp {
  readonly #now: () => number;
  /** Event id → the highest notification id pushed for it; Infinity while its rows are being read. */
  readonly #events = new Map<number, number>();
  /** The highest id pushed as of a time: [time, id], oldest first. */
  #marks: [number, number][];
  #lostAt: number | null = null;

  /** `highest`: the highest notification id when the hub started. */
  constructor(highest: number, now: () => number = () => performance.now()) {
    this.#now = now;
    this.#marks = [[now() - GRACE_MS - MARK_MS, highest]];
  }

  /** True the first time an event is taken for pushing here; false when it was taken already. */
  take(eventId: number): boolean {
    if (this.#events.has(eventId)) return false;
    this.#events.set(eventId, Number.POSITIVE_INFINITY);
    return true;
  }

  /** A taken event's rows were pushed: `highestId` is the highest of their ids (0 for none). */
  pushed(eventId: number, highestId: number): void {
    this.#events.set(eventId, highestId);
    const now = this.#now();
    const last = this.#marks.at(-1) as [number, number];
    if (now - last[0] < MARK_MS) {
      last[1] = Math.max(last[1], highestId);
      return;
    }
    this.#marks.push([now, Math.max(last[1], highestId)]);
    if (this.#lostAt === null) this.#forget(now);
  }

  /** Signals are being lost from now on: keep everything until the catch-up. */
  lost(): void {
    this.#lostAt ??= this.#now();
  }

  /** Signals are heard again: the catch-up reads rows with ids above this one. */
  resume(): number {
    const lostAt = this.#lostAt ?? this.#now();
    this.#lostAt = null;
    return this.#markAt(lostAt - GRACE_MS - MARK_MS);
  }

  /** The highest id pushed as of `time`. */
  #markAt(time: number): number {
    let id = this.#marks[0]?.[1] ?? 0;
    for (const [at, highest] of this.#marks) {
      if (at > time) break;
      id = highest;
    }
    return id;
  }

  /** Drops what no later catch-up can need: marks before the one it would start from, events below it. */
  #forget(now: number): void {
    const horizon = now - GRACE_MS - MARK_MS;
    while (this.#marks.length > 1 && (this.#marks[1] as [number, number])[0] <= horizon) this.#marks.shift();
    const floor = this.#markAt(horizon);
    for (const [eventId, highest] of this.#events) if (highest <= floor) this.#events.delete(eventId);
  }
}
