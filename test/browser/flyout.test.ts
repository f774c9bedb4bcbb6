/**
 * The bell's flyout in real Chromium on the demo host, for a keyboard user and on small screens:
 * focus never rests on the page under it, Escape closes it wherever focus is, marking one read keeps
 * the user's place, it stays inside the viewport at 320 px, 390 px and desktop width, each item has
 * a short name and its details as the description, and axe finds nothing in light or dark at those
 * widths with it open.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { expect, poll, test } from './fixtures.ts';
import { accessibleNodes, badge, bell, bellButton, clear, flyout, focused, focusedName, signInWithMessages } from './widget-helpers.ts';

const DOOHICKEY = 87; // Electronics › Doohickey: minimum 5, stock 20 in the seed
const WIDTHS = [320, 390, 1280];

/** Whether focus is inside the bell (its shadow root counts). */
const focusInBell = (page: Page) => bell(page).evaluate((host) => document.activeElement === host);

/** True when the focused page element is what is drawn at its own centre: nothing covers it. */
const focusedIsVisible = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const box = el.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return !!top && (top === el || el.contains(top) || top.contains(el));
  });

describe('keyboard', () => {
  test('Tab out of the open flyout closes it, so nothing it covers takes focus; Escape closes it from anywhere', async ({ signIn, demo }) => {
    const { page } = await signInWithMessages({ signIn, demo }, 'admin', 3);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/parts/${DOOHICKEY}`);
    await poll(() => badge(page).textContent()).toBe('3');

    await bellButton(page).focus();
    await page.keyboard.press('Enter');
    await poll(() => flyout(page).locator('.sb-item').count()).toBe(3);
    let left = false;
    for (let step = 0; step < 20 && !left; step += 1) {
      await page.keyboard.press('Tab');
      left = !(await focusInBell(page));
    }
    expect(left).toBe(true);
    await poll(() => flyout(page).count()).toBe(0);
    expect(await focusedIsVisible(page)).toBe(true);

    // Focus lost to the page (the focused control went away, or a script blurred it): Escape still closes it.
    await bellButton(page).click();
    await poll(() => flyout(page).isVisible()).toBe(true);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    expect(await focused(page)).toBe('body');
    expect(await flyout(page).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await poll(() => flyout(page).count()).toBe(0);
    expect(await focused(page)).toBe('button.sb-bell-button');
  });

  test('marking one read moves focus to the next notification, then the one before, then the empty state', async ({ signIn, demo }) => {
    // Listed newest first: Message 3, 2, 1.
    const { page } = await signInWithMessages({ signIn, demo }, 'engineer', 3);
    await page.goto('/');
    await poll(() => badge(page).textContent()).toBe('3');
    await bellButton(page).click();
    await poll(() => flyout(page).locator('.sb-item').count()).toBe(3);

    await flyout(page).getByRole('button', { name: 'Mark “Message 2” read' }).focus();
    await page.keyboard.press('Enter');
    await poll(() => focusedName(page)).toBe('Mark “Message 1” read'); // the next one took its place
    await page.keyboard.press('Enter');
    await poll(() => focusedName(page)).toBe('Mark “Message 3” read'); // none after it: the one before
    await page.keyboard.press('Enter');
    await poll(() => focused(page)).toBe('p.sb-empty');
    expect(await flyout(page).locator('.sb-item').count()).toBe(0);
    await page.keyboard.press('Escape');
    await poll(() => focused(page)).toBe('button.sb-bell-button');
  });
});

describe('small screens', () => {
  test('the open flyout stays inside the viewport at 320 px, 390 px and desktop width', async ({ signIn, demo }) => {
    const { page } = await signInWithMessages({ signIn, demo }, 'reader', 2);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      await page.goto('/');
      await bellButton(page).click();
      await poll(() => flyout(page).locator('.sb-item').count()).toBe(2);
      const box = await flyout(page).boundingBox();
      const viewport = await page.evaluate(() => document.documentElement.clientWidth);
      expect(box, `${width}`).not.toBeNull();
      expect(box?.x, `left edge at ${width}`).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0), `right edge at ${width}`).toBeLessThanOrEqual(viewport);
      if (width === 1280) {
        // With room to spare it still hangs from the bell, lined up with its end.
        const button = await bellButton(page).boundingBox();
        expect(Math.abs((box?.x ?? 0) + (box?.width ?? 0) - ((button?.x ?? 0) + (button?.width ?? 0)))).toBeLessThan(1);
      }
    }
  });

  test('an item is named by its subject and described by its details; the body shows the stock and minimum in full', async ({ signIn }) => {
    const { page, context } = await signIn('allaccess');
    await clear(context);
    await context.request.put(`/plugins/stockbell/subscriptions/part/${DOOHICKEY}`);
    expect((await context.request.post(`/api/parts/${DOOHICKEY}/stock`, { data: { quantity: 2 } })).ok()).toBe(true);
    try {
      await page.setViewportSize({ width: 320, height: 800 });
      await page.goto('/');
      await poll(() => badge(page).textContent()).toBe('1');
      await bellButton(page).click();
      const item = flyout(page).locator('.sb-item');
      await poll(() => item.count()).toBe(1);

      const subject = (await item.locator('.sb-item-subject').textContent()) ?? '';
      expect(subject).toMatch(/Doohickey/);
      // What a screen reader gets: the subject as the link's name, the rest as its description.
      const links = (await accessibleNodes(page, 'link')).filter((link) => link.name === subject);
      expect(links).toHaveLength(1);
      expect(links[0]?.description).toMatch(/^Doohickey has 2 in stock, below its minimum of 5\. subscribed to Doohickey ?, just now$/);

      // Not cut: the whole sentence is laid out, nothing overflows the box.
      const body = item.locator('.sb-item-body');
      expect(await body.textContent()).toBe('Doohickey has 2 in stock, below its minimum of 5.');
      expect(await body.evaluate((el) => el.scrollWidth <= el.clientWidth && el.scrollHeight <= el.clientHeight)).toBe(true);
      const bodyBox = await body.boundingBox();
      const flyoutBox = await flyout(page).boundingBox();
      expect((bodyBox?.x ?? 0) + (bodyBox?.width ?? 0)).toBeLessThanOrEqual((flyoutBox?.x ?? 0) + (flyoutBox?.width ?? 0));
    } finally {
      await context.request.post(`/api/parts/${DOOHICKEY}/stock`, { data: { quantity: 20 } });
      await context.request.delete(`/plugins/stockbell/subscriptions/part/${DOOHICKEY}`);
    }
  });
});

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds nothing with the flyout open at 320 px, 390 px and desktop width (${theme})`, async ({ signIn, demo }) => {
      const { page } = await signInWithMessages({ signIn, demo }, 'admin', 3);
      // Reduced motion: axe must not measure contrast halfway through the flyout's fade-in.
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`/parts/${DOOHICKEY}`);
        await poll(() => page.locator('stockbell-subscribe button[aria-pressed]').count()).toBe(1);
        await bellButton(page).click();
        await poll(() => flyout(page).locator('.sb-item').count()).toBe(3);
        const result = await new AxeBuilder({ page }).include('stockbell-bell').include('stockbell-subscribe').analyze();
        const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`);
        expect(found, `${theme} at ${width} px`).toEqual([]);
        expect(result.passes.length).toBeGreaterThan(0);
      }
    });
  }
});
