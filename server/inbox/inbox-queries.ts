/**
 * The caller's own rows, and nothing else: every statement here is scoped by user id, so another
 * user's notification is indistinguishable from one that does not exist. These are the API's hot
 * paths (bench/api.ts, bench/inbox.ts), so they run as bound, reused statements on the driver and
 * map rows straight to what the view needs, with no entity hydration in between.
 */
import { boundList, type Driver, type Statement, statement } from '../store/driver.ts';
import { chunks, IDS_PER_QUERY, toJson } from '../store/sql.ts';
import {
  fromNotificationRow,
  type Json,
  NOTIFICATION_COLUMNS,
  type NotificationColumns,
  type NotificationRow,
  type OwnedRow,
  ownedRow,
} from '../store/notification-rows.ts';
import type { CommittedRow } from './notification-view.ts';

/** `unread` is the inbox, `read` the history; snoozed rows are in neither, only under `snoozed`. */
export type InboxState = 'unread' | 'read' | 'all' | 'snoozed';

/** What a user's action changed, for their other tabs (pushed by the live side after commit). */
export interface InboxChange {
  userId: string;
  /** Ids the user deleted (other tabs drop them); absent for read/unread changes. */
  removed?: string[];
  /** The user deleted all their history (too many ids to list: other tabs drop every read row). */
  historyCleared?: true;
  /** Ids whose state changed (read, unread, snoozed, woken): other tabs show them as they are now. */
  updated?: string[];
}

export interface Page {
  rows: NotificationRow[];
  nextCursor: string | null;
}

// Every statement below returns these, for fromNotificationRow (store/notification-rows.ts).
const COLUMNS = NOTIFICATION_COLUMNS;
/** Snoozing clears `read_at` (a snoozed notification comes back unread), so `read` needs no snooze test. */
const WHERE: Record<InboxState, string> = {
  all: ' and snoozed_until is null',
  unread: ' and read_at is null and snoozed_until is null',
  read: ' and read_at is not null',
  snoozed: ' and snoozed_until is not null',
};
const OPEN_ONLY = " and alert_state = 'open'";

// Newest first by id: (user_id, id) serves the whole list, (user_id, read_at, snoozed_until, id) the unread one and its count.
const page = (name: string, where: string) => ({
  first: statement(`page_${name}`, `select ${COLUMNS} from stockbell_notifications where user_id = ?${where} order by id desc limit ?`),
  after: statement(`page_${name}_after`, `select ${COLUMNS} from stockbell_notifications where user_id = ?${where} and id < ? order by id desc limit ?`),
});
const PAGES = Object.fromEntries(
  (Object.keys(WHERE) as InboxState[]).map((state) => [state, { all: page(state, WHERE[state]), open: page(`${state}_open`, WHERE[state] + OPEN_ONLY) }]),
) as Record<InboxState, Record<'all' | 'open', ReturnType<typeof page>>>;

