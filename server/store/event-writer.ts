/**
 * The store's part of an event's transaction: the event's key (the idempotency record), each
 * evaluated part's low-stock state, and one inbox row per recipient. The caller
 * (events/run-event.ts) owns the transaction and plans the delivery jobs in it next.
 *
 * Raw SQL here, on purpose, and only here in store/: the event record and the state flip are
 * conditional writes (`on conflict … do nothing | where …` with `returning`) whose result decides
 * what happens next, and the inbox rows go in as one JSON parameter per 5,000 rows
 * (bench/fanout.ts: binding nine values a row for 10,000 rows costs more than the INSERT).
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Reason } from '../contract/index.ts';
import type { HostUser, Target } from '../host.ts';
import type { LowStockState } from '../triggers/index.ts';
import type { Dialect } from './orm.ts';
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

/** Rows per INSERT: bounds the size of one statement's JSON parameter, not a parameter count. */
const ROWS_PER_INSERT = 5_000;

export async function isKnownEvent(em: EntityManager, key: string): Promise<boolean> {
  return (await em.count(EventRecord, { key })) > 0;
}

/**
 * Records the event, flips the low-stock states and writes the rows its drafts raise. Returns the
 * rows (ids filled in), or null when the key was already taken: a racing duplicate, nothing written.
 */
export async function writeEvent(tx: EntityManager, event: EventToWrite, now: Date, dialect: Dialect): Promise<{ eventId: number; rows: WrittenRow[] } | null> {
  const inserted = await tx.execute<{ id: number }[]>(
    'insert into stockbell_events (key, type, payload, created_at) values (?, ?, ?, ?) on conflict (key) do nothing returning id',
    [event.key, event.type, JSON.stringify(event.payload), now],
  );
  if (inserted[0] === undefined) return null;
  const eventId = Number(inserted[0].id);
  const becameLow = await flipLowStates(tx, event.states ?? [], now);
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
  await insertRows(tx, dialect, rows, now);
  return { eventId, rows };
}

/** What was remembered of each part between events: whether it was low (edge-triggered alerts). */
export async function rememberedLowStates(em: EntityManager, partIds: readonly string[]): Promise<Map<string, boolean>> {
  const rows = await em.find(PartState, { partId: { $in: [...partIds] } }, { disableIdentityMap: true });
  return new Map(rows.map((row) => [row.partId, row.low]));
}

/** Remembers each part's state; returns the parts that flipped to low here (and so raise). */
export async function flipLowStates(tx: EntityManager, states: readonly LowStockState[], now: Date): Promise<Set<string>> {
  const becameLow = new Set<string>();
  for (const state of states) {
    // Raw SQL for a conditional upsert the ORM cannot express: of two racing events only one sees the flip.
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
