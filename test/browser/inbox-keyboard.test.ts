/**
 * The inbox page for someone on the keyboard, in real Chromium on the demo host: the arrow keys,
 * Home and End move between rows in the same column, Space selects, Enter marks read, Delete
 * deletes, focus is visible and stays in place when a row leaves; and the demo's page follows the
 * widget's tab (address, title, heading, navigation).
 */
import type { BrowserContext, Page } from 'playwright-core';
import { describe } from 'vitest';
import { expect, poll, test } from './fixtures.ts';
import { focused, focusedName, signInWithMessages } from './widget-helpers.ts';

const inbox = (page: Page) => page.locator('stockbell-inbox');
const rows = (page: Page) => inbox(page).locator('li.sb-row');

/** How the focused control looks: whether the browser shows its focus ring, and its row's marker. */
const focusLook = (page: Page) =>
  page.evaluate(() => {
    let el: Element | null = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el) return null;
    return {
      ring: el.matches(':focus-visible') && getComputedStyle(el).outlineStyle !== 'none',
      row: el.closest('li') ? getComputedStyle(el.closest('li') as Element).boxShadow : 'none',
    };
  });

async function subjects(context: BrowserContext, state: 'unread' | 'read') {
  const response = await context.request.get(`/plugins/stockbell/notifications?state=${state}`);
  return ((await response.json()) as { items: { subject: string }[] }).items.map((n) => n.subject);
}

describe('keyboard', () => {
  test('rows: arrows, Home and End keep the column; Space selects, Enter marks read, Delete deletes; focus stays in place', async ({ signIn, demo }) => {
    // Newest first: Message 5 … Message 1.
    const { page, context } = await signInWithMessages({ signIn, demo }, 'engineer', 5);
    await page.goto('/inbox');
    await poll(() => rows(page).count()).toBe(5);

    // Select two rows without leaving the checkbox column.
    await inbox(page).getByRole('checkbox', { name: 'Select “Message 5”' }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Select “Message 4”');
    await page.keyboard.press('Space');
    expect(await inbox(page).locator('.sb-toolbar .sb-muted').textContent()).toBe('2 selected');
    // Visible focus: the control's ring, and a marker on its row.
    expect(await focusLook(page)).toEqual({ ring: true, row: expect.stringMatching(/inset/) });

    // Along the row to its mark-read button, then down the column.
    await page.keyboard.press('Tab'); // the subject link
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Why? “Message 4”'); // its reason's "Why?", in reading order
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe('Mark “Message 4” read');
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).toBe('Mark “Message 3” read');
    await page.keyboard.press('Enter');
    await poll(() => rows(page).count()).toBe(4);
    await poll(() => focusedName(page)).toBe('Mark “Message 2” read'); // the row that took its place

    // Delete from anywhere in the row; focus goes to the next row's same column.
    await page.keyboard.press('Delete');
    await poll(() => rows(page).count()).toBe(3);
    await poll(() => focusedName(page)).toBe('Delete “Message 1”');
    expect(await subjects(context, 'read')).toEqual(['Message 3']);
    expect(await subjects(context, 'unread')).toEqual(['Message 5', 'Message 4', 'Message 1']);
    await page.keyboard.press('Home');
    expect(await focusedName(page)).toBe('Delete “Message 5”');
    await page.keyboard.press('End');
    expect(await focusedName(page)).toBe('Delete “Message 1”');
    expect(await inbox(page).getByRole('button', { name: 'Delete “Message 1”' }).getAttribute('aria-keyshortcuts')).toBe('Delete');

    // The last row going leaves focus on the list's empty state, never the container.
    // Up the column from the bottom: each time the row before takes focus.
    const steps: [string, string][] = [
      ['Message 1', 'Delete “Message 4”'],
      ['Message 4', 'Delete “Message 5”'],
    ];
    for (const [gone, next] of steps) {
      await page.keyboard.press('Delete');
      await poll(() => focusedName(page)).toBe(next);
      expect(await rows(page).allTextContents()).not.toContain(expect.stringContaining(gone));
    }
    await page.keyboard.press('Delete');
    await poll(() => focused(page)).toBe('p.sb-empty');
    expect(await rows(page).count()).toBe(0);
    expect(await subjects(context, 'unread')).toEqual([]);
  });
});

describe('the demo’s inbox and history pages', () => {
  test('follow the widget’s tab: address, title, heading and navigation', async ({ signIn }) => {
    const { page } = await signIn('reader');
    const current = () =>
      page.evaluate(() => ({
        path: location.pathname,
        title: document.title,
        heading: document.querySelector('main h1')?.textContent,
        nav: [...document.querySelectorAll('nav[aria-label="Main"] a[aria-current="page"]')].map((a) => a.textContent),
      }));
    const tab = (name: string) => inbox(page).getByRole('tab', { name: new RegExp(`^${name}`) });
    const history = { path: '/history', title: 'History · Stockbell demo inventory', heading: 'History', nav: ['History'] };
    const inboxPage = { path: '/inbox', title: 'Inbox · Stockbell demo inventory', heading: 'Inbox', nav: ['Inbox'] };

    await page.goto('/inbox');
    await poll(() => tab('Inbox').getAttribute('aria-selected')).toBe('true');
    expect(await current()).toEqual(inboxPage);
    await tab('History').click();
    await poll(current).toEqual(history);
    await tab('History').press('ArrowLeft');
    await poll(current).toEqual(inboxPage);
    await tab('Inbox').press('End');
    await poll(current).toEqual({ path: '/snoozed', title: 'Snoozed · Stockbell demo inventory', heading: 'Snoozed', nav: [] });
    await tab('Snoozed').press('ArrowLeft');
    await poll(current).toEqual(history);
    // The address is the page's: a reload opens the History tab.
    await page.reload();
    await poll(() => tab('History').getAttribute('aria-selected')).toBe('true');
    expect(await current()).toEqual(history);
  });
});
