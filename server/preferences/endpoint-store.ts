/**
 * Chat and webhook endpoints: a user's personal ones (`user_id` set) and the shared ones admins
 * configure (`user_id` null). The URL is a secret (a Slack or Discord webhook URL is its own
 * credential): it leaves the server only masked. A webhook endpoint gets a signing secret made
 * here, shown once when the endpoint is created.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { type ChannelName, newWebhookSecret } from '../channels/index.ts';
import { chunks, IDS_PER_QUERY, marks, toDate, toDateOrNull } from '../store/sql.ts';

export type EndpointChannel = Exclude<ChannelName, 'email'>;
export const ENDPOINT_CHANNELS: readonly EndpointChannel[] = ['slack', 'discord', 'teams', 'webhook'];

/** Personal endpoints per user; more is almost certainly a script gone wrong. */
export const MAX_PERSONAL_ENDPOINTS = 10;
export const MAX_SHARED_ENDPOINTS = 50;

export interface EndpointRow {
  id: number;
  /** Null for a shared endpoint. */
  userId: string | null;
  channel: EndpointChannel;
  name: string;
  url: string;
  secret: string | null;
  /** The secret being rotated out, and until when it still signs. */
  previousSecret: string | null;
  previousSecretUntil: Date | null;
  createdAt: Date;
}

export interface EndpointView {
  id: string;
  channel: EndpointChannel;
  name: string;
  url: string;
}

interface Row {
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

const COLUMNS = 'id, user_id, channel, name, url, secret, previous_secret, previous_secret_until, created_at';

function fromRow(row: Row): EndpointRow {
  return {
    id: Number(row.id),
    userId: row.user_id,
    channel: row.channel as EndpointChannel,
    name: row.name,
    url: row.url,
    secret: row.secret,
    previousSecret: row.previous_secret,
    previousSecretUntil: toDateOrNull(row.previous_secret_until),
    createdAt: toDate(row.created_at),
  };
}

/** `https://hooks.slack.com/…/Xy9z`: scheme and host, and the last four characters to tell endpoints apart. */
export function maskEndpointUrl(url: string): string {
  try {
    const u = new URL(url);
    const rest = `${u.pathname}${u.search}`;
    const tail = rest.length > 12 ? rest.slice(-4) : '';
    return `${u.protocol}//${u.host}/…${tail}`;
  } catch {
    return '…';
  }
}

export function toEndpointView(row: EndpointRow): EndpointView {
  return { id: String(row.id), channel: row.channel, name: row.name, url: maskEndpointUrl(row.url) };
}

export { newWebhookSecret };

/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_ROLLOVER_MS = 24 * 3_600_000;

/** The endpoint as a channel sends to it: the previous secret only while its rollover lasts. */
export function sendingEndpoint(row: EndpointRow, now: Date): { url: string; secret: string | null; previousSecret: string | null } {
  const rolling = row.previousSecretUntil !== null && row.previousSecretUntil.getTime() > now.getTime();
  return { url: row.url, secret: row.secret, previousSecret: rolling ? row.previousSecret : null };
}

/**
 * A new secret for `owner`'s signed webhook endpoint; the current one keeps signing for
 * SECRET_ROLLOVER_MS. Null when there is no such endpoint, or it is not a signed webhook.
 */
export async function rotateSecret(em: EntityManager, id: number, owner: string | null, now: Date): Promise<string | null> {
  const current = await findEndpoint(em, id, owner);
  if (current?.channel !== 'webhook' || current.secret === null) return null;
  const secret = newWebhookSecret();
  await em.execute(
    'update stockbell_endpoints set secret = ?, previous_secret = ?, previous_secret_until = ?, updated_at = ? where id = ?',
    [secret, current.secret, new Date(now.getTime() + SECRET_ROLLOVER_MS), now, id],
    'run',
  );
  return secret;
}

/** One owner's endpoints (`null`: the shared ones), oldest first. */
export async function listEndpoints(em: EntityManager, userId: string | null): Promise<EndpointRow[]> {
  const rows = userId === null
    ? await em.execute<Row[]>(`select ${COLUMNS} from stockbell_endpoints where user_id is null order by id`)
    : await em.execute<Row[]>(`select ${COLUMNS} from stockbell_endpoints where user_id = ? order by id`, [userId]);
  return rows.map(fromRow);
}

/** Personal endpoints of many users at once. */
export async function endpointsOfUsers(em: EntityManager, userIds: readonly string[]): Promise<Map<string, EndpointRow[]>> {
  const found = new Map<string, EndpointRow[]>();
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    const rows = await em.execute<Row[]>(
      `select ${COLUMNS} from stockbell_endpoints where user_id in (${marks(chunk.length)}) order by id`,
      chunk,
    );
    for (const row of rows.map(fromRow)) {
      const list = found.get(row.userId as string);
      if (list) list.push(row);
      else found.set(row.userId as string, [row]);
    }
  }
  return found;
}

