/**
 * A part page: category path, stock (own, and total for templates), minimum, variants and template,
 * the forms that change stock and minimum, builds for assemblies, and the `part.actions` slot.
 */
import type { Build } from '../store/builds.ts';
import type { Category } from '../store/categories.ts';
import type { Part } from '../store/parts.ts';
import type { DemoUser } from '../store/users.ts';
import { buildUrl, categoryUrl, partUrl } from '../urls.ts';
import { buildForm } from './build-form.ts';
import { html, quantity, type SafeHtml } from './html.ts';
import { breadcrumbs, page, type ViewContext } from './layout.ts';
import { isLow, partsTable } from './parts-table.ts';
import { slot } from './slots.ts';

export interface PartData {
  part: Part;
  categoryPath: Category[];
  template: Part | null;
  variants: Part[];
  /** Shown only to users who may view build orders (null otherwise). */
  builds: Build[] | null;
  users: DemoUser[];
}

function facts(part: Part, template: Part | null, hasVariants: boolean): SafeHtml {
  return html`<dl class="facts">
  ${part.ipn ? html`<dt>IPN</dt><dd>${part.ipn}</dd>` : ''}
  <dt>Own stock</dt><dd data-field="own-stock">${quantity(part.ownStock)}</dd>
  ${
    hasVariants
      ? html`<dt>Total stock <span class="muted">(with variants)</span></dt><dd data-field="stock">${quantity(part.stock)}</dd>`
      : ''
  }
  <dt>Minimum stock</dt><dd data-field="minimum">${part.minimumStock > 0 ? quantity(part.minimumStock) : html`<span class="muted">none</span>`}</dd>
  ${isLow(part) ? html`<dt>Status</dt><dd><span class="tag warn">below minimum</span></dd>` : ''}
  ${template ? html`<dt>Variant of</dt><dd><a href="${partUrl(template.id)}">${template.name}</a></dd>` : ''}
  <dt>Kind</dt><dd>${[part.isTemplate && 'template', part.assembly && 'assembly', !part.active && 'inactive']
    .filter(Boolean)
    .join(', ') || 'part'}</dd>
</dl>`;
}

function editForms(part: Part): SafeHtml {
  return html`<section aria-labelledby="edit-title" class="forms">
  <h2 id="edit-title">Change</h2>
  <form method="post" action="${partUrl(part.id)}/stock">
    <label for="own-stock">Own stock</label>
    <input id="own-stock" name="quantity" type="number" min="0" step="any" required value="${part.ownStock}">
    <button type="submit">Set stock</button>
  </form>
  <form method="post" action="${partUrl(part.id)}/minimum">
    <label for="minimum-stock">Minimum stock</label>
    <input id="minimum-stock" name="minimumStock" type="number" min="0" step="any" required value="${part.minimumStock}">
    <button type="submit">Set minimum</button>
  </form>
</section>`;
}

function buildsSection(part: Part, builds: Build[], users: DemoUser[]): SafeHtml {
  return html`<section aria-labelledby="builds-title">
  <h2 id="builds-title">Build orders</h2>
  ${
    builds.length > 0
      ? html`<ul>${builds.map(
          (b) => html`<li><a href="${buildUrl(b.id)}">${b.reference}</a> · ${quantity(b.quantity)} · ${b.status}</li>`,
        )}</ul>`
      : html`<p class="muted">No build orders for this part yet.</p>`
  }
  ${buildForm({ assemblies: [part], users, selectedPartId: part.id })}
</section>`;
}

export function partPage(ctx: ViewContext, data: PartData): SafeHtml {
  const { part } = data;
  const trail = [
    { href: '/', label: 'Parts' },
    ...data.categoryPath.map((c) => ({ href: categoryUrl(c.id), label: c.name })),
    { href: partUrl(part.id), label: part.name },
  ];
  return page(
    ctx,
    part.name,
    html`${breadcrumbs(trail)}
<div class="title-row">
  <h1>${part.name}</h1>
  <div class="actions">${slot('part.actions', { targetId: part.id })}</div>
</div>
${facts(part, data.template, part.isTemplate || data.variants.length > 0)}
${ctx.user?.canEditStock ? editForms(part) : ''}
${
  data.variants.length > 0
    ? html`<section aria-labelledby="variants-title"><h2 id="variants-title">Variants</h2>${partsTable(data.variants)}</section>`
    : ''
}
${part.assembly && data.builds ? buildsSection(part, data.builds, data.users) : ''}`,
  );
}
