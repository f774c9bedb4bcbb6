/**
 * The caller's own rows, and nothing else: every query here is scoped by user id, so another
 * user's notification is indistinguishable from one that does not exist.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { Notification } from '../store/entities.ts';
import { chunks, IDS_PER_QUERY, marks } from '../store/sql.ts';

export type InboxState = 'unread' | 'read' | 'all';

/** What a user's action changed, for their other tabs (pushed by the live side after commit). */
export interface InboxChange {
  userId: string;
  /** Ids the user deleted (other tabs drop them); absent for read/unread changes. */
  removed?: string[];
}

export interface Page {
  rows: Notification[];
  nextCursor: string | null;
}

export async function listNotifications(
  em: EntityManager,
  userId: string,
  options: { state: InboxState; limit: number; cursor?: string | undefined },
): Promise<Page> {
  const where: Record<string, unknown> = { userId };
  if (options.state === 'unread') where.readAt = null;
  if (options.state === 'read') where.readAt = { $ne: null };
  if (options.cursor) where.id = { $lt: Number(options.cursor) };
  const rows = await em.find(Notification, where, { orderBy: { id: 'desc' }, limit: options.limit + 1 });
  const more = rows.length > options.limit;
  const page = more ? rows.slice(0, options.limit) : rows;
  return { rows: page, nextCursor: more ? String(page[page.length - 1]?.id) : null };
}

export function unreadCount(em: EntityManager, userId: string): Promise<number> {
  return em.count(Notification, { userId, readAt: null });
}

/** Unread counts for many users in one query (live pushes after a fan-out). */
export async function unreadCounts(em: EntityManager, userIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>(userIds.map((id) => [id, 0]));
  for (const chunk of chunks(userIds, IDS_PER_QUERY)) {
    const rows = await em.execute<{ user_id: string; n: number | string }[]>(
      `select user_id, count(*) as n from stockbell_notifications
       where read_at is null and user_id in (${marks(chunk.length)}) group by user_id`,
      chunk,
    );
    for (const row of rows) counts.set(row.user_id, Number(row.n));
  }
  return counts;
}

export async function findOwn(em: EntityManager, userId: string, id: string): Promise<Notification | null> {
  return em.findOne(Notification, { id: Number(id), userId });
}

/** Marks one read or unread; returns the row, or null when the caller has no such row. */
export async function markOne(em: EntityManager, userId: string, id: string, read: boolean, now: Date): Promise<Notification | null> {
  const row = await findOwn(em, userId, id);
  if (!row) return null;
  const isRead = row.readAt !== null && row.readAt !== undefined;
  if (isRead !== read) {
    row.readAt = read ? now : null;
    await em.flush();
  }
  return row;
}

export function markAllRead(em: EntityManager, userId: string, now: Date): Promise<number> {
  return em.nativeUpdate(Notification, { userId, readAt: null }, { readAt: now });
}

/** Deletes those of `ids` that are the caller's; returns the ids that went. */
export async function deleteOwn(em: EntityManager, userId: string, ids: readonly string[]): Promise<string[]> {
  return deleteWhere(em, { userId, id: { $in: ids.map(Number) } });
}

/** Deletes what the caller has read and returns the ids, so their other tabs can drop them. */
export function deleteHistory(em: EntityManager, userId: string): Promise<string[]> {
  return deleteWhere(em, { userId, readAt: { $ne: null } });
}

async function deleteWhere(em: EntityManager, where: Record<string, unknown>): Promise<string[]> {
  return em.transactional(async (tx) => {
    const rows = await tx.find(Notification, where, { fields: ['id'] });
    if (rows.length === 0) return [];
    await tx.nativeDelete(Notification, { id: { $in: rows.map((row) => row.id) } });
    return rows.map((row) => String(row.id));
  });
}
