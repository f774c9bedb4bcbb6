/**
 * The store's part of an event's transaction: the event's key (the idempotency record), each
 * evaluated part's low-stock state, the alerts it resolves (one UPDATE each, whatever the number of
 * recipients), and one inbox row per recipient. The caller
 * (events/run-event.ts) owns the transaction and plans the delivery jobs in it next.
 *
 * Raw SQL here, on purpose, on the driver (bound and prepared): the event record and the state flip
 * are conditional writes (`on conflict … do nothing | where …` with `returning`) whose result
 * decides what happens next, and the fan-out's inbox rows are the hottest write there is
 * (bench/fanout.ts): prepared INSERTs of a hundred rows on SQLite, one JSON parameter per 5,000 rows
 * on PostgreSQL.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { ALERT_KINDS, type AlertKind, type Reason } from '../contract/index.ts';
import type { HostUser, Target } from '../host.ts';
import type { LowStockState } from '../triggers/index.ts';
import { type Driver, multiRowInsert, statement } from './driver.ts';
import { chunks } from './sql.ts';
import { BuildShortage, PartState, UNTIL_RESOLVED } from './entities.ts';

/** A notification to raise, before it has rows: what it says, about what, and to whom. */
export interface Draft {
  kind: string;
  target: Target | null;
  data: Record<string, unknown>;
  recipients: Recipient[];
  /** Written only if this part's remembered state flips from not-low to low in this transaction. */
  whenBecomesLow?: string;
  /** A build shortage: the parts whose stock changes re-check it until it resolves. */
  watchParts?: readonly string[];
}

/** An alert to resolve: every open row of this kind about this target. */
export interface Resolution {
  kind: AlertKind;
  target: Target;
  /** What is true now: `{ stock, minimum }` for a part, `{ reason }` for a build. */
  resolution: Record<string, unknown>;
}

/** One alert an event resolved, and the rows (one per recipient) it changed. */
export interface ResolvedAlert extends Resolution {
  resolvedAt: Date;
  rows: { id: number; userId: string }[];
  /** Rows snoozed until this resolution: back in their owners' inboxes, unread. */
  returned: number[];
}

/** Who a draft goes to, as the audience decided. */
export interface Recipient {
  userId: string;
  reason: Reason;
  locale: string | null;
  /** The host's record, as the audience fetched it: delivery planning needs email and roles. */
  user: HostUser;
}

export interface EventToWrite {
  key: string;
  type: string;
  payload: Record<string, unknown>;
  states?: readonly LowStockState[] | undefined;
  drafts: readonly Draft[];
  /** Alerts whose condition ended, as the event decided (a build covered, completed or cancelled). */
  resolutions?: readonly Resolution[] | undefined;
}

/** One committed inbox row, as the live side and the delivery planner take it. */
export interface WrittenRow {
  id: number;
  eventId: number;
  userId: string;
  kind: string;
  targetKind: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  reason: Reason;
  locale: string | null;
  createdAt: Date;
  readAt: null;
  alertState: 'open' | null;
}

/** Rows per INSERT on PostgreSQL: bounds the size of one statement's JSON parameter. */
const ROWS_PER_INSERT = 5_000;

