/** What Stockbell remembers of each part between events: whether it was low (edge-triggered alerts). */
import type { EntityManager } from '@mikro-orm/sql';
import type { LowStockState } from '../triggers/index.ts';
import { PartState } from './entities.ts';

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
