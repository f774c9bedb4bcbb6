/**
 * Issue 12's alert lifecycle in real Chromium on the demo host: an open low-stock alert turns
 * "Resolved: back to N (min M)" live in another tab when the demo's own part page restores the
 * stock; a notification snoozed from its row's menu (mouse and keyboard) leaves the inbox, waits
 * under Snoozed, and comes back live with the badge when the demo's clock reaches its time; quiet
 * hours hold an email (nothing at a real SMTP receiver) until the window ends on that clock.
 *
 * The demo in this file sends mail to an SMTP receiver of its own, and its clock is the one the
 * fixtures hand every demo (`demo.clock`: the real time until a test moves it forward).
 */
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { type SmtpReceiver, startSmtpReceiver } from '../support/receivers.ts';
import { type DemoHost, expect, poll, startDemo, test as base, watchErrors } from './fixtures.ts';
import { badge, bell, bellButton, clear, focusedName, shot, shotAround } from './widget-helpers.ts';

const DOOHICKEY = 87; // Electronics › Doohickey: minimum 5, stock 20 in the seed
const RESISTOR = 1; // stock 3030, no minimum in the seed
const MINUTE = 60_000;

/** The demo with mail to a receiver on loopback (both for the whole file). */
const test = base.extend<{ smtp: SmtpReceiver; demo: DemoHost }>({
  smtp: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures destructure their dependencies.
    async ({}, use) => {
      const smtp = await startSmtpReceiver();
      try {
        await use(smtp);
      } finally {
        await smtp.close();
      }
    },
    { scope: 'file' },
  ],
  demo: [
    async ({ smtp }, use) => {
      const { close, ...demo } = await startDemo({ smtpUrl: `smtp://${smtp.host}:${smtp.port}` });
      try {
        await use(demo);
      } finally {
        await close();
      }
    },
    { scope: 'file' },
  ],
});

const inbox = (page: Page) => page.locator('stockbell-inbox');
const rowOf = (page: Page, subject: string) => inbox(page).locator('li.sb-row', { hasText: subject });

/** True once the page's shared Stockbell socket is open, so what a test sees next came by push. */
const socketOpen = (page: Page): Promise<boolean> =>
  // A string, so the test runner's transform leaves the page's own dynamic import alone.
  page.evaluate("import('/plugins/stockbell/assets/stockbell.js').then((m) => m.getLive().status.value === 'open')");