// The event's commit mark comes back too: what a count read elsewhere is compared with (live/unread-tally.ts).
// SQLite commits one writer at a time, so the event id orders commits; PostgreSQL needs the transaction id.
const RECORD_EVENT = statement(
  'record_event',
  'insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) on conflict (key) do nothing returning id, id as mark',
  'insert into stockbell_events (key, type, payload, created_at) values ($1, $2, $3, $4) on conflict (key) do nothing returning id, pg_current_xact_id()::text as mark',
);
// The conditional upsert makes the edge atomic: of two racing events only one sees the flip.
const FLIP_STATE = statement(
  'flip_low_state',
  `insert into stockbell_part_state (part_id, low, updated_at) values (?, ?, ?)
   on conflict (part_id) do update set low = excluded.low, updated_at = excluded.updated_at
   where stockbell_part_state.low <> excluded.low
   returning part_id`,
);
// SQLite: a hundred rows per INSERT, the statement prepared once per size (a 10k fan-out reuses
// the full one and prepares one remainder). Fewer, larger statements: 10,000 single-row INSERTs
// took 25 % longer than the same rows a hundred at a time (bench/fanout's two SQLite baselines).
const SQLITE_ROWS_PER_INSERT = 100;
const sqliteInsert = multiRowInsert(
  'insert_notifications',
  'insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at, alert_state)',
  '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  'returning id, user_id, kind, target_id',
);
// PostgreSQL: a chunk of rows as one bound JSON parameter, unpacked by the database.
const INSERT_ROWS = statement(
  'insert_notifications',
  'unused on SQLite',
  `insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at, alert_state)
   select x.event_id, x.user_id, x.kind, x.target_kind, x.target_id, x.data, x.reason, x.locale, $2, x.alert_state
   from jsonb_to_recordset($1::jsonb) as x(event_id bigint, user_id text, kind text, target_kind text, target_id text, data jsonb, reason jsonb, locale text, alert_state text)
   returning id, user_id, kind, target_id`,
);
// One statement resolves an alert for every recipient (bench/alerts.ts): the open rows of the target,
// found by (target_id, alert_state); a snooze "until it is resolved" ends with it.
// First the rows snoozed until the alert resolves come back (RETURNING shows values after the
// update, so one statement could not tell which rows those were), then every open row resolves.
const RETURN_RESOLVED_SNOOZES = statement(
  'return_resolved_snoozes',
  `update stockbell_notifications set snoozed_until = null
   where target_id = ? and alert_state = 'open' and target_kind = ? and kind = ? and snoozed_until = ?
   returning id`,
);
const RESOLVE = statement(
  'resolve_alert',
  `update stockbell_notifications set alert_state = 'resolved', resolved_at = ?, resolution = ?
   where target_id = ? and alert_state = 'open' and target_kind = ? and kind = ?
   returning id, user_id`,
);

const KNOWN_EVENT = statement('known_event', 'select 1 as known from stockbell_events where key = ? limit 1');

/** Every event asks this first: a prepared statement on the driver, not a query the ORM builds each time. */
export async function isKnownEvent(db: Driver, key: string): Promise<boolean> {
  return (await db.query(KNOWN_EVENT, [key])).length > 0;
}

/** What was remembered of each part between events: whether it was low (edge-triggered alerts). */
export async function rememberedLowStates(em: EntityManager, partIds: readonly string[]): Promise<Map<string, boolean>> {
  const rows = await em.find(PartState, { partId: { $in: [...partIds] } }, { disableIdentityMap: true });
  return new Map(rows.map((row) => [row.partId, row.low]));
}

/**
 * Records the event, flips the low-stock states, resolves the alerts whose condition ended (a part
 * that flipped back above its minimum, and what the event decided) and writes the rows its drafts
 * raise, inside the caller's transaction `tx`. Returns the rows (ids filled in), what was resolved
 * and the transaction's commit mark, or null when the key was already taken: a racing duplicate,
 * nothing written.
 */
export async function writeEvent(
  db: Driver,
  tx: EntityManager,
  event: EventToWrite,
  now: Date,
): Promise<{ eventId: number; mark: string; rows: WrittenRow[]; resolved: ResolvedAlert[] } | null> {
  const inserted = await db.executeIn<{ id: number; mark: number | string }>(tx, RECORD_EVENT, [event.key, event.type, JSON.stringify(event.payload), now]);
  const recorded = inserted.rows[0];
  if (recorded === undefined) return null;
  const eventId = Number(recorded.id);
  const becameLow = new Set<string>();
  const resolutions = [...(event.resolutions ?? [])];
  for (const state of event.states ?? []) {
    const flipped = await db.executeIn(tx, FLIP_STATE, [state.partId, state.low, now]);
    if (flipped.rows.length === 0) continue;
    if (state.low) becameLow.add(state.partId);
    else resolutions.push({ kind: 'part.low_stock', target: { kind: 'part', id: state.partId }, resolution: { stock: state.stock, minimum: state.minimum } });
  }
  const resolved = await resolveAlerts(db, tx, resolutions, now);
  const rows: WrittenRow[] = [];
  for (const draft of event.drafts) {
    if (draft.whenBecomesLow !== undefined && !becameLow.has(draft.whenBecomesLow)) continue;
    for (const r of draft.recipients) {
      rows.push({
        id: 0,
        eventId,
        userId: r.userId,
        kind: draft.kind,
        targetKind: draft.target?.kind ?? null,
        targetId: draft.target?.id ?? null,
        data: draft.data,
        reason: r.reason,
        locale: r.locale,
        createdAt: now,
        readAt: null,
        alertState: isAlert(draft.kind) ? 'open' : null,
      });
    }
    if (draft.watchParts && draft.target && draft.recipients.length > 0) await watchShortage(tx, draft.target.id, draft.watchParts, now);
  }
  await insertRows(db, tx, rows, now);
  return { eventId, mark: String(recorded.mark), rows, resolved };
}

