/**
 * Error pages: 403 (your role may not see this), 404, 400 from a form, and anything else.
 */
import { html, type SafeHtml } from './html.ts';
import { page, type ViewContext } from './layout.ts';

const TITLES: Record<number, string> = {
  400: 'That did not work',
  403: 'Not allowed',
  404: 'Not found',
};

export function errorPage(ctx: ViewContext, status: number, message: string): SafeHtml {
  const title = TITLES[status] ?? 'Something went wrong';
  return page(
    ctx,
    title,
    html`<h1>${title}</h1>
<p class="error" role="alert">${message}</p>
<p><a href="/">Back to the parts</a></p>`,
  );
}