export async function endpointsByIds(em: EntityManager, ids: readonly number[]): Promise<Map<number, EndpointRow>> {
  const found = new Map<number, EndpointRow>();
  for (const chunk of chunks([...new Set(ids)], IDS_PER_QUERY)) {
    const rows = await em.execute<Row[]>(`select ${COLUMNS} from stockbell_endpoints where id in (${marks(chunk.length)})`, chunk);
    for (const row of rows) found.set(Number(row.id), fromRow(row));
  }
  return found;
}

/** The endpoint if `owner` owns it (`null`: a shared one); someone else's is indistinguishable from none. */
export async function findEndpoint(em: EntityManager, id: number, owner: string | null): Promise<EndpointRow | null> {
  const rows = owner === null
    ? await em.execute<Row[]>(`select ${COLUMNS} from stockbell_endpoints where id = ? and user_id is null`, [id])
    : await em.execute<Row[]>(`select ${COLUMNS} from stockbell_endpoints where id = ? and user_id = ?`, [id, owner]);
  return rows[0] ? fromRow(rows[0]) : null;
}

export async function countEndpoints(em: EntityManager, owner: string | null): Promise<number> {
  const rows = owner === null
    ? await em.execute<{ n: number | string }[]>('select count(*) as n from stockbell_endpoints where user_id is null')
    : await em.execute<{ n: number | string }[]>('select count(*) as n from stockbell_endpoints where user_id = ?', [owner]);
  return Number(rows[0]?.n ?? 0);
}

export interface NewEndpoint {
  userId: string | null;
  channel: EndpointChannel;
  name: string;
  url: string;
  secret: string | null;
}

export async function addEndpoint(em: EntityManager, endpoint: NewEndpoint, now: Date): Promise<EndpointRow> {
  const rows = await em.execute<{ id: number | string }[]>(
    `insert into stockbell_endpoints (user_id, channel, name, url, secret, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?) returning id`,
    [endpoint.userId, endpoint.channel, endpoint.name, endpoint.url, endpoint.secret, now, now],
  );
  return { ...endpoint, id: Number(rows[0]?.id), previousSecret: null, previousSecretUntil: null, createdAt: now };
}

export async function updateEndpoint(
  em: EntityManager,
  id: number,
  owner: string | null,
  changes: { name?: string | undefined; url?: string | undefined },
  now: Date,
): Promise<boolean> {
  const current = await findEndpoint(em, id, owner);
  if (!current) return false;
  await em.execute(
    'update stockbell_endpoints set name = ?, url = ?, updated_at = ? where id = ?',
    [changes.name ?? current.name, changes.url ?? current.url, now, id],
    'run',
  );
  return true;
}

/** Removes `owner`'s endpoint; false when they have no such endpoint. */
export async function removeEndpoint(em: EntityManager, id: number, owner: string | null): Promise<boolean> {
  const result = owner === null
    ? await em.execute<{ affectedRows: number }>('delete from stockbell_endpoints where id = ? and user_id is null', [id], 'run')
    : await em.execute<{ affectedRows: number }>('delete from stockbell_endpoints where id = ? and user_id = ?', [id, owner], 'run');
  return (result.affectedRows ?? 0) > 0;
}

/** A default name: the channel and the host it posts to. */
export function defaultEndpointName(channel: EndpointChannel, url: string): string {
  const label = { slack: 'Slack', discord: 'Discord', teams: 'Teams', webhook: 'Webhook' }[channel];
  try {
    return `${label} (${new URL(url).host})`.slice(0, 100);
  } catch {
    return label;
  }
}
