/**
 * The home page: the category tree with part counts, parts below their minimum, and the user's
 * Stockbell subscriptions (`home` slot).
 */
import type { CategoryNode } from '../store/categories.ts';
import type { Part } from '../store/parts.ts';
import { categoryUrl } from '../urls.ts';
import { html, type SafeHtml } from './html.ts';
import { page, type ViewContext } from './layout.ts';
import { partsTable } from './parts-table.ts';
import { slot } from './slots.ts';

export interface HomeData {
  tree: CategoryNode[];
  counts: { categories: number; parts: number };
  lowStock: Part[];
}

function tree(nodes: CategoryNode[]): SafeHtml {
  return html`<ul>${nodes.map(
    (node) =>
      html`<li><a href="${categoryUrl(node.id)}">${node.name}</a> <span class="muted">(${node.partCount})</span>${
        node.children.length > 0 ? tree(node.children) : ''
      }</li>`,
  )}</ul>`;
}

export function homePage(ctx: ViewContext, data: HomeData): SafeHtml {
  return page(
    ctx,
    'Parts',
    html`<h1>Parts</h1>
<p class="summary"><span data-count="categories">${data.counts.categories}</span> categories,
<span data-count="parts">${data.counts.parts}</span> parts.</p>
<div class="columns">
  <section aria-labelledby="categories-title">
    <h2 id="categories-title">Categories</h2>
    <div class="tree">${tree(data.tree)}</div>
  </section>
  <aside>
    <section aria-labelledby="subscriptions-title">
      <h2 id="subscriptions-title">Your subscriptions</h2>
      ${slot('home')}
    </section>
    <section aria-labelledby="low-title">
      <h2 id="low-title">Below minimum stock</h2>
      ${data.lowStock.length > 0 ? partsTable(data.lowStock) : html`<p class="muted">No part is below its minimum.</p>`}
    </section>
  </aside>
</div>`,
  );
}