describe('alert lifecycle', () => {
  test('an open low-stock alert turns resolved, live, in another tab when the part page restores its stock', async ({ signIn }) => {
    const engineer = await signIn('engineer');
    const stock = await signIn('allaccess');
    await clear(engineer.context);
    const errors = [watchErrors(engineer.page), watchErrors(stock.page)];
    expect((await engineer.context.request.put(`/plugins/stockbell/subscriptions/part/${DOOHICKEY}`)).ok()).toBe(true);
    try {
      expect((await stock.context.request.post(`/api/parts/${DOOHICKEY}/stock`, { data: { quantity: 2 } })).ok()).toBe(true);

      // Tab one: the inbox, the alert open. Tab two: the bell's flyout on the home page.
      const page = engineer.page;
      await page.goto('/inbox');
      const row = rowOf(page, 'Low stock: Doohickey');
      await poll(() => row.locator('.sb-alert').textContent()).toBe('Open');
      expect(await row.locator('.sb-alert').getAttribute('data-state')).toBe('open');
      const other = await engineer.context.newPage();
      errors.push(watchErrors(other));
      await other.goto('/');
      await poll(() => badge(other).textContent()).toBe('1');
      await bellButton(other).click();
      const item = bell(other).locator('.sb-item', { hasText: 'Low stock: Doohickey' });
      await poll(() => item.count()).toBe(1);
      const alarm = await item.locator('.sb-item-body').textContent();
      expect(alarm).not.toMatch(/^Resolved/);
      await poll(() => socketOpen(page)).toBe(true);
      await poll(() => socketOpen(other)).toBe(true);

      // Someone restores the stock with the demo's own form on the part page.
      await stock.page.goto(`/parts/${DOOHICKEY}`);
      await stock.page.getByLabel('Own stock').fill('30');
      await stock.page.getByRole('button', { name: 'Set stock' }).click();
      await poll(() => stock.page.locator('[data-field=own-stock]').textContent()).toBe('30');

      // Both tabs say what resolved it, without a reload; the badge still counts it unread.
      await poll(() => row.locator('.sb-row-status').textContent()).toBe('Resolved: back to 30 (min 5)');
      expect(await row.locator('.sb-alert').textContent()).toBe('Resolved');
      expect(await row.locator('.sb-alert').getAttribute('data-state')).toBe('resolved');
      expect(await row.locator('.sb-row-body').count()).toBe(0);
      await poll(() => item.locator('.sb-item-body').textContent()).toBe('Resolved: back to 30 (min 5)');
      expect(await badge(page).textContent()).toBe('1');
      await row.scrollIntoViewIfNeeded();
      await shot(page, 'alert-resolved', 'stockbell-inbox li.sb-row');

      // The stored row says when and at what stock.
      const listed = await (await engineer.context.request.get('/plugins/stockbell/notifications')).json();
      expect(listed.items[0].alert).toMatchObject({ state: 'resolved', status: 'Resolved: back to 30 (min 5)' });

      // "Open alerts only" leaves it out.
      await inbox(page).getByRole('checkbox', { name: 'Open alerts only' }).check();
      await poll(() => inbox(page).locator('.sb-empty').textContent()).toBe('No open alerts.');
      expect(errors.flat()).toEqual([]);
    } finally {
      await engineer.context.request.delete(`/plugins/stockbell/subscriptions/part/${DOOHICKEY}`);
      await stock.context.request.post(`/api/parts/${DOOHICKEY}/stock`, { data: { quantity: 20 } });
    }
  });

  test('snooze from the row’s menu, by mouse and by keyboard: under Snoozed, then back live with the badge', async ({ signIn, demo }) => {
    const { page, context, userId } = await signIn('admin');
    const errors = watchErrors(page);
    await clear(context);
    await demo.app.stockbell.send({ to: { userId }, subject: 'Count the shelves', link: '/categories/1' });
    await demo.app.stockbell.send({ to: { userId }, subject: 'Order more bolts', link: '/categories/3' });
    await page.goto('/inbox');
    await poll(() => inbox(page).locator('li.sb-row').count()).toBe(2);
    await poll(() => badge(page).textContent()).toBe('2');
    await poll(() => socketOpen(page)).toBe(true);

    // Keyboard: S on a row opens its menu on the first choice; the arrows move; Enter chooses.
    const bolts = rowOf(page, 'Order more bolts');
    await bolts.getByRole('button', { name: 'Mark “Order more bolts” read' }).focus();
    await page.keyboard.press('s');
    const menu = bolts.getByRole('menu', { name: 'Snooze “Order more bolts”' });
    await poll(() => menu.isVisible()).toBe(true);
    expect(await bolts.getByRole('button', { name: 'Snooze “Order more bolts”' }).getAttribute('aria-expanded')).toBe('true');
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual([
      'For an hour',
      'Until tomorrow morning',
      'Until next week',
      'Until a time I choose…',
    ]);
    const focusedItem = () => focusedName(page);
    await poll(focusedItem).toBe('For an hour');
    await shotAround(page, 'snooze-menu', ['stockbell-inbox li.sb-row:has([role=menu])', 'stockbell-inbox [role=menu]']);
    await page.keyboard.press('ArrowDown');
    expect(await focusedItem()).toBe('Until tomorrow morning');
    // Escape closes it and gives focus back to its button; S again, up from the end wraps round.
    await page.keyboard.press('Escape');
    await poll(() => menu.count()).toBe(0);
    await poll(focusedItem).toBe('Snooze “Order more bolts”');
    await page.keyboard.press('s');
    await poll(focusedItem).toBe('For an hour');
    await page.keyboard.press('ArrowUp');
    expect(await focusedItem()).toBe('Until a time I choose…');
    await page.keyboard.press('Home');
    await page.keyboard.press('Enter');
    const startedAt = demo.clock.now().getTime();
    await poll(() => bolts.count()).toBe(0);
    await poll(() => badge(page).textContent()).toBe('1');

    // Mouse: the other row until tomorrow morning.
    const shelves = rowOf(page, 'Count the shelves');
    await shelves.getByRole('button', { name: 'Snooze “Count the shelves”' }).click();
    await shelves.getByRole('menuitem', { name: 'Until tomorrow morning' }).click();
    await poll(() => inbox(page).locator('.sb-empty').textContent()).toBe('No unread notifications.');
    await poll(() => badge(page).count()).toBe(0);

    // Both wait under Snoozed, each saying until when.
    await inbox(page).getByRole('tab', { name: /^Snoozed/ }).click();
    await poll(() => inbox(page).locator('li.sb-row').count()).toBe(2);
    await poll(() => rowOf(page, 'Order more bolts').locator('.sb-snoozed').textContent()).toMatch(/^Snoozed until /);
    expect(await rowOf(page, 'Order more bolts').getByRole('button', { name: 'Back to inbox: “Order more bolts”' }).count()).toBe(1);
    const snoozed = await (await context.request.get('/plugins/stockbell/notifications?state=snoozed')).json();
    const until = new Date(snoozed.items.find((n: { subject: string }) => n.subject === 'Order more bolts').snooze.until).getTime();
    expect(until - startedAt).toBeGreaterThan(59 * MINUTE);
    expect(until - startedAt).toBeLessThan(61 * MINUTE);

    // Its time comes on the demo's clock; the periodic check (run now rather than waited for) brings
    // it back: out of Snoozed and into the inbox, with the badge, live. The other stays.
    demo.clock.advance(until - demo.clock.now().getTime() + 1_000);
    expect(await demo.app.stockbell.jobs.snoozes()).toBe(1);
    await poll(() => badge(page).textContent()).toBe('1');
    expect(await bellButton(page).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await poll(() => inbox(page).locator('li.sb-row').allTextContents()).toEqual([expect.stringContaining('Count the shelves')]);
    await inbox(page).getByRole('tab', { name: /^Inbox/ }).click();
    await poll(() => inbox(page).locator('li.sb-row').count()).toBe(1);
    expect(await rowOf(page, 'Order more bolts').locator('.sb-snoozed').count()).toBe(0);
    expect(errors).toEqual([]);
    await clear(context);
  });

  test('quiet hours hold an email: nothing at the SMTP receiver in the window, the mail when it ends', async ({ signIn, demo, smtp }) => {
    const reader = await signIn('reader');
    const stock = await signIn('allaccess');
    const errors = watchErrors(reader.page);
    await clear(reader.context);
    // The reader's quiet hours, in UTC, from an hour ago to an hour ahead on the demo's clock.
    const now = demo.clock.now();
    const minutes = now.getUTCHours() * 60 + now.getUTCMinutes();
    const hhmm = (m: number) => {
      const day = (m + 1440) % 1440;
      return `${String(Math.floor(day / 60)).padStart(2, '0')}:${String(day % 60).padStart(2, '0')}`;
    };
    const quietHours = { nights: { from: hhmm(minutes - 60), to: hhmm(minutes + 60) }, weekends: false };
    const set = await reader.context.request.patch('/plugins/stockbell/preferences', {
      data: { quietHours, email: { mode: 'immediate', timeZone: 'UTC' } },
    });
    expect(set.status(), await set.text()).toBe(200);
    expect((await set.json()).quietHours).toEqual(quietHours);
    expect((await reader.context.request.put(`/plugins/stockbell/subscriptions/part/${RESISTOR}`)).ok()).toBe(true);
    const before = smtp.messages.length;
    try {
      await reader.page.goto('/inbox');
      await poll(() => socketOpen(reader.page)).toBe(true);

      // A minimum above the stock raises a low-stock alert inside the window: the inbox has it now…
      expect((await stock.context.request.patch(`/api/parts/${RESISTOR}`, { data: { minimumStock: 5000 } })).ok()).toBe(true);
      await poll(() => badge(reader.page).textContent()).toBe('1');
      const row = rowOf(reader.page, 'Low stock:');
      await poll(() => row.count()).toBe(1);

      // …the email waits: its trace says until when, and a pass of the worker sends nothing.
      await row.getByRole('button', { name: /^Why\?/ }).click();
      await poll(() => row.locator('.sb-trace').textContent(), 10_000).toMatch(/Held by quiet hours until /);
      expect(await demo.app.stockbell.delivery.runOnce()).toMatchObject({ claimed: 0, sent: 0 });
      expect(smtp.messages.length).toBe(before);

      // The window ends on the demo's clock: the held mail goes to the receiver.
      demo.clock.advance(61 * MINUTE);
      await demo.app.stockbell.delivery.runOnce();
      const mail = (await smtp.waitFor(before + 1, 10_000))[before];
      expect(mail?.envelope.rcptTo).toEqual(['reader@example.test']);
      expect(mail?.parsed.subject).toContain('Low stock');
      expect(smtp.messages.length).toBe(before + 1);
      expect(errors).toEqual([]);
    } finally {
      await reader.context.request.delete(`/plugins/stockbell/subscriptions/part/${RESISTOR}`);
      await reader.context.request.patch('/plugins/stockbell/preferences', { data: { quietHours: null } });
      await stock.context.request.patch(`/api/parts/${RESISTOR}`, { data: { minimumStock: 0 } });
    }
  });
});
