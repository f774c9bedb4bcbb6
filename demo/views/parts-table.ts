/**
 * A table of parts with their stock against the minimum: used by the category and home pages.
 */
import type { Part } from '../store/parts.ts';
import { partUrl } from '../urls.ts';
import { html, quantity, type SafeHtml } from './html.ts';

export function isLow(part: Part): boolean {
  return part.active && part.minimumStock > 0 && part.stock < part.minimumStock;
}

export function stockCell(part: Part): SafeHtml {
  return html`${quantity(part.stock)}${isLow(part) ? html` <span class="tag warn">low</span>` : ''}`;
}

export function partsTable(parts: Part[]): SafeHtml {
  return html`<table class="data">
<thead><tr><th scope="col">Part</th><th scope="col">IPN</th><th scope="col" class="num">Stock</th><th scope="col" class="num">Minimum</th></tr></thead>
<tbody>${parts.map(
    (p) => html`<tr>
<td><a href="${partUrl(p.id)}">${p.name}</a>${p.isTemplate ? html` <span class="tag">template</span>` : ''}</td>
<td>${p.ipn ?? ''}</td>
<td class="num">${stockCell(p)}</td>
<td class="num">${p.minimumStock > 0 ? quantity(p.minimumStock) : ''}</td>
</tr>`,
  )}</tbody>
</table>`;
}
