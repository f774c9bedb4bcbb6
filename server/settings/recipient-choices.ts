/**
 * What every recipient of a fan-out chose: overridden matrix cells, email settings and personal
 * endpoints, and the shared endpoints, read inside the event's transaction in four statements
 * whatever the audience's size.
 * The ids go as one bound list (a JSON array on SQLite, an array on PostgreSQL) through the driver:
 * through the ORM, `$in` lists of 5,000 inlined ids were rebuilt and prepared anew on every event
 * (a tenth of a 10k fan-out's CPU). One user's reads (the settings screen, the trace) use the ORM
 * in user-preferences.ts and endpoints.ts; the rows map through the same functions.
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Switches } from '../contract/index.ts';
import { boundList, type Driver, statement } from '../store/driver.ts';
import { toDate, toDateOrNull } from '../store/sql.ts';
import { type EndpointRow, toEndpointRow } from './endpoints.ts';
import { type StoredEmailSettings, toSettings } from './user-preferences.ts';

export interface RecipientChoices {
  overrides: Map<string, Switches>;
  settings: Map<string, StoredEmailSettings>;
  personal: Map<string, EndpointRow[]>;
  /** The shared endpoints (an admin's), oldest first. */
  shared: EndpointRow[];
}

/** `select … from table where user_id in <the list>`, in each dialect's fastest form. */
const byUsers = (name: string, columns: string, table: string, order = '') =>
  statement(
    name,
    `select ${columns} from ${table} where user_id in (select value from json_each(?))${order}`,
    `select ${columns} from ${table} where user_id = any($1::text[])${order}`,
  );

const PREFERENCES = byUsers('recipient_preferences', 'user_id, kind, channel, enabled', 'stockbell_preferences');
const SETTINGS = byUsers(
  'recipient_settings',
  'user_id, email_mode, digest_hour, time_zone, digest_after_id, digest_after_at, quiet_from, quiet_to, quiet_weekends',
  'stockbell_user_settings',
);
const ENDPOINT_COLUMNS = 'id, user_id, channel, name, url, secret, previous_secret, previous_secret_until, created_at';
const ENDPOINTS = byUsers('recipient_endpoints', ENDPOINT_COLUMNS, 'stockbell_endpoints', ' order by id');
const SHARED_ENDPOINTS = statement('shared_endpoints', `select ${ENDPOINT_COLUMNS} from stockbell_endpoints where user_id is null order by id`);

interface PreferenceRow {
  user_id: string;
  kind: string;
  channel: string;
  enabled: boolean | number;
}
interface SettingsRow {
  user_id: string;
  email_mode: string;
  digest_hour: number | null;
  time_zone: string | null;
  digest_after_id: number | string;
  digest_after_at: unknown;
  quiet_from: number | null;
  quiet_to: number | null;
  quiet_weekends: boolean | number;
}
interface EndpointTableRow {
  id: number | string;
  user_id: string | null;
  channel: string;
  name: string;
  url: string;
  secret: string | null;
  previous_secret: string | null;
  previous_secret_until: unknown;
  created_at: unknown;
}

export async function loadRecipientChoices(db: Driver, tx: EntityManager, userIds: readonly string[]): Promise<RecipientChoices> {
  const ids = [...new Set(userIds)];
  const list = [boundList(db, ids)];
  const [preferences, settings, endpoints, shared] = [
    (await db.executeIn<PreferenceRow>(tx, PREFERENCES, list)).rows,
    (await db.executeIn<SettingsRow>(tx, SETTINGS, list)).rows,
    (await db.executeIn<EndpointTableRow>(tx, ENDPOINTS, list)).rows,
    (await db.executeIn<EndpointTableRow>(tx, SHARED_ENDPOINTS, [])).rows,
  ];

  const overrides = new Map<string, Switches>();
  for (const row of preferences) {
    const cells = overrides.get(row.user_id) ?? {};
    overrides.set(row.user_id, cells);
    cells[row.kind] = { ...cells[row.kind], [row.channel]: Boolean(row.enabled) };
  }
  const stored = new Map(
    settings.map((row) => [
      row.user_id,
      toSettings({
        emailMode: row.email_mode,
        digestHour: row.digest_hour,
        timeZone: row.time_zone,
        digestAfterId: Number(row.digest_after_id),
        digestAfterAt: toDateOrNull(row.digest_after_at),
        quietFrom: row.quiet_from,
        quietTo: row.quiet_to,
        quietWeekends: Boolean(row.quiet_weekends),
      }),
    ]),
  );
  const personal = new Map<string, EndpointRow[]>();
  for (const row of endpoints) {
    const endpoint = endpointOf(row);
    const mine = personal.get(endpoint.userId as string);
    if (mine) mine.push(endpoint);
    else personal.set(endpoint.userId as string, [endpoint]);
  }
  return { overrides, settings: stored, personal, shared: shared.map(endpointOf) };
}

function endpointOf(row: EndpointTableRow): EndpointRow {
  return toEndpointRow({
    id: Number(row.id),
    userId: row.user_id,
    channel: row.channel,
    name: row.name,
    url: row.url,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretUntil: toDateOrNull(row.previous_secret_until),
    createdAt: toDate(row.created_at),
  });
}
