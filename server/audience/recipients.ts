/**
 * From candidates to recipients: drop who must not hear (the actor, people who may not view the
 * target, inactive users) with one canView and one getUsers call for the whole set.
 */
import type { InventoryHost, Target } from '../host.ts';
import type { Recipient } from '../store/event-writer.ts';
import type { RankedReason } from './reasons.ts';

export type { Recipient };

export async function toRecipients(
  host: InventoryHost,
  candidates: Map<string, RankedReason>,
  options: { target: Target | null; exclude?: string | null },
): Promise<Recipient[]> {
  let userIds = [...candidates.keys()];
  if (options.exclude) userIds = userIds.filter((id) => id !== options.exclude);
  if (userIds.length === 0) return [];
  if (options.target) {
    const allowed = await host.canView(userIds, options.target);
    userIds = userIds.filter((id) => allowed.has(id));
    if (userIds.length === 0) return [];
  }
  const users = await host.getUsers(userIds);
  const recipients: Recipient[] = [];
  for (const user of users) {
    const candidate = candidates.get(user.id);
    if (!user.active || !candidate) continue;
    recipients.push({ userId: user.id, reason: candidate.reason, locale: user.locale ?? null, user });
  }
  return recipients;
}
