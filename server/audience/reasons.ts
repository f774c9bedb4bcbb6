/**
 * Why a user is told, kept as data (rendered per locale by messages/) with a rank so that when
 * several of a user's subscriptions match, the most specific one is the reason they see.
 */
import type { Reason } from '../contract/index.ts';

export type { Reason };

export interface RankedReason {
  reason: Reason;
  /** Lower wins: responsible < role < the part itself < a nearer template < a nearer category. */
  rank: number;
}

export const RANK = { responsible: 0, role: 1, part: 2, template: 3, category: 4, direct: 0 } as const;

/** Keeps, per user, the strongest reason offered. */
export function offer(into: Map<string, RankedReason>, userId: string, candidate: RankedReason): void {
  const current = into.get(userId);
  if (!current || candidate.rank < current.rank) into.set(userId, candidate);
}
