/**
 * An inbox row as the driver reads it, mapped once for everyone who reads one: the read API and
 * the live side (`inbox/`, `live/`) and the delivery worker (`delivery/sender.ts`). Here, under
 * `store/`, because `inbox/` imports `delivery/` (its schedules), so `delivery/` cannot import it.
 */
import { boundList, type Driver, statement } from './driver.ts';
import { chunks, IDS_PER_QUERY, toDate, toDateOrNull, toJson } from './sql.ts';

export interface NotificationRow {
  id: number | string;
  kind: string;
  targetKind?: string | null | undefined;
  targetId?: string | null | undefined;
  data: Record<string, unknown>;
  reason: Record<string, unknown>;
  locale?: string | null | undefined;
  createdAt: Date;
  readAt?: Date | null | undefined;
  /** `open` or `resolved` for alerts; null for other kinds. */
  alertState?: string | null | undefined;
  resolvedAt?: Date | null | undefined;
  resolution?: Record<string, unknown> | null | undefined;
  snoozedUntil?: Date | null | undefined;
}

/** A row with its owner: what the live side renders for the users connected to it. */
export type OwnedRow = NotificationRow & { userId: string };

export const NOTIFICATION_COLUMNS =
  'id, kind, target_kind, target_id, data, reason, locale, created_at, read_at, alert_state, resolved_at, resolution, snoozed_until';

export interface NotificationColumns {
  id: number | string;
  kind: string;
  target_kind: string | null;
  target_id: string | null;
  data: unknown;
  reason: unknown;
  locale: string | null;
  created_at: unknown;
  read_at: unknown;
  alert_state: string | null;
  resolved_at: unknown;
  resolution: unknown;
  snoozed_until: unknown;
}


/** A JSON column (data, reason, resolution) as read. */
export type Json = Record<string, unknown>;

/** `json` reads the data and reason columns (the live side passes a parser that reuses what it has seen). */
export function fromNotificationRow(row: NotificationColumns, json: (value: unknown) => Json | null = toJson<Json>): NotificationRow {
  return {
    id: Number(row.id),
    kind: row.kind,
    targetKind: row.target_kind,
    targetId: row.target_id,
    data: json(row.data) ?? {},
    reason: json(row.reason) ?? {},
    locale: row.locale,
    createdAt: toDate(row.created_at),
    readAt: toDateOrNull(row.read_at),
    alertState: row.alert_state,
    resolvedAt: toDateOrNull(row.resolved_at),
    resolution: row.resolution === null || row.resolution === undefined ? null : toJson<Record<string, unknown>>(row.resolution),
    snoozedUntil: toDateOrNull(row.snoozed_until),
  };
}


export const ownedRow = (row: NotificationColumns & { user_id: string }): OwnedRow => ({ ...fromNotificationRow(row), userId: row.user_id });

const BY_IDS = statement(
  'notifications_by_ids',
  `select user_id, ${NOTIFICATION_COLUMNS} from stockbell_notifications where id in (select value from json_each(?))`,
  `select user_id, ${NOTIFICATION_COLUMNS} from stockbell_notifications where id = any($1::int[])`,
);

/** Rows by id, whoever owns them: callers render each for its owner only. */
export async function notificationsByIds(db: Driver, ids: readonly (string | number)[]): Promise<OwnedRow[]> {
  const found: OwnedRow[] = [];
  for (const chunk of chunks([...new Set(ids.map(Number))], IDS_PER_QUERY)) {
    found.push(...(await db.query<NotificationColumns & { user_id: string }>(BY_IDS, [boundList(db, chunk)])).map(ownedRow));
  }
  return found;
}
