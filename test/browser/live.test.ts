/**
 * Issue 4's acceptance scenario in real Chromium against the demo host: two users in two browser
 * contexts, live counts without reloads, cross-tab read state, delete all history, no leaks between
 * users; and WebSocket upgrades refused without a session or from a foreign origin.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { expect, poll, test, watchErrors } from './fixtures.ts';
import { badge, bell, bellButton, shot } from './widget-helpers.ts';

const DOOHICKEY = 87; // Electronics › Doohickey: minimum 5, stock 20 in the seed
const ELECTRONICS = 1;


describe('live notifications between two users', () => {
  test('A subscribes, B lowers stock, A sees it live, reads it in one tab, the other follows', async ({ signIn, demo }) => {
    const a = await signIn('engineer');
    const b = await signIn('allaccess');
    const errorLists = [watchErrors(a.page), watchErrors(b.page)];

    // A subscribes to Electronics with the toggle on the category page.
    await a.page.goto(`/categories/${ELECTRONICS}`);
    const toggle = a.page.locator('stockbell-subscribe').getByRole('button', { name: /^Subscribed? to Electronics$/ });
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await shot(a.page, 'toggle-off', 'stockbell-subscribe');
    await toggle.click();
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    await shot(a.page, 'toggle-on', 'stockbell-subscribe');

    // A's second tab: the inbox page. B's page: anywhere with the bell.
    const aInbox = await a.context.newPage();
    errorLists.push(watchErrors(aInbox));
    await aInbox.goto('/inbox');
    await b.page.goto('/');
    await poll(() => bellButton(a.page).getAttribute('aria-label')).toBe('Notifications');
    await expect(badge(a.page).count()).resolves.toBe(0);

    // Wait until A's sockets are open, so the push (not a later re-read) is what we see.
    await poll(() => openSockets(a.page)).toBe(true);
    await poll(() => openSockets(aInbox)).toBe(true);

    // B lowers the Doohickey's stock below its minimum.
    const lowered = await b.context.request.post(`/api/parts/${DOOHICKEY}/stock`, { data: { quantity: 2 } });
    expect(lowered.ok()).toBe(true);

    // A's badge goes up without a reload; the name carries the count.
    await poll(() => badge(a.page).textContent()).toBe('1');
    expect(await bellButton(a.page).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await poll(() => bell(a.page).locator('[role=status]').textContent()).toMatch(/^New notification: .*Doohickey/);
    await poll(() => aInbox.locator('stockbell-inbox li.sb-row').count()).toBe(1);
    await shot(a.page, 'bell-badge', 'header .account');

    // The flyout shows it with its link and reason.
    await bellButton(a.page).click();
    const item = bell(a.page).locator('.sb-item');
    await poll(() => item.count()).toBe(1);
    const link = item.locator('a.sb-item-main');
    expect(await link.getAttribute('href')).toBe(`${demo.origin}/parts/${DOOHICKEY}`);
    expect(await item.locator('.sb-item-subject').textContent()).toMatch(/Doohickey/);
    expect(await item.locator('.sb-reason').textContent()).toMatch(/Electronics/);
    await shot(a.page, 'flyout');

    // A marks it read in the first tab; the second tab's bell and inbox follow.
    await poll(() => badge(aInbox).textContent()).toBe('1');
    await item.getByRole('button', { name: /^Mark “.*Doohickey.*” read$/ }).click();
    await poll(() => badge(a.page).count()).toBe(0);
    await poll(() => badge(aInbox).count()).toBe(0);
    expect(await bellButton(aInbox).getAttribute('aria-label')).toBe('Notifications');
    await poll(() => aInbox.locator('stockbell-inbox li.sb-row').count()).toBe(0);

    // A deletes all history, behind the confirmation dialog.
    await aInbox.goto('/history');
    const history = aInbox.locator('stockbell-inbox');
    await poll(() => history.locator('li.sb-row').count()).toBe(1);
    await history.getByRole('button', { name: 'Delete all history' }).click();
    const dialog = history.getByRole('dialog', { name: 'Delete all history?' });
    await poll(() => dialog.isVisible()).toBe(true);
    await dialog.getByRole('button', { name: 'Delete all history' }).click();
    await poll(() => history.locator('li.sb-row').count()).toBe(0);
    await poll(() => history.locator('.sb-empty').textContent()).toBe('No read notifications.');
    const left = await a.context.request.get('/plugins/stockbell/notifications?state=all');
    expect((await left.json()).items).toEqual([]);

    // B never saw A's notification.
    expect(await badge(b.page).count()).toBe(0);
    await bellButton(b.page).click();
    await poll(() => bell(b.page).locator('.sb-empty').textContent()).toBe('Nothing new. You are all caught up.');
    const bItems = await b.context.request.get('/plugins/stockbell/notifications?state=all');
    expect((await bItems.json()).items).toEqual([]);

    expect(errorLists.flat()).toEqual([]);
  });
});

/** True once the page's shared Stockbell socket is open (the bundle exports the registry's `getLive`). */
async function openSockets(page: Page): Promise<boolean> {
  // A string, so the test runner's transform leaves the page's own dynamic import alone.
  return page.evaluate(
    "import('/plugins/stockbell/assets/stockbell.js').then((m) => m.getLive().status.value === 'open')",
  );
}

describe('WebSocket upgrades', () => {
  /** Resolves to 'open' or 'refused' for a socket opened from the page. */
  const tryOpen = (page: Page, url: string) =>
    page.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const ws = new WebSocket(target);
          ws.onopen = () => {
            ws.close();
            resolve('open');
          };
          ws.onerror = () => resolve('refused');
        }),
      url,
    );

  test('are refused without a session and from a foreign origin, accepted otherwise', async ({ browser, demo, signIn }) => {
    const wsUrl = `${demo.origin.replace('http', 'ws')}/plugins/stockbell/ws`;

    const anonymous = await browser.newContext({ baseURL: demo.origin });
    try {
      const page = await anonymous.newPage();
      await page.goto('/login');
      expect(await tryOpen(page, wsUrl)).toBe('refused');
    } finally {
      await anonymous.close();
    }

    const { page } = await signIn('engineer');
    await page.goto('/');
    expect(await tryOpen(page, wsUrl)).toBe('open');

    // Another origin on the same site (127.0.0.1, another port): the session cookie still goes
    // with the handshake, so only the Origin check can refuse it.
    const other = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html');
      response.end('<!doctype html><title>elsewhere</title>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = other.address() as AddressInfo;
      await page.goto(`http://127.0.0.1:${port}/`);
      expect(await tryOpen(page, wsUrl)).toBe('refused');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
