/**
 * Unread counts kept by the live side (server/live/unread-tally.ts) instead of a count query after
 * every fan-out: exact whatever order commits, reads and signals arrive in. The snapshot rule on the
 * real databases first, then the tally's races with a read function the test releases by hand.
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type Counted, countedIn, unreadCountsAsOf } from '../server/inbox/inbox-queries.ts';
import { InProcessBroadcaster, type LiveSignal } from '../server/live/index.ts';
import { UnreadTally } from '../server/live/unread-tally.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

class RecordingBroadcaster extends InProcessBroadcaster {
  marks: string[] = [];
  override publish(signal: LiveSignal): void {
    if (signal.type === 'created' && signal.mark) this.marks.push(signal.mark);
    super.publish(signal);
  }
}

describe.each(databases)('a count’s snapshot on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => t?.close());

  it('includes exactly the events committed before it was read', async () => {
    const broadcaster = new RecordingBroadcaster();
    t = await startApp(db, { live: { heartbeatMs: 30_000, broadcaster } });
    t.host.addUser('ann');
    const before = (await unreadCountsAsOf(t.ctx.db, ['ann'])).get('ann') as Counted;
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'one' });
    const [mark] = broadcaster.marks as [string];
    const after = (await unreadCountsAsOf(t.ctx.db, ['ann'])).get('ann') as Counted;
    expect([before.count, after.count]).toEqual([0, 1]);
    expect(countedIn(before.snapshot, mark)).toBe(false);
    expect(countedIn(after.snapshot, mark)).toBe(true);
  });

  it.runIf(db.name === 'postgresql')('does not include a transaction still in progress when it was read, however low its id', async () => {
    t = await startApp(db);
    const { location, schema } = t.ctx.options.database;
    const open = new pg.Client({ connectionString: location, options: `-c search_path=${schema}` });
    await open.connect();
    try {
      await open.query('begin');
      await open.query(`insert into stockbell_events (key, type, payload, created_at) values ('slow', 'send', '{}', now())`);
      const [{ xid }] = (await open.query('select pg_current_xact_id()::text as xid')).rows;
      // A later transaction commits first, then the count is read.
      await t.app.stockbell.send({ to: { userId: 'nobody' }, subject: 'quick' });
      const during = [...(await unreadCountsAsOf(t.ctx.db, ['ann'])).values()][0] as Counted;
      await open.query('commit');
      const later = [...(await unreadCountsAsOf(t.ctx.db, ['ann'])).values()][0] as Counted;
      expect(countedIn(during.snapshot, xid)).toBe(false);
      expect(countedIn(later.snapshot, xid)).toBe(true);
    } finally {
      await open.end();
    }
  });
});

/** A read function the test answers by hand: counts as of a snapshot (SQLite's form: the highest mark committed). */
function manualReads() {
  const pending: { userIds: readonly string[]; answer: (counts: Record<string, number>, snapshot: number) => void }[] = [];
  const read = (userIds: readonly string[]) =>
    new Promise<Map<string, Counted>>((resolve) => {
      pending.push({
        userIds,
        answer: (counts, snapshot) => resolve(new Map(userIds.map((id) => [id, { count: counts[id] ?? 0, snapshot: String(snapshot) }]))),
      });
    });
  return { read, pending };
}
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the unread tally', () => {
  it('adds an event’s rows to a known count without reading, unless the count already saw the event', async () => {
    const reads = manualReads();
    const tally = new UnreadTally(reads.read);
    const greeting = tally.refresh(['ann']);
    reads.pending.shift()?.answer({ ann: 3 }, 10);
    expect(await greeting).toEqual(new Map([['ann', 3]]));
    // Event 10 was in that count already (its signal came late); event 11 was not.
    expect(await tally.added(new Map([['ann', 1]]), '10')).toEqual(new Map([['ann', 3]]));
    expect(await tally.added(new Map([['ann', 2]]), '11')).toEqual(new Map([['ann', 5]]));
    expect(reads.pending).toEqual([]);
  });

  it('adds events that arrive during a read to its result unless the read saw them', async () => {
    const reads = manualReads();
    const tally = new UnreadTally(reads.read);
    const greeting = tally.refresh(['ann']);
    // Two events arrive while the count is read; ann is not known yet, so each reads as well.
    const first = tally.added(new Map([['ann', 1]]), '20');
    const second = tally.added(new Map([['ann', 1]]), '21');
    await tick();
    // The greeting's read saw event 20 committed but not 21.
    reads.pending.shift()?.answer({ ann: 1 }, 20);
    expect(await greeting).toEqual(new Map([['ann', 2]]));
    for (const read of reads.pending.splice(0)) read.answer({ ann: 2 }, 21);
    expect((await first).get('ann')).toBe(2);
    expect((await second).get('ann')).toBe(2);
    expect(await tally.added(new Map([['ann', 1]]), '22')).toEqual(new Map([['ann', 3]]));
  });

  it('drops a read that a change overtook, and counts from the change’s own read', async () => {
    const reads = manualReads();
    const tally = new UnreadTally(reads.read);
    const greeting = tally.refresh(['ann']);
    tally.changed('ann');
    const afterChange = tally.refresh(['ann']);
    const [stale, fresh] = reads.pending.splice(0);
    fresh?.answer({ ann: 0 }, 30);
    stale?.answer({ ann: 4 }, 29);
    expect(await greeting).toEqual(new Map());
    expect(await afterChange).toEqual(new Map([['ann', 0]]));
    expect(await tally.added(new Map([['ann', 1]]), '31')).toEqual(new Map([['ann', 1]]));
  });

  it('reads again a user it forgot, and everyone after a clear', async () => {
    const reads = manualReads();
    const tally = new UnreadTally(reads.read);
    const both = tally.refresh(['ann', 'ben']);
    reads.pending.shift()?.answer({ ann: 1, ben: 1 }, 40);
    await both;
    tally.forget('ann');
    const added = tally.added(new Map([['ann', 1], ['ben', 1]]), '41');
    await tick();
    expect(reads.pending.map((r) => r.userIds)).toEqual([['ann']]);
    reads.pending.shift()?.answer({ ann: 2 }, 41);
    expect(await added).toEqual(new Map([['ben', 2], ['ann', 2]]));
    tally.clear();
    const again = tally.added(new Map([['ben', 1]]), '42');
    await tick();
    expect(reads.pending.map((r) => r.userIds)).toEqual([['ben']]);
    reads.pending.shift()?.answer({ ben: 3 }, 42);
    expect(await again).toEqual(new Map([['ben', 3]]));
  });
});