const UNREAD = statement('unread_count', 'select count(*) as n from stockbell_notifications where user_id = ? and read_at is null and snoozed_until is null');
const ONE = statement('notification_own', `select ${COLUMNS} from stockbell_notifications where id = ? and user_id = ?`);
// Reading a snoozed notification ends its snooze: it goes to the history like any read one.
const MARK_READ = statement('mark_read', `update stockbell_notifications set read_at = ?, snoozed_until = null where id = ? and user_id = ? and read_at is null returning ${COLUMNS}`);
const MARK_UNREAD = statement('mark_unread', `update stockbell_notifications set read_at = null where id = ? and user_id = ? and read_at is not null returning ${COLUMNS}`);
const MARK_ALL = statement('mark_all_read', 'update stockbell_notifications set read_at = ? where user_id = ? and read_at is null and snoozed_until is null');
// Several at once: every one of the caller's rows among the ids comes back, changed or not.
const MARK_MANY_READ = statement(
  'mark_many_read',
  `update stockbell_notifications set read_at = coalesce(read_at, ?), snoozed_until = null where user_id = ? and id in (select value from json_each(?)) returning ${COLUMNS}`,
  `update stockbell_notifications set read_at = coalesce(read_at, $1), snoozed_until = null where user_id = $2 and id = any($3::int[]) returning ${COLUMNS}`,
);
const MARK_MANY_UNREAD = statement(
  'mark_many_unread',
  `update stockbell_notifications set read_at = null where user_id = ? and id in (select value from json_each(?)) returning ${COLUMNS}`,
  `update stockbell_notifications set read_at = null where user_id = $1 and id = any($2::int[]) returning ${COLUMNS}`,
);
const SNOOZE = statement('snooze', `update stockbell_notifications set snoozed_until = ?, read_at = null where id = ? and user_id = ? returning ${COLUMNS}`);
const SNOOZE_OPEN = statement(
  'snooze_until_resolved',
  `update stockbell_notifications set snoozed_until = ?, read_at = null where id = ? and user_id = ? and alert_state = 'open' returning ${COLUMNS}`,
);
const WAKE = statement('wake', `update stockbell_notifications set snoozed_until = null where id = ? and user_id = ? and snoozed_until is not null returning ${COLUMNS}`);
// Claimed by the UPDATE itself: of instances checking at once, each row comes back to exactly one.
const RETURN_DUE = statement('snoozes_due', `update stockbell_notifications set snoozed_until = null where snoozed_until <= ? returning user_id, ${COLUMNS}`);
const RESOLVED_WITH = statement(
  'notifications_resolved_with',
  `select user_id, ${COLUMNS} from stockbell_notifications
   where target_id = ? and alert_state = 'resolved' and target_kind = ? and kind = ? and resolved_at = ?`,
);
// A list of ids as one parameter: a JSON array (SQLite) or an int array (PostgreSQL).
const DELETE_OWN = statement(
  'delete_own',
  'delete from stockbell_notifications where user_id = ? and id in (select value from json_each(?)) returning id',
  'delete from stockbell_notifications where user_id = $1 and id = any($2::int[]) returning id',
);
const DELETE_HISTORY = statement('delete_history', 'delete from stockbell_notifications where user_id = ? and read_at is not null');
// The live side's reads: an event's rows for the users connected to this instance, and (after its
// LISTEN connection dropped) theirs above an id. Data and reason as text on PostgreSQL too, so rows
// of one fan-out share one parsed object each (the live side renders once per object).
const LIVE_COLUMNS = `${COLUMNS}, user_id, event_id`;
const LIVE_COLUMNS_PG = LIVE_COLUMNS.replace('data, reason', 'data::text as data, reason::text as reason');
const EVENT_ROWS = statement(
  'event_rows',
  `select ${LIVE_COLUMNS} from stockbell_notifications where event_id = ? and user_id in (select value from json_each(?))`,
  `select ${LIVE_COLUMNS_PG} from stockbell_notifications where event_id = $1 and user_id = any($2::text[])`,
);
const ROWS_AFTER = statement(
  'rows_after',
  `select ${LIVE_COLUMNS} from stockbell_notifications where id > ? and user_id in (select value from json_each(?)) order by id`,
  `select ${LIVE_COLUMNS_PG} from stockbell_notifications where id > $1 and user_id = any($2::text[]) order by id`,
);
const HIGHEST = statement('highest_notification', 'select max(id) as id from stockbell_notifications');
// Counts for the live side, each with the snapshot it was read at (the same statement, so the same
// snapshot): on SQLite the highest event id committed (one writer at a time, so ids order commits),
// on PostgreSQL `pg_current_snapshot()`. A zero is a row too.
const UNREAD_AS_OF = statement(
  'unread_counts',
  `select u.value as user_id, (select count(*) from stockbell_notifications n where n.user_id = u.value and n.read_at is null and n.snoozed_until is null) as n,
     (select seq from sqlite_sequence where name = 'stockbell_events') as snapshot
   from json_each(?) u`,
  `select u as user_id, (select count(*) from stockbell_notifications n where n.user_id = u and n.read_at is null and n.snoozed_until is null) as n,
     pg_current_snapshot()::text as snapshot
   from unnest($1::text[]) u`,
);


