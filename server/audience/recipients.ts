/**
 * From candidates to recipients: drop who must not hear (the actor, people who may not view the
 * target, inactive users) with one canView and one getUsers call for the whole set. The trace
 * asks the same two questions for one user through `permitted` and `canBeTold`.
 */
import type { HostUser, InventoryHost, Target } from '../host.ts';
import type { Recipient } from '../store/event-writer.ts';
import type { RankedReason } from './reasons.ts';

export type { Recipient };

/** Those of `userIds` who may view `target` (everyone, for a message without one). */
export async function permitted(host: InventoryHost, userIds: readonly string[], target: Target | null): Promise<string[]> {
  if (!target || userIds.length === 0) return [...userIds];
  const allowed = await host.canView(userIds, target);
  return userIds.filter((id) => allowed.has(id));
}

/** Inactive users are told nothing (PRODUCT §2). */
export function canBeTold(user: HostUser): boolean {
  return user.active;
}

export async function toRecipients(
  host: InventoryHost,
  candidates: Map<string, RankedReason>,
  options: { target: Target | null; exclude?: string | null },
): Promise<Recipient[]> {
  let userIds = [...candidates.keys()];
  if (options.exclude) userIds = userIds.filter((id) => id !== options.exclude);
  userIds = await permitted(host, userIds, options.target);
  if (userIds.length === 0) return [];
  const users = await host.getUsers(userIds);
  const recipients: Recipient[] = [];
  for (const user of users) {
    const candidate = candidates.get(user.id);
    if (!canBeTold(user) || !candidate) continue;
    recipients.push({ userId: user.id, reason: candidate.reason, locale: user.locale ?? null, user });
  }
  return recipients;
}
