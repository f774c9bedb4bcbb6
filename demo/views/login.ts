/**
 * The user picker: one button per demo user (no passwords: this is a demo host).
 */
import type { DemoUser } from '../store/users.ts';
import { html, type SafeHtml } from './html.ts';
import { page, type ViewContext } from './layout.ts';

export function loginPage(ctx: ViewContext, users: DemoUser[], next: string): SafeHtml {
  return page(
    ctx,
    'Sign in',
    html`<h1>Sign in as</h1>
<p class="muted">A demo host: pick a user. Roles decide what each may see (a reader cannot see build orders).</p>
<form method="post" action="/demo/login" class="user-picker">
  <input type="hidden" name="next" value="${next}">
  ${users
    .filter((u) => u.active)
    .map(
      (u) => html`<button type="submit" name="username" value="${u.username}"${ctx.user?.id === u.id ? html` aria-current="true"` : ''}>
    <strong>${u.name}</strong>
    <span class="muted">${u.roles.join(', ') || 'no role'}</span>
  </button>`,
    )}
</form>`,
  );
}