export async function listNotifications(
  db: Driver,
  userId: string,
  options: { state: InboxState; limit: number; cursor?: string | undefined; openOnly?: boolean | undefined },
): Promise<Page> {
  const page = PAGES[options.state][options.openOnly ? 'open' : 'all'];
  const rows = options.cursor
    ? await db.query<NotificationColumns>(page.after, [userId, Number(options.cursor), options.limit + 1])
    : await db.query<NotificationColumns>(page.first, [userId, options.limit + 1]);
  const more = rows.length > options.limit;
  const items = (more ? rows.slice(0, options.limit) : rows).map((row) => fromNotificationRow(row));
  return { rows: items, nextCursor: more ? String(items[items.length - 1]?.id) : null };
}

export async function unreadCount(db: Driver, userId: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(UNREAD, [userId]);
  return Number(row?.n ?? 0);
}

/** An unread count and the snapshot it was read at: `countedIn(snapshot, mark)` says whether a commit is in it. */
export interface Counted {
  count: number;
  snapshot: string;
}

/** Unread counts for many users (the live side's), one statement per chunk, each with its snapshot. */
export async function unreadCountsAsOf(db: Driver, userIds: readonly string[]): Promise<Map<string, Counted>> {
  const counts = new Map<string, Counted>();
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    for (const row of await db.query<{ user_id: string; n: number | string; snapshot: number | string | null }>(UNREAD_AS_OF, [boundList(db, chunk)])) {
      counts.set(row.user_id, { count: Number(row.n), snapshot: String(row.snapshot ?? 0) });
    }
  }
  return counts;
}

/**
 * Whether the commit of an event with this mark (store/event-writer.ts) is in a count read at this
 * snapshot. SQLite: the event id against the highest committed. PostgreSQL: the transaction id
 * against `xmin:xmax:in-progress,…` — committed before xmin, or before xmax and not in progress.
 */
export function countedIn(snapshot: string, mark: string): boolean {
  const [xmin = '0', xmax, inProgress = ''] = snapshot.split(':');
  const xid = BigInt(mark);
  if (xmax === undefined) return xid <= BigInt(xmin);
  return xid < BigInt(xmin) || (xid < BigInt(xmax) && !inProgress.split(',').includes(mark));
}

/** Marks one read or unread; returns the row, or null when the caller has no such row. */
export async function markOne(db: Driver, userId: string, id: string, read: boolean, now: Date): Promise<NotificationRow | null> {
  const changed = read
    ? await db.execute<NotificationColumns>(MARK_READ, [now, Number(id), userId])
    : await db.execute<NotificationColumns>(MARK_UNREAD, [Number(id), userId]);
  const row = changed.rows[0] ?? (await db.query<NotificationColumns>(ONE, [Number(id), userId]))[0];
  return row ? fromNotificationRow(row) : null;
}

export async function markAllRead(db: Driver, userId: string, now: Date): Promise<number> {
  return (await db.execute(MARK_ALL, [now, userId])).changes;
}

/** Deletes those of `ids` that are the caller's; returns the ids that went. */
export async function deleteOwn(db: Driver, userId: string, ids: readonly string[]): Promise<string[]> {
  const result = await db.execute<{ id: number | string }>(DELETE_OWN, [userId, boundList(db, ids.map(Number))]);
  return result.rows.map((row) => String(row.id));
}

/** Deletes what the caller has read, in one statement; returns how many rows went. */
export async function deleteHistory(db: Driver, userId: string): Promise<number> {
  return (await db.execute(DELETE_HISTORY, [userId])).changes;
}

