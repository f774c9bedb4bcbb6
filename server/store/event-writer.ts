/**
 * The one transaction per event (ARCHITECTURE "one straight line"): the event's key, the low-stock
 * state and every inbox row commit together or not at all. Rows go in with multi-row INSERTs,
 * a chunk at a time (SQLite and PostgreSQL cap bound parameters), never a statement per row.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Recipient, Reason } from '../audience/index.ts';
import type { HostUser, Target } from '../host.ts';
import type { Dialect } from './orm.ts';
import type { LowStockState } from '../triggers/index.ts';

export interface Draft {
  kind: string;
  target: Target | null;
  data: Record<string, unknown>;
  recipients: Recipient[];
  /** Written only if this part's remembered state flips from not-low to low in this transaction. */
  whenBecomesLow?: string;
}

export interface EventToWrite {
  key: string;
  type: string;
  payload: Record<string, unknown>;
  states?: LowStockState[];
  drafts: Draft[];
}

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

export interface WriteResult {
  eventId: number | null;
  duplicate: boolean;
  rows: WrittenRow[];
}

/** Rows per INSERT: bounds the size of one statement's JSON parameter, not a parameter count. */
const ROWS_PER_INSERT = 5_000;

export async function isKnownEvent(em: EntityManager, key: string): Promise<boolean> {
  const rows = await em.execute<{ id: number }[]>('select id from stockbell_events where key = ?', [key]);
  return rows.length > 0;
}

/**
 * Called inside the event's transaction with the rows just written (ids filled in), so work that
 * must not be lost with them — delivery jobs for external channels — commits or rolls back together.
 */
export type RowsHook = (tx: EntityManager, rows: WrittenRow[], now: Date, users: ReadonlyMap<string, HostUser>) => Promise<void>;

export interface WriteOptions {
  now: Date;
  dialect: Dialect;
  onRows?: RowsHook | undefined;
}

export async function writeEvent(em: EntityManager, event: EventToWrite, { now, dialect, onRows }: WriteOptions): Promise<WriteResult> {
  return em.transactional(async (tx) => {
    const inserted = await tx.execute<{ id: number }[]>(
      'insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) on conflict (key) do nothing returning id',
      [event.key, event.type, JSON.stringify(event.payload), now],
    );
    const eventId = inserted[0]?.id;
    if (eventId === undefined) return { eventId: null, duplicate: true, rows: [] };

    const becameLow = await applyStates(tx, now, event.states ?? []);
    const rows: WrittenRow[] = [];
    for (const draft of event.drafts) {
      if (draft.whenBecomesLow !== undefined && !becameLow.has(draft.whenBecomesLow)) continue;
      for (const r of draft.recipients) {
        rows.push({
          id: 0,
          eventId: Number(eventId),
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
    await insertRows(tx, dialect, rows, now);
    if (onRows && rows.length > 0) await onRows(tx, rows, now, usersOf(event.drafts));
    return { eventId: Number(eventId), duplicate: false, rows };
  });
}

/** The host's records of every recipient, as the audience fetched them (no second host call). */
function usersOf(drafts: Draft[]): Map<string, HostUser> {
  const users = new Map<string, HostUser>();
  for (const draft of drafts) for (const r of draft.recipients) users.set(r.userId, r.user);
  return users;
}

/** Remembers each part's state; returns the parts that flipped to low here (and so raise). */
async function applyStates(tx: EntityManager, now: Date, states: LowStockState[]): Promise<Set<string>> {
  const becameLow = new Set<string>();
  for (const state of states) {
    // The conditional upsert makes the edge atomic: of two racing events only one sees the flip.
    const flipped = await tx.execute<{ part_id: string }[]>(
      `insert into stockbell_part_state (part_id, low, updated_at) values (?, ?, ?)
       on conflict (part_id) do update set low = excluded.low, updated_at = excluded.updated_at
       where stockbell_part_state.low <> excluded.low
       returning part_id`,
      [state.partId, state.low, now],
    );
    if (state.low && flipped.length > 0) becameLow.add(state.partId);
  }
  return becameLow;
}

/**
 * All of a chunk's rows travel as one JSON array parameter, unpacked by the database
 * (json_each / jsonb_array_elements): one bound value instead of nine per row, which is what
 * binding costs dominate at 10,000 rows. Each row's data and reason are spliced in as the JSON text
 * already made once per draft.
 */
async function insertRows(tx: EntityManager, dialect: Dialect, rows: WrittenRow[], now: Date): Promise<void> {
  const field = dialect === 'postgresql'
    ? (i: number, type: 'text' | 'int' | 'json') => (type === 'json' ? `x->${i}` : type === 'int' ? `(x->>${i})::integer` : `x->>${i}`)
    : (i: number, type: 'text' | 'int' | 'json') => (type === 'json' ? `json(json_extract(x.value, '$[${i}]'))` : `json_extract(x.value, '$[${i}]')`);
  const source = dialect === 'postgresql' ? 'jsonb_array_elements(cast(? as jsonb)) as x' : 'json_each(?) as x';
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const chunk = rows.slice(start, start + ROWS_PER_INSERT);
    const array = `[${chunk.map((row) =>
      `[${row.eventId},${JSON.stringify(row.userId)},${json(row.kind)},${json(row.targetKind)},${json(row.targetId)},${json(row.data)},${json(row.reason)},${json(row.locale)}]`).join(',')}]`;
    const returned = await tx.execute<{ id: number; user_id: string; kind: string; target_id: string | null }[]>(
      `insert into stockbell_notifications
        (event_id, user_id, kind, target_kind, target_id, data, reason, locale, created_at)
       select ${field(0, 'int')}, ${field(1, 'text')}, ${field(2, 'text')}, ${field(3, 'text')}, ${field(4, 'text')},
         ${field(5, 'json')}, ${field(6, 'json')}, ${field(7, 'text')}, ?
       from ${source}
       where true
       returning id, user_id, kind, target_id`,
      [now, array],
    );
    // RETURNING's order is not promised, so match ids back by what is unique within one event.
    const byKey = new Map(chunk.map((row) => [rowKey(row.userId, row.kind, row.targetId), row]));
    for (const r of returned) {
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
