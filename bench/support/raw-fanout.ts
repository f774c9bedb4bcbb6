/**
 * The fan-out's raw baselines: the same durable work as one Stockbell event to N recipients — an
 * event row, N inbox rows and each row's email job, committed in one transaction — written
 * straight through the driver, the fastest honest ways we found (bench/README.md says which were
 * tried). Each baseline opens its connection and prepares its statements before it is timed, and
 * reuses them: only `write()` is measured.
 *
 * What varies per recipient (user id, reason, locale; the job's notification id and key) travels
 * per row; what one event shares (event id, kind, target, data, timestamps) is bound once, as
 * Stockbell does.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface FanoutInput {
  /** Unique per write: the event's idempotency key, and the prefix of the jobs' keys. */
  key: string;
  userIds: readonly string[];
  kind: string;
  target: { kind: string; id: string };
  data: object;
  reason: object;
  now: Date;
}

export interface RawFanout {
  name: string;
  /** Writes the event, its rows and their jobs in one transaction; resolves to the rows written. */
  write(input: FanoutInput): Promise<number>;
  close(): Promise<void>;
}

const NOTIFICATION_COLUMNS = 'event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at';
const JOB_COLUMNS = 'notification_id, user_id, channel, endpoint_id, kind, idempotency_key, payload, status, attempts, next_attempt_at, created_at, updated_at';
const INSERT_EVENT = 'insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) returning id';

// --- SQLite: better-sqlite3 on a long-lived connection to the same file ---------------------------

/** SQLite's own bound-parameter limit (SQLITE_MAX_VARIABLE_NUMBER). */
const SQLITE_MAX_PARAMS = 32_766;

function openSqlite(file: string): Database.Database {
  const db = new Database(file);
  // As Stockbell keeps its file: foreign keys on, WAL (the file is in WAL mode already: the mode is
  // the file's), synchronous=FULL, and no checkpoint inside a commit. Stockbell's checkpoint thread
  // (server/store/checkpointer.ts) copies the WAL for both writers in the background, so neither
  // pays it in its timed commit.
  db.pragma('foreign_keys = on');
  db.pragma('journal_mode = WAL');
  db.pragma('wal_autocheckpoint = 0');
  return db;
}

