/**
 * Which lines of a new build order are short (PRODUCT §2). Pure: given the build and the parts.
 * A sub-part is short when its stock is below what the build needs, or when it is low.
 * A sub-part on several BOM lines needs the sum of them.
 */
import type { ShortLine } from '../contract/index.ts';
import type { HostBuild, HostPart } from '../host.ts';
import { isLow } from './low-stock.ts';

export function shortLines(build: HostBuild, parts: ReadonlyMap<string, HostPart>): ShortLine[] {
  const required = new Map<string, number>();
  for (const line of build.bom) {
    required.set(line.partId, (required.get(line.partId) ?? 0) + line.quantity * build.quantity);
  }
  const short: ShortLine[] = [];
  for (const [partId, need] of required) {
    const part = parts.get(partId);
    if (!part) continue;
    if (part.stock < need || isLow(part)) {
      short.push({ partId, partName: part.name, required: need, stock: part.stock, minimum: part.minimumStock, url: part.url });
    }
  }
  return short;
}

export function buildData(build: HostBuild, assembly: HostPart | undefined): Record<string, unknown> {
  return {
    buildId: build.id,
    reference: build.reference,
    partId: build.partId,
    partName: assembly?.name ?? build.partId,
    quantity: build.quantity,
    url: build.url,
  };
}
