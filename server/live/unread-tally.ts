/**
 * The unread count of each user connected here, kept current from what the live side already sees,
 * so a fan-out to 10,000 connected users does not end with a count query over all of them (that
 * query took longer than rendering and sending their 10,000 frames).
 *
 * A count is read from the database with the snapshot it was read at. An event's rows then add to
 * it unless that snapshot already saw the event's transaction commit (its mark: `countedIn`), so the
 * count stays exact whatever order commits, reads and signals come in. Events that arrive while a
 * read is in flight are added to its result the same way. A change (read, unread, delete) re-reads
 * the user, and a read that started before a change is dropped rather than sent late. Users not
 * known yet (no socket greeted them, or forgotten) are read.
 */
import { type Counted, countedIn } from '../inbox/inbox-queries.ts';

type ReadCounts = (userIds: readonly string[]) => Promise<Map<string, Counted>>;

/** A read in flight for one user: the events added meanwhile, and whether a change made it stale. */
interface Reading {
  added: { mark: string; n: number }[];
  stale: boolean;
}

export class UnreadTally {
  readonly #read: ReadCounts;
  readonly #known = new Map<string, Counted>();
  readonly #reading = new Map<string, Set<Reading>>();

  constructor(read: ReadCounts) {
    this.#read = read;
  }

  /**
   * An event committed with `mark` and gave these users `n` rows each: their counts now. Users
   * without a current count are read; one whose read a change overtook is left out (the change's
   * own read reports it).
   */
  async added(rowsByUser: ReadonlyMap<string, number>, mark: string | undefined): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const unknown: string[] = [];
    for (const [userId, n] of rowsByUser) {
      if (mark === undefined) {
        unknown.push(userId);
        continue;
      }
      for (const reading of this.#reading.get(userId) ?? []) reading.added.push({ mark, n });
      const known = this.#known.get(userId);
      if (!known) {
        unknown.push(userId);
        continue;
      }
      if (!countedIn(known.snapshot, mark)) known.count += n;
      counts.set(userId, known.count);
    }
    if (unknown.length > 0) for (const [userId, count] of await this.refresh(unknown)) counts.set(userId, count);
    return counts;
  }

  /** A user's inbox changed: reads still in flight for them are stale. */
  changed(userId: string): void {
    this.#known.delete(userId);
    for (const reading of this.#reading.get(userId) ?? []) reading.stale = true;
  }

  /** Reads these users' counts from the database (and keeps them); a stale one is left out. */
  async refresh(userIds: readonly string[]): Promise<Map<string, number>> {
    const readings = new Map<string, Reading>();
    for (const userId of userIds) {
      const reading: Reading = { added: [], stale: false };
      readings.set(userId, reading);
      const inFlight = this.#reading.get(userId) ?? new Set<Reading>();
      this.#reading.set(userId, inFlight);
      inFlight.add(reading);
    }
    try {
      const read = await this.#read(userIds);
      const counts = new Map<string, number>();
      for (const [userId, reading] of readings) {
        const counted = read.get(userId);
        if (!counted || reading.stale) continue;
        for (const { mark, n } of reading.added) if (!countedIn(counted.snapshot, mark)) counted.count += n;
        this.#known.set(userId, counted);
        counts.set(userId, counted.count);
      }
      return counts;
    } finally {
      for (const [userId, reading] of readings) {
        const inFlight = this.#reading.get(userId);
        inFlight?.delete(reading);
        if (inFlight?.size === 0) this.#reading.delete(userId);
      }
    }
  }

  /** The user's last socket here closed. */
  forget(userId: string): void {
    this.#known.delete(userId);
  }

  /** Rows went without a change per user (retention): every count is read again when next needed. */
  clear(): void {
    for (const userId of [...this.#known.keys(), ...this.#reading.keys()]) this.changed(userId);
  }
}
