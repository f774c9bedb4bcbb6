/** A build's responsible users and roles (PRODUCT §2), each with their reason: one host call per role on the build. */
import type { HostBuild, InventoryHost } from '../host.ts';
import { offer, RANK, type RankedReason } from './reasons.ts';

export async function responsibleFor(host: InventoryHost, build: HostBuild): Promise<Map<string, RankedReason>> {
  const found = new Map<string, RankedReason>();
  // Shared reason objects: rendering is memoised by identity, once per (data, reason, locale).
  const responsible: RankedReason = { reason: { type: 'responsible', reference: build.reference }, rank: RANK.responsible };
  for (const userId of build.responsible.users) offer(found, userId, responsible);
  for (const role of build.responsible.roles) {
    const viaRole: RankedReason = { reason: { type: 'role', role, reference: build.reference }, rank: RANK.role };
    for (const userId of await host.usersWithRole(role)) offer(found, userId, viaRole);
  }
  return found;
}
