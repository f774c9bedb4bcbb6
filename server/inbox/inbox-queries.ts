/**
 * The caller's own rows, and nothing else: every statement here is scoped by user id, so another
 * user's notification is indistinguishable from one that does not exist. These are the API's hot
 * paths (bench/api.ts, bench/inbox.ts), so they run as bound, reused statements on the driver and
 * map rows straight to what the view needs, with no entity hydration in between.
 */
import type { Driver } from '../store/driver.ts';
import { statement } from '../store/driver.ts';
import { chunks, IDS_PER_QUERY, toDate, toDateOrNull, toJson } from '../store/sql.ts';
import type { NotificationRow } from './notification-view.ts';

export type InboxState = 'unread' | 'read' | 'all';

/** What a user's action changed, for their other tabs (pushed by the live side after commit). */
export interface InboxChange {
  userId: string;
  /** Ids the user deleted (other tabs drop them); absent for read/unread changes. */
  removed?: string[];
  /** The user deleted all their history (too many ids to list: other tabs drop every read row). */
  historyCleared?: true;
}

export interface Page {
  rows: NotificationRow[];
  nextCursor: string | null;
}

const COLUMNS = 'id, kind, target_kind, target_id, data, reason, locale, created_at, read_at';
const WHERE: Record<InboxState, string> = { all: '', unread: ' and read_at is null', read: ' and read_at is not null' };

// Newest first by id: (user_id, id) serves the whole list, (user_id, read_at, id) the unread one.
const PAGES = Object.fromEntries(
  (Object.keys(WHERE) as InboxState[]).map((state) => [state, {
    first: statement(`page_${state}`, `select ${COLUMNS} from stockbell_notifications where user_id = ?${WHERE[state]} order by id desc limit ?`),
    after: statement(`page_${state}_after`, `select ${COLUMNS} from stockbell_notifications where user_id = ?${WHERE[state]} and id < ? order by id desc limit ?`),
  }]),
) as Record<InboxState, { first: ReturnType<typeof statement>; after: ReturnType<typeof statement> }>;

const UNREAD = statement('unread_count', 'select count(*) as n from stockbell_notifications where user_id = ? and read_at is null');
const ONE = statement('notification_own', `select ${COLUMNS} from stockbell_notifications where id = ? and user_id = ?`);
const MARK_READ = statement('mark_read', `update stockbell_notifications set read_at = ? where id = ? and user_id = ? and read_at is null returning ${COLUMNS}`);
const MARK_UNREAD = statement('mark_unread', `update stockbell_notifications set read_at = null where id = ? and user_id = ? and read_at is not null returning ${COLUMNS}`);
const MARK_ALL = statement('mark_all_read', 'update stockbell_notifications set read_at = ? where user_id = ? and read_at is null');
// A list of ids as one parameter: a JSON array (SQLite) or an int array (PostgreSQL).
const DELETE_OWN = statement(
  'delete_own',
  'delete from stockbell_notifications where user_id = ? and id in (select value from json_each(?)) returning id',
  'delete from stockbell_notifications where user_id = $1 and id = any($2::int[]) returning id',
);
const DELETE_HISTORY = statement('delete_history', 'delete from stockbell_notifications where user_id = ? and read_at is not null');
const UNREAD_GROUPED = statement(
  'unread_counts',
  'select user_id, count(*) as n from stockbell_notifications where read_at is null and user_id in (select value from json_each(?)) group by user_id',
  'select user_id, count(*) as n from stockbell_notifications where read_at is null and user_id = any($1::text[]) group by user_id',
);

interface Row {
  id: number | string;
  kind: string;
  target_kind: string | null;
  target_id: string | null;
  data: unknown;
  reason: unknown;
  locale: string | null;
  created_at: unknown;
  read_at: unknown;
}

function fromRow(row: Row): NotificationRow {
  return {
    id: Number(row.id),
    kind: row.kind,
    targetKind: row.target_kind,
    targetId: row.target_id,
    data: toJson<Record<string, unknown>>(row.data) ?? {},
    reason: toJson<Record<string, unknown>>(row.reason) ?? {},
    locale: row.locale,
    createdAt: toDate(row.created_at),
    readAt: toDateOrNull(row.read_at),
  };
}

/** `[1, 2]` as the list parameter the dialect's statement takes. */
const list = (db: Driver, values: readonly (string | number)[]) => (db.dialect === 'postgresql' ? values : JSON.stringify(values));

export async function listNotifications(db: Driver, userId: string, options: { state: InboxState; limit: number; cursor?: string | undefined }): Promise<Page> {
  const page = PAGES[options.state];
  const rows = options.cursor
    ? await db.query<Row>(page.after, [userId, Number(options.cursor), options.limit + 1])
    : await db.query<Row>(page.first, [userId, options.limit + 1]);
  const more = rows.length > options.limit;
  const items = (more ? rows.slice(0, options.limit) : rows).map(fromRow);
  return { rows: items, nextCursor: more ? String(items[items.length - 1]?.id) : null };
}

export async function unreadCount(db: Driver, userId: string): Promise<number> {
  const [row] = await db.query<{ n: number | string }>(UNREAD, [userId]);
  return Number(row?.n ?? 0);
}

/** Unread counts for many users in one statement per chunk (live pushes after a fan-out). */
export async function unreadCounts(db: Driver, userIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    for (const row of await db.query<{ user_id: string; n: number | string }>(UNREAD_GROUPED, [list(db, chunk)])) {
      counts.set(row.user_id, Number(row.n));
    }
  }
  return counts;
}

/** Marks one read or unread; returns the row, or null when the caller has no such row. */
export async function markOne(db: Driver, userId: string, id: string, read: boolean, now: Date): Promise<NotificationRow | null> {
  const changed = read
    ? await db.execute<Row>(MARK_READ, [now, Number(id), userId])
    : await db.execute<Row>(MARK_UNREAD, [Number(id), userId]);
  const row = changed.rows[0] ?? (await db.query<Row>(ONE, [Number(id), userId]))[0];
  return row ? fromRow(row) : null;
}

export async function markAllRead(db: Driver, userId: string, now: Date): Promise<number> {
  return (await db.execute(MARK_ALL, [now, userId])).changes;
}

/** Deletes those of `ids` that are the caller's; returns the ids that went. */
export async function deleteOwn(db: Driver, userId: string, ids: readonly string[]): Promise<string[]> {
  const result = await db.execute<{ id: number | string }>(DELETE_OWN, [userId, list(db, ids.map(Number))]);
  return result.rows.map((row) => String(row.id));
}

/** Deletes what the caller has read, in one statement; returns how many rows went. */
export async function deleteHistory(db: Driver, userId: string): Promise<number> {
  return (await db.execute(DELETE_HISTORY, [userId])).changes;
}