/** One prepared single-row INSERT per table, run once per row inside one transaction. */
export function sqliteSingleRow(file: string): RawFanout {
  const db = openSqlite(file);
  const event = db.prepare<unknown[], { id: number }>(INSERT_EVENT);
  const notification = db.prepare(`insert into stockbell_notifications (${NOTIFICATION_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const job = db.prepare(`insert into stockbell_deliveries (${JOB_COLUMNS}) values (?, ?, 'email', null, ?, ?, null, 'pending', 0, ?, ?, ?)`);
  const writeAll = db.transaction((input: FanoutInput) => {
    const at = input.now.getTime();
    const eventId = event.get(input.key, 'send', '{}', at)!.id;
    const data = JSON.stringify(input.data);
    const reason = JSON.stringify(input.reason);
    const ids = input.userIds.map((user) =>
      notification.run(eventId, user, input.kind, input.target.kind, input.target.id, data, reason, null, at).lastInsertRowid);
    for (const [i, user] of input.userIds.entries()) job.run(ids[i], user, input.kind, `${input.key}.${i}`, at, at, at);
    return ids.length;
  });
  return { name: 'prepared single-row INSERTs, one transaction', write: async (input) => writeAll(input), close: async () => void db.close() };
}

/**
 * Multi-row INSERTs of as many rows as SQLite binds, prepared once per statement size before the
 * timing starts (a fan-out's size is known by then), ids back through RETURNING.
 */
export function sqliteMultiRow(file: string, rows: number): RawFanout {
  const db = openSqlite(file);
  const event = db.prepare<unknown[], { id: number }>(INSERT_EVENT);
  const notificationWidth = 3; // user_id, reason, locale
  const jobWidth = 3; // notification_id, user_id, idempotency_key
  const statementsFor = (width: number, sql: (values: string) => string) => {
    const perStatement = Math.floor((SQLITE_MAX_PARAMS - 16) / width);
    const prepared = new Map<number, Database.Statement>();
    for (let start = 0; start < rows; start += perStatement) {
      const n = Math.min(perStatement, rows - start);
      if (!prepared.has(n)) prepared.set(n, db.prepare(sql(new Array(n).fill(`(${new Array(width).fill('?').join(', ')})`).join(', '))));
    }
    return { perStatement, prepared };
  };
  const notifications = statementsFor(notificationWidth, (values) =>
    `insert into stockbell_notifications (${NOTIFICATION_COLUMNS})
     select ?, column1, ?, ?, ?, ?, column2, column3, ? from (values ${values})
     returning id, user_id`);
  const jobs = statementsFor(jobWidth, (values) =>
    `insert into stockbell_deliveries (${JOB_COLUMNS})
     select column1, column2, 'email', null, ?, column3, null, 'pending', 0, ?, ?, ? from (values ${values})`);
  const writeAll = db.transaction((input: FanoutInput) => {
    if (input.userIds.length !== rows) throw new Error(`prepared for ${rows} rows, given ${input.userIds.length}`);
    const at = input.now.getTime();
    const eventId = event.get(input.key, 'send', '{}', at)!.id;
    const data = JSON.stringify(input.data);
    const reason = JSON.stringify(input.reason);
    const idOf = new Map<string, number>();
    for (let start = 0; start < rows; start += notifications.perStatement) {
      const chunk = input.userIds.slice(start, start + notifications.perStatement);
      const values = chunk.flatMap((user) => [user, reason, null]);
      const returned = notifications.prepared.get(chunk.length)!.all(eventId, input.kind, input.target.kind, input.target.id, data, at, ...values) as { id: number; user_id: string }[];
      for (const row of returned) idOf.set(row.user_id, row.id);
    }
    for (let start = 0; start < rows; start += jobs.perStatement) {
      const chunk = input.userIds.slice(start, start + jobs.perStatement);
      const values = chunk.flatMap((user, i) => [idOf.get(user), user, `${input.key}.${start + i}`]);
      jobs.prepared.get(chunk.length)!.run(input.kind, at, at, at, ...values);
    }
    return idOf.size;
  });
  return { name: 'prepared multi-row INSERTs, one transaction', write: async (input) => writeAll(input), close: async () => void db.close() };
}

// --- PostgreSQL: node-postgres on a long-lived connection, named (server-side prepared) statements -

async function openPostgres(url: string, schema: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  return client;
}

async function inTransaction<T>(client: pg.Client, body: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await body();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback');
    throw error;
  }
}

const PG_EVENT = { name: 'raw_event', text: 'insert into stockbell_events (key, type, payload, created_at) values ($1, $2, $3, $4) returning id' };

/**
 * The rows as one bound JSON parameter per table: an array of per-row arrays, unpacked by
 * jsonb_array_elements (of the JSON shapes tried, see bench/README.md, the quickest here).
 */
export async function postgresJson(url: string, schema: string): Promise<RawFanout> {
  const client = await openPostgres(url, schema);
  const notifications = `insert into stockbell_notifications (${NOTIFICATION_COLUMNS})
    select $1, x->>0, $2, $3, $4, $5::jsonb, x->1, x->>2, $6 from jsonb_array_elements($7::jsonb) as x
    returning id, user_id`;
  const jobs = `insert into stockbell_deliveries (${JOB_COLUMNS})
    select (x->>0)::integer, x->>1, 'email', null, $1, x->>2, null, 'pending', 0, $2, $2, $2 from jsonb_array_elements($3::jsonb) as x`;
  return {
    name: 'one bound JSON parameter per table',
    write: (input) =>
      inTransaction(client, async () => {
        const { rows: [event] } = await client.query<{ id: number }>({ ...PG_EVENT, values: [input.key, 'send', '{}', input.now] });
        const reason = JSON.stringify(input.reason);
        const rows = `[${input.userIds.map((user) => `[${JSON.stringify(user)},${reason},null]`).join(',')}]`;
        const returned = await client.query<{ id: number; user_id: string }>({
          name: 'raw_json_notifications',
          text: notifications,
          values: [event!.id, input.kind, input.target.kind, input.target.id, JSON.stringify(input.data), input.now, rows],
        });
        const ids = new Map(returned.rows.map((row) => [row.user_id, row.id]));
        const jobRows = JSON.stringify(input.userIds.map((user, i) => [ids.get(user), user, `${input.key}.${i}`]));
        await client.query({ name: 'raw_json_jobs', text: jobs, values: [input.kind, input.now, jobRows] });
        return returned.rowCount ?? 0;
      }),
    close: () => client.end(),
  };
}

/** The rows as one bound array per column, zipped by unnest. */
export async function postgresUnnest(url: string, schema: string): Promise<RawFanout> {
  const client = await openPostgres(url, schema);
  const notifications = `insert into stockbell_notifications (${NOTIFICATION_COLUMNS})
    select $1, x.u, $2, $3, $4, $5::jsonb, x.r, x.l, $6 from unnest($7::text[], $8::jsonb[], $9::text[]) as x(u, r, l)
    returning id, user_id`;
  const jobs = `insert into stockbell_deliveries (${JOB_COLUMNS})
    select x.n, x.u, 'email', null, $1, x.k, null, 'pending', 0, $2, $2, $2 from unnest($3::integer[], $4::text[], $5::text[]) as x(n, u, k)`;
  return {
    name: '`unnest` of one array per column',
    write: (input) =>
      inTransaction(client, async () => {
        const { rows: [event] } = await client.query<{ id: number }>({ ...PG_EVENT, values: [input.key, 'send', '{}', input.now] });
        const reason = JSON.stringify(input.reason);
        const returned = await client.query<{ id: number; user_id: string }>({
          name: 'raw_unnest_notifications',
          text: notifications,
          values: [event!.id, input.kind, input.target.kind, input.target.id, JSON.stringify(input.data), input.now,
            input.userIds, input.userIds.map(() => reason), input.userIds.map(() => null)],
        });
        const ids = new Map(returned.rows.map((row) => [row.user_id, row.id]));
        await client.query({
          name: 'raw_unnest_jobs',
          text: jobs,
          values: [input.kind, input.now, input.userIds.map((user) => ids.get(user)), input.userIds, input.userIds.map((_, i) => `${input.key}.${i}`)],
        });
        return returned.rowCount ?? 0;
      }),
    close: () => client.end(),
  };
}
