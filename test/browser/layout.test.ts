/**
 * The widgets on the page, measured in real Chromium: no sideways scrolling at 320 px on the
 * settings and admin pages (WCAG 1.4.10), matrix targets of at least 24 × 24 px (2.5.8), no layout
 * shift when the bell and the subscribe toggle load, and a pressed toggle that stays visible in
 * forced-colours mode.
 */
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { expect, poll, test } from './fixtures.ts';
import { badge, send, signInWithMessages } from './widget-helpers.ts';

const DOOHICKEY = 87; // Electronics › Doohickey
const ELECTRONICS = 1;

/** How far the page scrolls sideways: 0 when it fits the viewport. */
const sideways = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

describe('reflow', () => {
  test('/settings and /admin do not scroll sideways at 320 px', async ({ signIn, demo }) => {
    const { page, userId } = await signIn('admin');
    await page.setViewportSize({ width: 320, height: 800 });
    await send(demo, userId, 1); // a row in the delivery log (email), with its visually hidden caption

    await page.goto('/settings');
    const box = page.locator('stockbell-settings').getByRole('checkbox', { name: 'Discord for Messages' });
    await box.check(); // an override: its Reset button and the hidden "follows" sentences of the others
    await poll(() => page.locator('stockbell-settings .sb-reset').count()).toBeGreaterThan(0);
    expect(await sideways(page)).toBe(0);
    await box.uncheck();

    await page.goto('/admin');
    await poll(() => page.locator('stockbell-admin .sb-log tbody tr').count()).toBeGreaterThan(0);
    expect(await sideways(page)).toBe(0);
    // The wide tables scroll inside their own box instead.
    expect(await page.locator('stockbell-admin .sb-scroll').first().evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  });
});

describe('targets', () => {
  test('a matrix cell’s checkbox and its Reset are each at least 24 × 24 px', async ({ signIn }) => {
    const { page } = await signIn('engineer');
    await page.goto('/settings');
    const widget = page.locator('stockbell-settings');
    await widget.getByRole('checkbox', { name: 'Slack for Messages' }).check();
    const reset = widget.getByRole('button', { name: 'Reset Slack for Messages to its default' });
    await poll(() => reset.count()).toBe(1);
    const sizes = async (selector: string) =>
      widget.locator(selector).evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height]));
    const boxes = await sizes('.sb-matrix-check');
    expect(boxes.length).toBeGreaterThan(20);
    for (const [width, height] of [...boxes, ...(await sizes('.sb-reset'))]) {
      expect(width).toBeGreaterThanOrEqual(24);
      expect(height).toBeGreaterThanOrEqual(24);
    }
    await reset.click();
    await poll(() => reset.count()).toBe(0);
  });
});

describe('layout shift', () => {
  test('the bell and the subscribe toggle take the place kept for them: no shift at 320, 390 or 1280 px', async ({ signIn, demo }) => {
    const { page, context } = await signInWithMessages({ signIn, demo }, 'allaccess', 3);
    // Covered by the category: the toggle shows its longest state, with the "Subscribed via" note.
    await context.request.put(`/plugins/stockbell/subscriptions/category/${ELECTRONICS}`);
    // Every layout shift, with what moved (a failure then says which element and how).
    await page.addInitScript(() => {
      type Shift = PerformanceEntry & { value: number; sources: { node: Node | null; previousRect: DOMRectReadOnly; currentRect: DOMRectReadOnly }[] };
      const shifts: string[] = [];
      (window as unknown as { shifts: string[] }).shifts = shifts;
      const box = (r: DOMRectReadOnly) => `${Math.round(r.x)},${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)}`;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as Shift[]) {
          const moved = entry.sources.map((s) => `${s.node?.nodeName ?? '?'}.${(s.node as Element | null)?.className ?? ''} ${box(s.previousRect)} → ${box(s.currentRect)}`);
          shifts.push(`${entry.value.toFixed(4)}: ${moved.join('; ')}`);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    try {
      for (const width of [320, 390, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        for (const path of [`/parts/${DOOHICKEY}`, `/categories/${ELECTRONICS}`]) {
          await page.goto(path);
          await poll(() => badge(page).textContent()).toBe('3');
          // Drawn: on the part, "Subscribed via Electronics" beside the toggle; on the category, the pressed toggle.
          await poll(() => page.locator('stockbell-subscribe .sb-subscribe-wrap:not([data-state=loading])').count()).toBe(1);
          await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
          const shifts = await page.evaluate(() => (window as unknown as { shifts: string[] }).shifts);
          expect(shifts, `${path} at ${width} px`).toEqual([]);
        }
      }
    } finally {
      await context.request.delete(`/plugins/stockbell/subscriptions/category/${ELECTRONICS}`);
    }
  });
});

describe('forced colours', () => {
  test('the pressed toggle is drawn in the system’s selection colours, unlike the unpressed one', async ({ signIn }) => {
    const { page, context } = await signIn('reader');
    await context.request.delete(`/plugins/stockbell/subscriptions/part/${DOOHICKEY}`);
    await page.emulateMedia({ forcedColors: 'active' });
    await page.goto(`/parts/${DOOHICKEY}`);
    const toggle = page.locator('stockbell-subscribe button.sb-toggle');
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    const look = () => toggle.evaluate((el) => {
      const style = getComputedStyle(el);
      return { background: style.backgroundColor, border: style.borderTopColor, text: style.color };
    });
    const system = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('div'));
      probe.style.background = 'Highlight';
      probe.style.color = 'HighlightText';
      const style = getComputedStyle(probe);
      const colours = { highlight: style.backgroundColor, highlightText: style.color };
      probe.remove();
      return colours;
    });
    const off = await look();
    await toggle.click();
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    const on = await look();
    expect(on.background).not.toBe(off.background);
    expect(on).toEqual({ background: system.highlight, border: system.highlight, text: system.highlightText });
    await toggle.click();
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
  });
});
