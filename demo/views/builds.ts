/**
 * The build orders list (with the create form) and a build order's page: its BOM lines with
 * required = quantity per assembly × build quantity, against each sub-part's stock.
 */
import type { Build, BomLine } from '../store/builds.ts';
import type { Part } from '../store/parts.ts';
import type { DemoUser } from '../store/users.ts';
import { buildUrl, partUrl } from '../urls.ts';
import { buildForm } from './build-form.ts';
import { html, quantity, type SafeHtml } from './html.ts';
import { breadcrumbs, page, type ViewContext } from './layout.ts';
import { isLow } from './parts-table.ts';

function responsible(build: Build): SafeHtml {
  const names = [...build.responsible.users.map((u) => u.username), ...build.responsible.roles.map((r) => `role ${r}`)];
  return names.length > 0 ? html`${names.join(', ')}` : html`<span class="muted">nobody</span>`;
}

export function buildsPage(ctx: ViewContext, data: { builds: Build[]; assemblies: Part[]; users: DemoUser[] }): SafeHtml {
  return page(
    ctx,
    'Build orders',
    html`<h1>Build orders</h1>
<table class="data">
<thead><tr><th scope="col">Reference</th><th scope="col">Assembly</th><th scope="col" class="num">Quantity</th><th scope="col">Status</th><th scope="col">Responsible</th><th scope="col">Created</th></tr></thead>
<tbody>${data.builds.map(
      (b) => html`<tr>
<td><a href="${buildUrl(b.id)}">${b.reference}</a></td>
<td><a href="${partUrl(b.partId)}">${b.partName}</a></td>
<td class="num">${quantity(b.quantity)}</td>
<td>${b.status}</td>
<td>${responsible(b)}</td>
<td>${b.createdOn}</td>
</tr>`,
    )}</tbody>
</table>
${buildForm({ assemblies: data.assemblies, users: data.users })}`,
  );
}

export interface BuildPageData {
  build: Build;
  lines: { line: BomLine; part: Part }[];
}

export function buildPage(ctx: ViewContext, data: BuildPageData): SafeHtml {
  const { build } = data;
  const lines = data.lines.map(({ line, part }) => {
    const required = line.quantity * build.quantity;
    return { line, part, required, short: part.stock < required || isLow(part) };
  });
  const shortCount = lines.filter((l) => l.short).length;
  const rows = lines.map(({ line, part, required, short }) => {
    return html`<tr${short ? html` class="short"` : ''}>
<td><a href="${partUrl(part.id)}">${part.name}</a>${line.fromPartId !== build.partId ? html` <span class="tag" title="Inherited from the template">inherited</span>` : ''}</td>
<td class="num">${quantity(line.quantity)}</td>
<td class="num">${quantity(required)}</td>
<td class="num">${quantity(part.stock)}</td>
<td class="num">${part.minimumStock > 0 ? quantity(part.minimumStock) : ''}</td>
<td>${short ? html`<span class="tag warn">short</span>` : html`<span class="tag ok">ok</span>`}</td>
</tr>`;
  });
  return page(
    ctx,
    build.reference,
    html`${breadcrumbs([{ href: '/builds', label: 'Build orders' }, { href: buildUrl(build.id), label: build.reference }])}
<h1>${build.reference}</h1>
<dl class="facts">
  <dt>Assembly</dt><dd><a href="${partUrl(build.partId)}">${build.partName}</a></dd>
  <dt>Quantity</dt><dd>${quantity(build.quantity)} <span class="muted">(${quantity(build.completed)} completed)</span></dd>
  <dt>Status</dt><dd>${build.status}</dd>
  <dt>Issued by</dt><dd>${build.issuedByName ?? html`<span class="muted">unknown</span>`}</dd>
  <dt>Responsible</dt><dd>${responsible(build)}</dd>
  <dt>Created</dt><dd>${build.createdOn}</dd>
  ${build.targetDate ? html`<dt>Target date</dt><dd>${build.targetDate}</dd>` : ''}
</dl>
<section aria-labelledby="bom-title">
<h2 id="bom-title">Bill of materials <span class="muted">(${shortCount} short)</span></h2>
<table class="data">
<thead><tr><th scope="col">Sub-part</th><th scope="col" class="num">Per assembly</th><th scope="col" class="num">Required</th><th scope="col" class="num">In stock</th><th scope="col" class="num">Minimum</th><th scope="col">Status</th></tr></thead>
<tbody>${rows}</tbody>
</table>
</section>`,
  );
}
