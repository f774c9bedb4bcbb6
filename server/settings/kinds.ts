/**
 * The rows of the matrix: Stockbell's own kinds and the kinds a host registers
 * (`kinds: [{ id: 'host.calibration_due', label: 'Calibration due' }]` in the plugin options).
 */
import type { KindInfo } from '../contract/index.ts';
import { OptionError } from '../errors.ts';
import { kindTitle } from '../messages/index.ts';

export const BUILT_IN_KINDS = ['part.low_stock', 'build.stock_short', 'build.created', 'message'] as const;

/** Stockbell's kinds, then the host's (their ids and labels already passed the options schema). */
export function resolveKinds(hostKinds: readonly { id: string; label?: string | undefined }[]): KindInfo[] {
  const kinds: KindInfo[] = BUILT_IN_KINDS.map((id) => ({ id, label: kindTitle(id) }));
  const seen = new Set<string>(BUILT_IN_KINDS);
  for (const [index, { id, label }] of hostKinds.entries()) {
    if (seen.has(id)) throw new OptionError(`kinds[${index}].id`, `"${id}" is already a kind`);
    seen.add(id);
    kinds.push({ id, label: label ?? id });
  }
  return kinds;
}