const isAlert = (kind: string) => (ALERT_KINDS as readonly string[]).includes(kind);

/** Each alert resolved with one UPDATE of all its open rows; a build stops being watched. */
async function resolveAlerts(db: Driver, tx: EntityManager, resolutions: readonly Resolution[], now: Date): Promise<ResolvedAlert[]> {
  const resolved: ResolvedAlert[] = [];
  for (const r of resolutions) {
    const woken = await db.executeIn<{ id: number | string }>(tx, RETURN_RESOLVED_SNOOZES, [r.target.id, r.target.kind, r.kind, UNTIL_RESOLVED]);
    const changed = await db.executeIn<{ id: number | string; user_id: string }>(tx, RESOLVE, [now, JSON.stringify(r.resolution), r.target.id, r.target.kind, r.kind]);
    if (r.kind === 'build.stock_short') await tx.nativeDelete(BuildShortage, { buildId: r.target.id });
    resolved.push({
      ...r,
      resolvedAt: now,
      rows: changed.rows.map((row) => ({ id: Number(row.id), userId: row.user_id })),
      returned: woken.rows.map((row) => Number(row.id)),
    });
  }
  return resolved;
}

async function watchShortage(tx: EntityManager, buildId: string, partIds: readonly string[], now: Date): Promise<void> {
  const rows = [...new Set(partIds)].map((partId) => ({ buildId, partId, createdAt: now }));
  await tx.createQueryBuilder(BuildShortage).insert(rows).onConflict(['buildId', 'partId']).ignore().execute();
}

/** The open build shortages waiting on any of these parts (a stock change re-checks them). */
export async function shortagesWatching(em: EntityManager, partIds: readonly string[]): Promise<string[]> {
  const rows = await em.find(BuildShortage, { partId: { $in: [...partIds] } }, { disableIdentityMap: true });
  return [...new Set(rows.map((row) => row.buildId))];
}

async function insertRows(db: Driver, tx: EntityManager, rows: WrittenRow[], now: Date): Promise<void> {
  if (db.dialect === 'sqlite') {
    for (const chunk of chunks(rows, SQLITE_ROWS_PER_INSERT)) {
      const params = chunk.flatMap((row) => [
        row.eventId, row.userId, row.kind, row.targetKind, row.targetId, json(row.data), json(row.reason), row.locale, now, row.alertState,
      ]);
      assignIds(chunk, (await db.executeIn<ReturnedId>(tx, sqliteInsert(chunk.length), params)).rows);
    }
    return;
  }
  for (const chunk of chunks(rows, ROWS_PER_INSERT)) {
    // Each row's data and reason are spliced in as the JSON text already made once per draft.
    const array = `[${chunk.map((row) =>
      `{"event_id":${row.eventId},"user_id":${JSON.stringify(row.userId)},"kind":${json(row.kind)},"target_kind":${json(row.targetKind)},"target_id":${json(row.targetId)},"data":${json(row.data)},"reason":${json(row.reason)},"locale":${json(row.locale)},"alert_state":${json(row.alertState)}}`).join(',')}]`;
    assignIds(chunk, (await db.executeIn<ReturnedId>(tx, INSERT_ROWS, [array, now])).rows);
  }
}

interface ReturnedId {
  id: number | string;
  user_id: string;
  kind: string;
  target_id: string | null;
}

/** RETURNING's order is not promised, so ids are matched back by what is unique within one event. */
function assignIds(chunk: readonly WrittenRow[], returned: readonly ReturnedId[]): void {
  const byKey = new Map(chunk.map((row) => [rowKey(row.userId, row.kind, row.targetId), row]));
  for (const r of returned) {
    const row = byKey.get(rowKey(r.user_id, r.kind, r.target_id));
    if (row) row.id = Number(r.id);
  }
}

/** A draft's data is one object shared by all its rows (and reasons repeat): serialise each once. */
const serialised = new WeakMap<object, string>();
function json(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  let text = serialised.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    serialised.set(value, text);
  }
  return text;
}

function rowKey(userId: string, kind: string, targetId: string | null): string {
  return `${userId}\u0000${kind}\u0000${targetId ?? ''}`;
}
