/**
 * Chat and webhook endpoints: a user's personal ones (`userId` set) and the shared ones admins
 * configure (`userId` null), through the Endpoint entity. The URL is a secret (a Slack or Discord
 * webhook URL is its own credential): it leaves the server only masked. A webhook endpoint gets a
 * signing secret made here, shown once when the endpoint is created.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { newWebhookSecret } from '../channels/index.ts';
import type { Endpoint as EndpointView, EndpointChannel } from '../contract/index.ts';
import { Endpoint } from '../store/entities.ts';
import { inChunks } from '../store/sql.ts';

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

/** A stored endpoint, as the ORM or the fan-out's own read (recipient-choices.ts) returns it. */
export function toEndpointRow(
  e: Pick<Endpoint, 'id' | 'userId' | 'channel' | 'name' | 'url' | 'secret' | 'previousSecret' | 'previousSecretUntil' | 'createdAt'>,
): EndpointRow {
  return {
    id: e.id,
    userId: e.userId ?? null,
    channel: e.channel as EndpointChannel,
    name: e.name,
    url: e.url,
    secret: e.secret ?? null,
    previousSecret: e.previousSecret ?? null,
    previousSecretUntil: e.previousSecretUntil ?? null,
    createdAt: e.createdAt,
  };
}

const read = { disableIdentityMap: true, orderBy: { id: 'asc' } } as const;
/** `userId: null` finds the shared endpoints. */
const ownedBy = (owner: string | null) => ({ userId: owner });

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
  await em.nativeUpdate(Endpoint, { id }, { secret, previousSecret: current.secret, previousSecretUntil: new Date(now.getTime() + SECRET_ROLLOVER_MS), updatedAt: now });
  return secret;
}

/** One owner's endpoints (`null`: the shared ones), oldest first. */
export async function listEndpoints(em: EntityManager, owner: string | null): Promise<EndpointRow[]> {
  return (await em.find(Endpoint, ownedBy(owner), read)).map(toEndpointRow);
}

export async function endpointsByIds(em: EntityManager, ids: readonly number[]): Promise<Map<number, EndpointRow>> {
  const rows = await inChunks(ids, (chunk) => em.find(Endpoint, { id: { $in: chunk } }, read));
  return new Map(rows.map((e) => [e.id, toEndpointRow(e)]));
}

/** The endpoint if `owner` owns it (`null`: a shared one); someone else's is indistinguishable from none. */
export async function findEndpoint(em: EntityManager, id: number, owner: string | null): Promise<EndpointRow | null> {
  const found = await em.findOne(Endpoint, { id, ...ownedBy(owner) }, { disableIdentityMap: true });
  return found ? toEndpointRow(found) : null;
}

export function countEndpoints(em: EntityManager, owner: string | null): Promise<number> {
  return em.count(Endpoint, ownedBy(owner));
}

export interface NewEndpoint {
  userId: string | null;
  channel: EndpointChannel;
  name: string;
  url: string;
  secret: string | null;
}

export async function addEndpoint(em: EntityManager, endpoint: NewEndpoint, now: Date): Promise<EndpointRow> {
  const id = await em.insert(Endpoint, { ...endpoint, createdAt: now, updatedAt: now });
  return { ...endpoint, id: Number(id), previousSecret: null, previousSecretUntil: null, createdAt: now };
}

/** Renames or re-points `owner`'s endpoint; false when they have no such endpoint. */
export async function updateEndpoint(
  em: EntityManager,
  id: number,
  owner: string | null,
  changes: { name?: string | undefined; url?: string | undefined },
  now: Date,
): Promise<boolean> {
  const set = { ...(changes.name === undefined ? {} : { name: changes.name }), ...(changes.url === undefined ? {} : { url: changes.url }), updatedAt: now };
  return (await em.nativeUpdate(Endpoint, { id, ...ownedBy(owner) }, set)) > 0;
}

/** Removes `owner`'s endpoint; false when they have no such endpoint. */
export async function removeEndpoint(em: EntityManager, id: number, owner: string | null): Promise<boolean> {
  return (await em.nativeDelete(Endpoint, { id, ...ownedBy(owner) })) > 0;
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
