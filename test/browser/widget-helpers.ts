/**
 * What the browser tests of the widgets share: locators for the bell, notifications sent straight
 * through the host's send API, an emptied inbox, the focused element seen through shadow roots,
 * screenshots for the README.
 */
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type BrowserFixtures, type DemoHost, SCREENSHOTS } from './fixtures.ts';

export const bell = (page: Page) => page.locator('stockbell-bell');
export const bellButton = (page: Page) => bell(page).locator('button.sb-bell-button');
export const badge = (page: Page) => bell(page).locator('.sb-badge');
export const flyout = (page: Page) => bell(page).getByRole('dialog', { name: 'Notifications' });

/** Notifications straight from the host's send API, to one user; `Message 1` is the oldest. */
export async function send(
  demo: DemoHost,
  userId: string,
  count: number,
  fields: { subject?: string; body?: string; link?: string } = {},
) {
  for (let i = 1; i <= count; i += 1) {
    await demo.app.stockbell.send({
      to: { userId },
      subject: fields.subject ?? `Message ${i}`,
      body: fields.body ?? `Line one of ${i}\nLine two`,
      link: fields.link ?? `/parts/${i}`,
    });
  }
}

/** Empty a user's inbox and history. */
export async function clear(context: BrowserContext) {
  await context.request.post('/plugins/stockbell/notifications/read-all');
  await context.request.delete('/plugins/stockbell/notifications?state=read');
}

/** `username` signed in with an emptied inbox, then sent `count` notifications (`Message 1` is the oldest). */
export async function signInWithMessages(
  { signIn, demo }: Pick<BrowserFixtures, 'signIn' | 'demo'>,
  username: string,
  count: number,
  fields: Parameters<typeof send>[3] = {},
) {
  const user = await signIn(username);
  await clear(user.context);
  await send(demo, user.userId, count, fields);
  return user;
}

/** The focused element, looking through shadow roots: `tag[role=…].firstClass`. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return 'none';
    return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''}${el.className ? `.${String(el.className).split(' ')[0]}` : ''}`;
  });

/** The focused element's accessible label or text, looking through shadow roots. */
export const focusedName = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
  });

/**
 * What the browser tells assistive technology about the nodes of one role: name and description as
 * Chromium computes them (its accessibility tree, through the DevTools protocol), shadow roots included.
 */
export async function accessibleNodes(page: Page, role: string): Promise<{ name: string; description: string }[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: string }; name?: { value?: string }; description?: { value?: string }; ignored?: boolean }[];
    };
    return nodes
      .filter((node) => !node.ignored && node.role?.value === role)
      .map((node) => ({ name: node.name?.value ?? '', description: node.description?.value ?? '' }));
  } finally {
    await cdp.detach();
  }
}

/** With `STOCKBELL_SCREENSHOTS=1`, save a screenshot (of `target`, else the page) for the README. */
export async function shot(page: Page, name: string, target?: string) {
  if (!SCREENSHOTS) return;
  const path = join(SCREENSHOTS, `${name}.png`);
  if (target) await page.locator(target).screenshot({ path });
  else await page.screenshot({ path });
}

/** As `shot`, of the smallest area holding every one of `targets` (a row and the menu it opened). */
export async function shotAround(page: Page, name: string, targets: string[], margin = 8) {
  if (!SCREENSHOTS) return;
  const boxes = [];
  for (const target of targets) {
    const box = await page.locator(target).boundingBox();
    if (box) boxes.push(box);
  }
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.max(...boxes.map((b) => b.x + b.width)) + margin;
  const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + margin;
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), clip: { x, y, width: right - x, height: bottom - y } });
}