/** Marks several of the caller's read or unread; returns every one of theirs among `ids`, as it is now. */
export async function markMany(db: Driver, userId: string, ids: readonly string[], read: boolean, now: Date): Promise<NotificationRow[]> {
  const idList = boundList(db, ids.map(Number));
  const result = read ? await db.execute<NotificationColumns>(MARK_MANY_READ, [now, userId, idList]) : await db.execute<NotificationColumns>(MARK_MANY_UNREAD, [userId, idList]);
  return result.rows.map((row) => fromNotificationRow(row)).sort((a, b) => Number(b.id) - Number(a.id));
}

export type SnoozeOutcome = { row: NotificationRow } | { missing: true } | { notOpen: true };

/**
 * Snoozes one of the caller's notifications until `until` (unread again when it comes back).
 * `untilResolved` stores UNTIL_RESOLVED and applies to open alerts only.
 */
export async function snooze(db: Driver, userId: string, id: string, until: Date, untilResolved: boolean): Promise<SnoozeOutcome> {
  const changed = await db.execute<NotificationColumns>(untilResolved ? SNOOZE_OPEN : SNOOZE, [until, Number(id), userId]);
  const row = changed.rows[0];
  if (row) return { row: fromNotificationRow(row) };
  return (await db.query<NotificationColumns>(ONE, [Number(id), userId])).length > 0 ? { notOpen: true } : { missing: true };
}

/** Ends a snooze now; a notification that was not snoozed is returned as it is. Null: no such row of the caller's. */
export async function wake(db: Driver, userId: string, id: string): Promise<NotificationRow | null> {
  const row = (await db.execute<NotificationColumns>(WAKE, [Number(id), userId])).rows[0] ?? (await db.query<NotificationColumns>(ONE, [Number(id), userId]))[0];
  return row ? fromNotificationRow(row) : null;
}

/** Every snooze whose time has come, ended: the rows back in their owners' inboxes. */
export async function returnDueSnoozes(db: Driver, now: Date): Promise<OwnedRow[]> {
  return (await db.execute<NotificationColumns & { user_id: string }>(RETURN_DUE, [now])).rows.map(ownedRow);
}


/** The rows one resolution changed (another instance's signal names the alert and the instant). */
export async function rowsResolvedWith(db: Driver, target: { kind: string; id: string }, kind: string, resolvedAt: Date): Promise<OwnedRow[]> {
  return (await db.query<NotificationColumns & { user_id: string }>(RESOLVED_WITH, [target.id, target.kind, kind, resolvedAt])).map(ownedRow);
}

/** An event's rows for these users (those connected here), oldest first. */
export function rowsOfEvent(db: Driver, eventId: number, userIds: readonly string[]): Promise<CommittedRow[]> {
  return liveRows(db, EVENT_ROWS, eventId, userIds);
}

/** These users' rows with an id above `afterId`, oldest first. */
export function rowsAfter(db: Driver, afterId: number, userIds: readonly string[]): Promise<CommittedRow[]> {
  return liveRows(db, ROWS_AFTER, afterId, userIds);
}

async function liveRows(db: Driver, query: Statement, first: number, userIds: readonly string[]): Promise<CommittedRow[]> {
  // Equal JSON texts (one fan-out's data, its shared reasons) become one object each.
  const parsed = new Map<string, Json>();
  const json = (value: unknown): Json | null => {
    if (typeof value !== 'string') return toJson<Json>(value);
    let object = parsed.get(value);
    if (!object) {
      object = JSON.parse(value) as Json;
      parsed.set(value, object);
    }
    return object;
  };
  const rows: CommittedRow[] = [];
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    for (const row of await db.query<NotificationColumns & { user_id: string; event_id: number | string }>(query, [first, boundList(db, chunk)])) {
      rows.push({ ...fromNotificationRow(row, json), userId: row.user_id, eventId: Number(row.event_id) });
    }
  }
  return rows.sort((a, b) => Number(a.id) - Number(b.id));
}

/** The highest notification id there is (0 when none). */
export async function highestNotificationId(db: Driver): Promise<number> {
  const [row] = await db.query<{ id: number | string | null }>(HIGHEST, []);
  return Number(row?.id ?? 0);
}
