/**
 * The rows of the matrix: Stockbell's own kinds and the kinds a host registers
 * (`kinds: [{ id: 'host.calibration_due', label: 'Calibration due' }]` in the plugin options).
 */
import { KIND_PATTERN as KIND_SOURCE, type KindInfo } from '../contract/index.ts';
import { OptionError } from '../errors.ts';
import { kindTitle } from '../messages/index.ts';


export const BUILT_IN_KINDS = ['part.low_stock', 'build.stock_short', 'build.created', 'message'] as const;

/** The same rule the send API applies to `kind`. */
export const KIND_PATTERN = new RegExp(KIND_SOURCE);

export function resolveKinds(hostKinds: unknown): KindInfo[] {
  const kinds: KindInfo[] = BUILT_IN_KINDS.map((id) => ({ id, label: kindTitle(id) }));
  if (hostKinds === undefined) return kinds;
  if (!Array.isArray(hostKinds)) throw new OptionError('kinds', 'must be an array of { id, label? }');
  const seen = new Set<string>(BUILT_IN_KINDS);
  for (const [index, entry] of hostKinds.entries()) {
    const id = (entry as { id?: unknown } | null)?.id;
    const label = (entry as { label?: unknown } | null)?.label;
    if (typeof id !== 'string' || id.length > 100 || !KIND_PATTERN.test(id)) {
      throw new OptionError(`kinds[${index}].id`, 'must look like "host.thing_happened" (lower case, dots, underscores)');
    }
    if (seen.has(id)) throw new OptionError(`kinds[${index}].id`, `"${id}" is already a kind`);
    if (label !== undefined && (typeof label !== 'string' || label.trim() === '' || label.length > 100)) {
      throw new OptionError(`kinds[${index}].label`, 'must be a non-empty string of at most 100 characters');
    }
    seen.add(id);
    kinds.push({ id, label: typeof label === 'string' ? label : id });
  }
  return kinds;
}
