/**
 * `<stockbell-settings>` in real Chromium against the demo host: a user's override and its reset,
 * email settings that survive a reload, personal endpoints (the server's 400 beside the field, the
 * secret shown once, "Send test", remove), quiet hours that survive a reload and an urgent kind
 * tagged in a user's matrix, and axe-core in light and dark on both settings widgets. The admin's
 * widget has its own file (admin.test.ts).
 *
 * One demo per file: tests use different users and cells where they would otherwise meet.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe } from 'vitest';
import { expect, poll, test, watchErrors } from './fixtures.ts';
import { admin, allowLoopback, cellOf, focused, loopbackReceiver, PREFIX, preferences, settings, status } from './settings-helpers.ts';
import { accessibleNodes, shot } from './widget-helpers.ts';

const receiver = loopbackReceiver();

describe('<stockbell-settings>', () => {
  test('a user turns email off for a kind: the override shows and stays; Reset returns the default', async ({ signIn }) => {
    const { page, context } = await signIn('reader');
    const errors = watchErrors(page);
    await page.goto('/settings');
    const widget = settings(page);
    const box = widget.getByRole('checkbox', { name: 'Email for Build orders short of stock', exact: true });
    await poll(() => box.isChecked()).toBe(true);
    expect(await cellOf(box).getAttribute('data-follows')).toBe('global');
    expect(await cellOf(box).locator('.sb-mark [aria-hidden=true]').textContent()).toBe('global');

    // The table is a real table: caption, column and row headers.
    expect(await widget.locator('table caption').first().textContent()).toBe('Which notifications reach you, and where');
    expect(await widget.locator('thead th[scope=col]').allTextContents()).toEqual([
      'Notification',
      'Inboxalways on',
      'Email',
      'Slack',
      'Discord',
      'Teams',
      'Webhook',
    ]);
    expect(await widget.locator('tbody th[scope=row]').count()).toBe(4);
    const inbox = widget.getByRole('checkbox', { name: 'Inbox for Low stock' });
    expect(await inbox.isChecked()).toBe(true);
    expect(await inbox.isDisabled()).toBe(true);

    // Off with the keyboard.
    await box.focus();
    await page.keyboard.press('Space');
    await poll(() => status(widget).textContent()).toMatch(/^Email for Build orders short of stock: off/);
    expect(await box.isChecked()).toBe(false);
    expect(await cellOf(box).getAttribute('data-follows')).toBeNull();
    expect(await cellOf(box).getAttribute('data-overridden')).toBe('');
    const reset = widget.getByRole('button', { name: 'Reset Email for Build orders short of stock to its default' });
    expect(await reset.isVisible()).toBe(true);
    expect((await preferences(context.request)).matrix['build.stock_short']?.email).toEqual({ enabled: false, source: 'user' });

    // It is stored: a reload shows the same override.
    await page.reload();
    await poll(() => box.count()).toBe(1);
    expect(await box.isChecked()).toBe(false);
    expect(await cellOf(box).getAttribute('data-overridden')).toBe('');

    // Reset with the keyboard: back to the global default, marked so, focus stays on the cell.
    await reset.focus();
    await page.keyboard.press('Enter');
    await poll(() => box.isChecked()).toBe(true);
    expect(await cellOf(box).getAttribute('data-follows')).toBe('global');
    expect(await reset.count()).toBe(0);
    await poll(() => focused(page)).toBe('input[Email for Build orders short of stock]');
    await poll(() => status(widget).textContent()).toMatch(/^Email for Build orders short of stock follows the global default: on/);
    expect((await preferences(context.request)).matrix['build.stock_short']?.email).toEqual({ enabled: true, source: 'global' });
    expect(errors).toEqual([]);
  });

  test('email mode, digest hour and time zone are saved and survive a reload', async ({ signIn }) => {
    const { page, context } = await signIn('reader');
    const errors = watchErrors(page);
    await page.goto('/settings');
    const widget = settings(page);
    const immediate = widget.getByRole('radio', { name: 'Immediately' });
    const digest = widget.getByRole('radio', { name: 'Daily digest' });
    const hour = widget.getByLabel('Digest hour');
    const zone = widget.getByLabel('Time zone');
    await poll(() => immediate.isChecked()).toBe(true);
    // Immediate: the digest's hour and zone do not apply. They are disabled, and a screen reader
    // hears why on each of them (their description).
    const digestFields = async () =>
      (await accessibleNodes(page, 'combobox')).filter((node) => node.name === 'Digest hour' || node.name === 'Time zone');
    const onlyForDigest = 'The hour and time zone are for the daily digest: choose “Daily digest” to set them.';
    expect(await hour.isDisabled()).toBe(true);
    expect(await zone.isDisabled()).toBe(true);
    expect((await digestFields()).map((node) => node.description)).toEqual([onlyForDigest, onlyForDigest]);

    // The radio group with the arrow keys, as any radio group.
    await immediate.focus();
    await page.keyboard.press('ArrowDown');
    await poll(() => digest.isChecked()).toBe(true);
    await poll(() => status(widget).textContent()).toMatch(/^Email settings saved/);
    expect(await hour.isEnabled()).toBe(true);
    expect(await zone.isEnabled()).toBe(true);
    expect((await digestFields())[0]?.description).toMatch(/^The digest is one email a day at this hour/);
    await hour.selectOption('17');
    await zone.selectOption('Europe/Berlin');
    await poll(async () => (await preferences(context.request)).email).toEqual({
      mode: 'digest',
      digestHour: 17,
      timeZone: 'Europe/Berlin',
    });
    // The zones are the browser's own list, grouped by region.
    expect(await zone.locator('optgroup[label=Europe] option', { hasText: 'Europe/Berlin' }).count()).toBe(1);
    expect(await zone.locator('option').count()).toBeGreaterThan(300);

    await page.reload();
    await poll(() => digest.isChecked()).toBe(true);
    expect(await hour.inputValue()).toBe('17');
    expect(await hour.locator('option:checked').textContent()).toBe('5:00 PM');
    expect(await zone.inputValue()).toBe('Europe/Berlin');

    // Off: the matrix says the Email column waits for it; the digest fields are off again.
    await widget.getByRole('radio', { name: 'Off' }).check();
    await poll(() => widget.getByText('Email is off:').count()).toBe(1);
    expect(await hour.isDisabled()).toBe(true);
    await poll(async () => (await preferences(context.request)).email.mode).toBe('off');
    expect(errors).toEqual([]);
  });

  test('a chat cell on with nowhere to send says so, on the page and to the cell, and leads to the endpoint form', async ({ signIn }) => {
    const { page } = await signIn('engineer');
    await page.goto('/settings');
    const widget = settings(page);
    const slack = widget.getByRole('checkbox', { name: 'Slack for Low stock', exact: true });
    await poll(() => slack.isChecked()).toBe(false);
    expect(await widget.locator('.sb-warning').count()).toBe(0);

    await slack.check();
    const warning = widget.locator('.sb-warning');
    await poll(() => warning.count()).toBe(1);
    expect(await warning.textContent()).toBe(
      'Slack is on, but you have no Slack endpoint and there is no shared one: nothing is sent there. Add a Slack endpoint',
    );
    const cell = (await accessibleNodes(page, 'checkbox')).find((node) => node.name === 'Slack for Low stock');
    expect(cell?.description).toMatch(/no Slack endpoint/);

    // The link picks Slack in the form and puts the cursor in the URL field.
    await warning.getByRole('button', { name: 'Add a Slack endpoint' }).click();
    const url = widget.getByLabel('Webhook URL');
    await poll(() => url.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
    expect(await widget.getByLabel('Channel').inputValue()).toBe('slack');

    // Back to the default: nothing on, nothing to say.
    await widget.getByRole('button', { name: 'Reset Slack for Low stock to its default' }).click();
    await poll(() => warning.count()).toBe(0);
  });

  test('personal endpoints: the 400 beside the URL field, the secret once, Send test, Remove', async ({ signIn }) => {
    const { page, context } = await signIn('reader');
    await page.goto('/settings');
    const widget = settings(page);
    const url = widget.getByLabel('Webhook URL');
    const channel = widget.getByLabel('Channel');
    await poll(() => url.count()).toBe(1);

    await channel.selectOption('webhook');
    await widget.getByLabel('Name', { exact: true }).fill('Files');
    await url.fill('ftp://files.example.com/incoming');
    await url.press('Enter');
    const error = widget.locator('.sb-field-error[role=alert]');
    await poll(() => error.textContent()).toBe('body/url endpoint URL must use http or https, not ftp:');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await url.getAttribute('aria-describedby')) ?? '';
    expect(describedBy.split(' ')).toContain(await error.getAttribute('id'));
    expect((await preferences(context.request)).endpoints).toEqual([]);

    // With loopback allowed, a real endpoint: listed masked, its signing secret shown once.
    const adminContext = await signIn('admin');
    await allowLoopback(adminContext.context.request);
    receiver.answer = 200;
    await widget.getByLabel('Name', { exact: true }).fill('My webhook');
    await url.fill(receiver.url);
    await widget.getByRole('button', { name: 'Add endpoint' }).click();
    const item = widget.locator('li.sb-endpoint');
    await poll(() => item.count()).toBe(1);
    expect(await item.locator('.sb-endpoint-name').textContent()).toBe('My webhook');
    expect(await item.locator('.sb-url').textContent()).toBe(`${new URL(receiver.url).origin}/…mnop`);
    expect(await error.count()).toBe(0);
    expect(await url.inputValue()).toBe('');
    expect(await widget.locator('.sb-secret code').textContent()).toMatch(/^whsec_/);
    await poll(() => status(widget).textContent()).toMatch(/^Added My webhook/);

    // Send test: a real POST to the receiver, the result beside the endpoint.
    const before = receiver.received.length;
    await widget.getByRole('button', { name: 'Send test to My webhook' }).click();
    await poll(() => item.locator('.sb-ok').textContent()).toBe('Test message delivered.');
    expect(receiver.received.length).toBe(before + 1);
    expect(receiver.received.at(-1)?.headers['x-stockbell-signature']).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    // A failing endpoint's answer is an alert.
    receiver.answer = 500;
    await widget.getByRole('button', { name: 'Send test to My webhook' }).click();
    await poll(() => item.locator('[role=alert]').textContent()).toMatch(/^Test failed: webhook: HTTP 500/);
    receiver.answer = 200;

    await widget.getByRole('button', { name: 'Done' }).click();
    expect(await widget.locator('.sb-secret').count()).toBe(0);
    // Focus goes back to the form, on the URL field.
    await poll(() => url.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);

    // An unsigned webhook, for a receiver that cannot check signatures: no secret, no signature.
    await widget.getByLabel('Name', { exact: true }).fill('Plain hook');
    await url.fill(receiver.url);
    await widget.getByRole('checkbox', { name: 'Sign requests' }).uncheck();
    await widget.getByRole('button', { name: 'Add endpoint' }).click();
    await poll(() => item.count()).toBe(2);
    expect(await widget.locator('.sb-secret').count()).toBe(0);
    expect(await widget.getByRole('checkbox', { name: 'Sign requests' }).isChecked()).toBe(true); // the next one is signed again
    await widget.getByRole('button', { name: 'Send test to Plain hook' }).click();
    await poll(() => item.nth(1).locator('.sb-ok').count()).toBe(1);
    expect(receiver.received.at(-1)?.headers['x-stockbell-signature']).toBeUndefined();
    await widget.getByRole('button', { name: 'Remove Plain hook' }).click();
    await poll(() => item.count()).toBe(1);
    await page.reload();
    await poll(() => item.count()).toBe(1);
    expect(await widget.locator('.sb-secret').count()).toBe(0); // never shown again
    // For the picture: one choice of the user's own beside the defaults.
    await widget.getByRole('checkbox', { name: 'Webhook for Messages' }).check();
    await poll(() => widget.getByRole('button', { name: 'Reset Webhook for Messages to its default' }).count()).toBe(1);
    await shot(page, 'settings', 'stockbell-settings');

    await widget.getByRole('button', { name: 'Remove My webhook' }).click();
    await poll(() => item.count()).toBe(0);
    await poll(() => status(widget).textContent()).toMatch(/^Removed My webhook/);
    expect((await preferences(context.request)).endpoints).toEqual([]);
  });
});

describe('quiet hours and urgent kinds', () => {
  test('quiet hours set in the settings widget stick across a reload; a kind the admin marks urgent is tagged in the user’s matrix', async ({
    signIn,
  }) => {
    const { page, context } = await signIn('allaccess');
    const errors = watchErrors(page);
    await page.goto('/settings');
    const widget = settings(page);
    const nightly = widget.getByRole('checkbox', { name: 'Quiet hours every night' });
    const weekends = widget.getByRole('checkbox', { name: 'Weekends too: all of Saturday and Sunday' });
    const from = widget.getByLabel('From', { exact: true });
    const to = widget.getByLabel('To', { exact: true });
    const zone = widget.getByLabel('Time zone');
    await poll(() => nightly.count()).toBe(1);
    expect(await nightly.isChecked()).toBe(false);
    expect(await weekends.isChecked()).toBe(false);
    // Off: the times are there but disabled; the zone is the digest's only while email is immediate.
    expect(await from.isDisabled()).toBe(true);
    expect((await preferences(context.request)).email.mode).toBe('immediate');
    expect(await zone.isDisabled()).toBe(true);
    // The note says what quiet hours do and do not hold.
    expect(await widget.getByText(/held, not dropped, and sent when the window ends\. The inbox is never held/).count()).toBe(1);

    // On: the evening window is offered and saved at once; the zone is the window's now, so enabled.
    await nightly.check();
    await poll(() => status(widget).textContent()).toMatch(/^Quiet hours saved/);
    expect(await from.inputValue()).toBe('19:00');
    expect(await to.inputValue()).toBe('07:00');
    expect(await zone.isEnabled()).toBe(true);
    const zoneHint = (await accessibleNodes(page, 'combobox')).find((node) => node.name === 'Time zone');
    expect(zoneHint?.description).toMatch(/^The time zone is also that of your quiet hours/);
    // The times are described by the zone they are in, and that a window may cross midnight.
    const zoneNote = (await from.getAttribute('aria-describedby')) ?? '';
    expect(await widget.locator(`[id="${zoneNote}"]`).textContent()).toBe(
      `In your time zone, ${(await zone.inputValue()).replaceAll('_', ' ')} (under Email). An end earlier than the start runs past midnight.`,
    );

    // A window across midnight, and weekends too.
    await from.fill('22:30');
    await to.fill('06:15');
    await weekends.check();
    await poll(async () => (await preferences(context.request)).quietHours).toEqual({
      nights: { from: '22:30', to: '06:15' },
      weekends: true,
    });

    // A window that starts when it ends holds nothing: said beside the field, not sent.
    await to.fill('22:30');
    const error = widget.locator('.sb-quiet .sb-field-error[role=alert]');
    await poll(() => error.textContent()).toMatch(/^The window starts and ends at the same time/);
    expect(await to.getAttribute('aria-invalid')).toBe('true');
    expect((await preferences(context.request)).quietHours.nights).toEqual({ from: '22:30', to: '06:15' });
    await to.fill('06:15');
    await poll(() => error.count()).toBe(0);

    // Stored: a reload shows the same.
    await page.reload();
    await poll(() => nightly.isChecked()).toBe(true);
    expect(await from.inputValue()).toBe('22:30');
    expect(await to.inputValue()).toBe('06:15');
    expect(await weekends.isChecked()).toBe(true);

    // No kind is urgent yet: no tag.
    expect(await widget.locator('.sb-tag').count()).toBe(0);

    // An admin marks Low stock urgent in the general settings form.
    const a = await signIn('admin');
    await a.page.goto('/admin');
    const adminWidget = admin(a.page);
    const urgent = adminWidget.getByRole('group', { name: 'Urgent notifications' });
    const lowStock = urgent.getByRole('checkbox', { name: 'Low stock', exact: true });
    await poll(() => lowStock.count()).toBe(1);
    expect(await urgent.getByRole('checkbox').count()).toBe(4); // one per kind, by its label
    expect(await lowStock.isChecked()).toBe(false);
    await lowStock.check();
    await adminWidget.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => status(adminWidget).textContent()).toMatch(/^Settings saved/);
    expect((await preferences(context.request)).urgentKinds).toEqual(['part.low_stock']);

    // The user sees it: Low stock's row header carries the tag, with its meaning as text.
    await page.reload();
    const tag = widget.locator('tbody th[scope=row]', { hasText: /^Low stock/ }).locator('.sb-tag');
    await poll(() => tag.count()).toBe(1);
    expect(await widget.locator('.sb-tag').count()).toBe(1);
    expect(await tag.locator('[aria-hidden=true]').textContent()).toBe('urgent');
    const headers = (await accessibleNodes(page, 'rowheader')).map((node) => node.name);
    expect(headers).toContain('Low stock Urgent: sent even during quiet hours');

    // Put things back for the other tests: nothing urgent, no quiet hours.
    await lowStock.uncheck();
    await adminWidget.getByRole('button', { name: 'Save settings' }).click();
    await poll(async () => (await preferences(context.request)).urgentKinds).toEqual([]);
    await nightly.uncheck();
    await weekends.uncheck();
    await poll(async () => (await preferences(context.request)).quietHours).toEqual({ nights: null, weekends: false });
    await poll(() => zone.isDisabled()).toBe(true);
    expect(errors).toEqual([]);
  });
});

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no violations in the settings and admin widgets (${theme})`, async ({ signIn, demo }) => {
      const check = async (page: Page, selector: string) => {
        const result = await new AxeBuilder({ page }).include(selector).analyze();
        const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`);
        expect(found, selector).toEqual([]);
        expect(result.passes.length, selector).toBeGreaterThan(0);
      };

      // The user's page with an override (a Reset button), a field error, quiet hours on and an
      // urgent kind's tag.
      const a = await signIn('admin');
      const urgent = await a.context.request.patch(`${PREFIX}/admin/settings`, { data: { urgentKinds: ['message'] } });
      expect(urgent.ok()).toBe(true);
      const { page } = await signIn('engineer');
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await page.goto('/settings');
      const widget = settings(page);
      await poll(() => widget.locator('table').count()).toBe(1);
      await widget.getByRole('checkbox', { name: 'Quiet hours every night' }).check();
      await poll(() => widget.getByLabel('From', { exact: true }).isEnabled()).toBe(true);
      expect(await widget.locator('.sb-tag').count()).toBe(1);
      await widget.getByRole('checkbox', { name: 'Discord for Messages' }).check();
      await poll(() => widget.getByRole('button', { name: /^Reset Discord for Messages/ }).count()).toBe(1);
      await widget.getByLabel('Webhook URL').fill('ftp://nowhere.example/x');
      await widget.getByRole('button', { name: 'Add endpoint' }).click();
      await poll(() => widget.locator('.sb-field-error').count()).toBe(1);
      await check(page, 'stockbell-settings');

      // The admin page with a role's matrix, an urgent kind ticked, and rows in the log.
      await a.page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      await demo.app.stockbell.send({ to: { userId: a.userId }, subject: 'For the log' });
      await a.page.goto('/admin');
      const adminWidget = admin(a.page);
      await poll(() => adminWidget.locator('.sb-log').count()).toBe(1);
      await adminWidget.getByLabel('Role', { exact: true }).selectOption('engineering');
      await poll(() => adminWidget.locator('table caption', { hasText: 'Defaults of role engineering' }).count()).toBe(1);
      await poll(async () => {
        await adminWidget.getByRole('button', { name: 'Refresh' }).click();
        return adminWidget.locator('.sb-log tbody tr').count();
      }).toBeGreaterThan(0);
      await check(a.page, 'stockbell-admin');
    });
  }
});
