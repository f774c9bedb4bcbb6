/**
 * A category page: its path, sub-categories, parts, and the `category.actions` slot (subscribe).
 */
import type { Category } from '../store/categories.ts';
import type { Part } from '../store/parts.ts';
import { categoryUrl } from '../urls.ts';
import { html, type SafeHtml } from './html.ts';
import { breadcrumbs, page, type ViewContext } from './layout.ts';
import { partsTable } from './parts-table.ts';
import { slot } from './slots.ts';

export interface CategoryData {
  /** Root first, ending with this category. */
  path: Category[];
  children: Category[];
  parts: Part[];
}

export function categoryPage(ctx: ViewContext, data: CategoryData): SafeHtml {
  const category = data.path[data.path.length - 1];
  if (!category) throw new Error('categoryPage needs a path');
  return page(
    ctx,
    category.name,
    html`${breadcrumbs([{ href: '/', label: 'Parts' }, ...data.path.map((c) => ({ href: categoryUrl(c.id), label: c.name }))])}
<div class="title-row">
  <h1>${category.name}</h1>
  <div class="actions">${slot('category.actions', { targetId: category.id })}</div>
</div>
${
  data.children.length > 0
    ? html`<section aria-labelledby="sub-title"><h2 id="sub-title">Sub-categories</h2>
<ul class="chips">${data.children.map((c) => html`<li><a href="${categoryUrl(c.id)}">${c.name}</a></li>`)}</ul></section>`
    : ''
}
<section aria-labelledby="parts-title">
  <h2 id="parts-title">Parts <span class="muted">(${data.parts.length})</span></h2>
  ${data.parts.length > 0 ? partsTable(data.parts) : html`<p class="muted">No parts directly in this category.</p>`}
</section>`,
  );
}
