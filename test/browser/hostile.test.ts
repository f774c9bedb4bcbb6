/**
 * Hostile content × the widgets in real Chromium (issue #14): every case of the hostile table sent
 * through the demo host, shown by the bell's flyout and the inbox page, must stay text: no script
 * runs (no dialog), no element or handler comes from user text, no link leaves for `javascript:`,
 * `data:`, another host or user info, and no direction control reaches the page. The widgets'
 * own link rule is checked too, by handing them raw hostile links the server would never return.
 */
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { BIDI, HOSTILE_CASES, HOSTILE_LINKS } from '../support/hostile.ts';
import { expect, poll, test } from './fixtures.ts';

/** Everything inside the widgets' shadow roots that could be live, plus all their text. */
function widgetContent(page: Page) {
  return page.evaluate(() => {
    const roots = [...document.querySelectorAll('stockbell-bell, stockbell-inbox')].map((el) => el.shadowRoot).filter((r) => r !== null);
    const elements = roots.flatMap((root) => [...root.querySelectorAll('*')]);
    return {
      tags: [...new Set(elements.map((el) => el.tagName.toLowerCase()))],
      handlers: elements.flatMap((el) => [...el.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${el.tagName}[${a.name}]`)),
      hrefs: elements.filter((el) => el.hasAttribute('href')).map((el) => (el as HTMLAnchorElement).href),
      text: roots.map((root) => root.textContent ?? '').join('\n'),
      origin: location.origin,
    };
  });
}

async function expectInert(page: Page, dialogs: string[]) {
  const content = await widgetContent(page);
  expect(content.tags.filter((tag) => ['script', 'img', 'iframe', 'object', 'embed', 'b'].includes(tag))).toEqual([]);
  expect(content.handlers).toEqual([]);
  for (const href of content.hrefs) {
    const url = new URL(href);
    expect(['http:', 'https:'], href).toContain(url.protocol);
    expect(url.username + url.password, href).toBe('');
    expect(url.origin, href).toBe(content.origin);
  }
  expect(BIDI.test(content.text)).toBe(false);
  expect(dialogs).toEqual([]);
}

describe('hostile content in the widgets', () => {
  test('every case of the table, through the server, in the flyout and the inbox', async ({ signIn, demo }) => {
    const { page, userId } = await signIn('admin');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    for (const hostile of HOSTILE_CASES) {
      await demo.app.stockbell.send({ to: { userId }, subject: hostile.text.slice(0, 200), body: hostile.text.slice(0, 5000), link: hostile.link });
    }
    await page.goto('/inbox');
    await poll(() => page.locator('stockbell-inbox li.sb-row').count()).toBeGreaterThanOrEqual(HOSTILE_CASES.length);
    await page.locator('stockbell-bell button.sb-bell-button').click();
    await poll(() => page.locator('stockbell-bell .sb-item').count()).toBeGreaterThan(0);
    await expectInert(page, dialogs);
    // The text is still there, as text (after the row's "Unread: " for screen readers).
    const subjects = (await page.locator('stockbell-inbox .sb-row-subject').allTextContents()).map((s) => s.replace(/^Unread: /, ''));
    expect(subjects).toContain('<script>alert(1)</script>');
    expect(subjects).toContain('invoicefdp.exe and isolate');
  }, 60_000);

  test('the widgets apply the link rule themselves: raw hostile links from the API are not links', async ({ signIn, demo }) => {
    const { page, userId } = await signIn('admin');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await demo.app.stockbell.send({ to: { userId }, subject: 'A link to follow', body: 'x', link: '/parts/1' });
    let next = 0;
    await page.route('**/plugins/stockbell/notifications?*', async (route) => {
      const response = await route.fetch();
      const body = await response.json();
      for (const item of body.items) {
        item.link = HOSTILE_LINKS[next++ % HOSTILE_LINKS.length];
        item.subject = `raw ${item.link}`;
      }
      await route.fulfill({ response, json: body });
    });
    await page.goto('/inbox');
    await poll(() => page.locator('stockbell-inbox li.sb-row').count()).toBeGreaterThan(0);
    await page.locator('stockbell-bell button.sb-bell-button').click();
    await poll(() => page.locator('stockbell-bell .sb-item').count()).toBeGreaterThan(0);
    await expectInert(page, dialogs);
    expect(next).toBeGreaterThan(0);
  }, 60_000);
});
