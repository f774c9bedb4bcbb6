/**
 * The form that creates a build order (on the builds page and on an assembly's page).
 */
import type { Part } from '../store/parts.ts';
import type { DemoUser } from '../store/users.ts';
import { html, type SafeHtml } from './html.ts';

export interface BuildFormData {
  assemblies: Part[];
  users: DemoUser[];
  selectedPartId?: number;
}

export function buildForm(data: BuildFormData): SafeHtml {
  return html`<form method="post" action="/builds" class="build-form">
  <fieldset>
    <legend>New build order</legend>
    <label for="build-part">Assembly</label>
    <select id="build-part" name="partId" required>${data.assemblies.map(
      (p) => html`<option value="${p.id}"${p.id === data.selectedPartId ? html` selected` : ''}>${p.name}</option>`,
    )}</select>
    <label for="build-quantity">Quantity</label>
    <input id="build-quantity" name="quantity" type="number" min="1" step="1" value="1" required>
    <fieldset class="checks">
      <legend>Responsible</legend>
      ${data.users
        .filter((u) => u.active)
        .map(
          (u) => html`<label><input type="checkbox" name="responsible" value="${u.username}"> ${u.name}</label>`,
        )}
    </fieldset>
    <button type="submit">Create build order</button>
  </fieldset>
</form>`;
}
