/**
 * The store's part of an event's transaction: the event's key (the idempotency record), each
 * evaluated part's low-stock state, and one inbox row per recipient. The caller
 * (events/run-event.ts) owns the transaction and plans the delivery jobs in it next.
 *
 * Raw SQL here, on purpose, on the driver (bound and prepared): the event record and the state flip
 * are conditional writes (`on conflict … do nothing | where …` with `returning`) whose result
 * decides what happens next, and the fan-out's inbox rows are the hottest write there is
 * (bench/fanout.ts): a reused single-row prepared INSERT on SQLite, one JSON parameter per 5,000 rows
 * on PostgreSQL.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Reason } from '../contract/index.ts';
import type { HostUser, Target } from '../host.ts';
import type { LowStockState } from '../triggers/index.ts';
import { type Driver, statement } from './driver.ts';
import { EventRecord, PartState } from './entities.ts';

/** A notification to raise, before it has rows: what it says, about what, and to whom. */
export interface Draft {
  kind: string;
  target: Target | null;
  data: Record<string, unknown>;
  recipients: Recipient[];
  /** Written only if this part's remembered state flips from not-low to low in this transaction. */
  whenBecomesLow?: string;
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
}

/** Rows per INSERT on PostgreSQL: bounds the size of one statement's JSON parameter. */
const ROWS_PER_INSERT = 5_000;

const RECORD_EVENT = statement(
  'record_event',
  'insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) on conflict (key) do nothing returning id',
);
// The conditional upsert makes the edge atomic: of two racing events only one sees the flip.
const FLIP_STATE = statement(
  'flip_low_state',
  `insert into stockbell_part_state (part_id, low, updated_at) values (?, ?, ?)
   on conflict (part_id) do update set low = excluded.low, updated_at = excluded.updated_at
   where stockbell_part_state.low <> excluded.low
   returning part_id`,
);
// SQLite: one prepared single-row INSERT, reused for every row (no parsing, no JSON in between).
const INSERT_ROW = statement(
  'insert_notification',
  `insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at)
   values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
);
// PostgreSQL: a chunk of rows as one bound JSON parameter, unpacked by the database.
const INSERT_ROWS = statement(
  'insert_notifications',
  'unused on SQLite',
  `insert into stockbell_notifications (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at)
   select x.event_id, x.user_id, x.kind, x.target_kind, x.target_id, x.data, x.reason, x.locale, $2
   from jsonb_to_recordset($1::jsonb) as x(event_id bigint, user_id text, kind text, target_kind text, target_id text, data jsonb, reason jsonb, locale text)
   returning id, user_id, kind, target_id`,
);

export async function isKnownEvent(em: EntityManager, key: string): Promise<boolean> {
  return (await em.count(EventRecord, { key })) > 0;
}

/** What was remembered of each part between events: whether it was low (edge-triggered alerts). */
export async function rememberedLowStates(em: EntityManager, partIds: readonly string[]): Promise<Map<string, boolean>> {
  const rows = await em.find(PartState, { partId: { $in: [...partIds] } }, { disableIdentityMap: true });
  return new Map(rows.map((row) => [row.partId, row.low]));
}

/**
 * Records the event, flips the low-stock states and writes the rows its drafts raise, inside the
 * caller's transaction `tx`. Returns the rows (ids filled in), or null when the key was already
 * taken: a racing duplicate, nothing written.
 */
export async function writeEvent(db: Driver, tx: EntityManager, event: EventToWrite, now: Date): Promise<{ eventId: number; rows: WrittenRow[] } | null> {
  const inserted = await db.executeIn<{ id: number }>(tx, RECORD_EVENT, [event.key, event.type, JSON.stringify(event.payload), now]);
  const recorded = inserted.rows[0];
  if (recorded === undefined) return null;
  const eventId = Number(recorded.id);
  const becameLow = new Set<string>();
  for (const state of event.states ?? []) {
    const flipped = await db.executeIn(tx, FLIP_STATE, [state.partId, state.low, now]);
    if (state.low && flipped.rows.length > 0) becameLow.add(state.partId);
  }
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
      });
    }
  }
  await insertRows(db, tx, rows, now);
  return { eventId, rows };
}

async function insertRows(db: Driver, tx: EntityManager, rows: WrittenRow[], now: Date): Promise<void> {
  if (db.dialect === 'sqlite') {
    const written = await db.eachIn(tx, INSERT_ROW, rows.map((row) => [
      row.eventId, row.userId, row.kind, row.targetKind, row.targetId, json(row.data), json(row.reason), row.locale, now,
    ]));
    written.forEach(({ id }, i) => {
      const row = rows[i];
      if (row) row.id = id;
    });
    return;
  }
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    // Each row's data and reason are spliced in as the JSON text already made once per draft.
    const array = `[${chunk.map((row) =>
      `{"event_id":${row.eventId},"user_id":${JSON.stringify(row.userId)},"kind":${json(row.kind)},"target_kind":${json(row.targetKind)},"target_id":${json(row.targetId)},"data":${json(row.data)},"reason":${json(row.reason)},"locale":${json(row.locale)}}`).join(',')}]`;
    const returned = await db.executeIn<{ id: number; user_id: string; kind: string; target_id: string | null }>(tx, INSERT_ROWS, [array, now]);
    // RETURNING's order is not promised, so match ids back by what is unique within one event.
    const byKey = new Map(chunk.map((row) => [rowKey(row.userId, row.kind, row.targetId), row]));
    for (const r of returned.rows) {
      const row = byKey.get(rowKey(r.user_id, r.kind, r.target_id));
      if (row) row.id = Number(r.id);
    }
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
