/**
 * `<stockbell-admin>` in real Chromium against the demo host: an admin's global and role defaults
 * reaching another user's matrix with their source, a dead delivery retried from the log, and a
 * non-admin's 403.
 *
 * One demo per file: tests use different users and cells where they would otherwise meet.
 */
import { describe } from 'vitest';
import { expect, poll, test, watchErrors } from './fixtures.ts';
import { admin, cellOf, loopbackReceiver, PREFIX, preferences, settings, status } from './settings-helpers.ts';
import { shot } from './widget-helpers.ts';

const receiver = loopbackReceiver();

describe('<stockbell-admin>', () => {
  test('a global default and a role default reach another user’s matrix, marked with their source', async ({ signIn }) => {
    const a = await signIn('admin');
    const errors = watchErrors(a.page);
    await a.page.goto('/admin');
    const widget = admin(a.page);
    const global = widget.locator('table', { has: a.page.locator('caption', { hasText: 'Global defaults' }) });
    const slack = global.getByRole('checkbox', { name: 'Slack for Low stock' });
    await poll(() => slack.count()).toBe(1);
    expect(await slack.isChecked()).toBe(false);
    await slack.focus();
    await a.page.keyboard.press('Space');
    await poll(() => status(widget).textContent()).toMatch(/^Slack for Low stock: on/);

    // A user who never touched the cell gets it, and sees where it comes from.
    const u = await signIn('allaccess');
    await u.page.goto('/settings');
    const mine = settings(u.page).getByRole('checkbox', { name: 'Slack for Low stock' });
    await poll(() => mine.isChecked()).toBe(true);
    expect(await cellOf(mine).getAttribute('data-follows')).toBe('global');
    expect((await preferences(u.context.request)).matrix['part.low_stock']?.slack).toEqual({ enabled: true, source: 'global' });

    // A role default beats the global one for that role's members. The demo lists its roles
    // (listRoles), so they are offered by name rather than typed.
    const role = widget.getByLabel('Role', { exact: true });
    expect(await role.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await role.locator('option').allTextContents()).toEqual(['administrators', 'all access', 'engineering', 'readers']);
    await role.selectOption({ label: 'all access' });
    const roleTable = widget.locator('table', { has: a.page.locator('caption', { hasText: 'Defaults of role all access' }) });
    const teams = roleTable.getByRole('checkbox', { name: 'Teams for Low stock' });
    await poll(() => cellOf(teams).getAttribute('data-follows')).toBe('global');
    await teams.check();
    await poll(() => cellOf(teams).getAttribute('data-overridden')).toBe('');
    await poll(async () => (await preferences(u.context.request)).matrix['part.low_stock']?.teams).toEqual({
      enabled: true,
      source: 'role',
    });
    await u.page.reload();
    const theirs = settings(u.page).getByRole('checkbox', { name: 'Teams for Low stock' });
    await poll(() => theirs.isChecked()).toBe(true);
    expect(await cellOf(theirs).getAttribute('data-follows')).toBe('role');
    expect(await cellOf(theirs).locator('.sb-mark [aria-hidden=true]').textContent()).toBe('role');

    // The role's cell reset: it follows the global default again, for the role and its members.
    await roleTable.getByRole('button', { name: 'Reset Teams for Low stock to its default' }).click();
    await poll(() => cellOf(teams).getAttribute('data-follows')).toBe('global');
    await u.page.reload();
    await poll(() => cellOf(theirs).getAttribute('data-follows')).toBe('global');
    expect(await theirs.isChecked()).toBe(false);

    // Put the global default back for the other tests.
    await slack.uncheck();
    await poll(async () => (await preferences(u.context.request)).matrix['part.low_stock']?.slack?.enabled).toBe(false);
    expect(errors).toEqual([]);
  });

  test('a dead delivery shows in the log with its error, and Retry sends it again', async ({ signIn }) => {
    const a = await signIn('admin');
    const engineer = await signIn('engineer');
    await a.page.goto('/admin');
    const widget = admin(a.page);

    // The allow-list through the form, so a shared endpoint may reach the loopback receiver.
    const allowList = widget.getByLabel('Endpoint allow-list');
    await poll(() => allowList.count()).toBe(1);
    await allowList.fill('127.0.0.1');
    await widget.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => status(widget).textContent()).toMatch(/^Settings saved/);

    // A bad public URL: the server's message beside the field.
    const publicUrl = widget.getByLabel('Public URL');
    await publicUrl.fill('inventory');
    await widget.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => widget.locator('.sb-general .sb-field-error').textContent()).toBe(
      'body/publicUrl must be an absolute URL such as https://inventory.example.com',
    );
    expect(await publicUrl.getAttribute('aria-invalid')).toBe('true');
    await publicUrl.fill('');
    await widget.getByRole('button', { name: 'Save settings' }).click();
    await poll(() => widget.locator('.sb-general .sb-field-error').count()).toBe(0);
    expect(await publicUrl.getAttribute('aria-invalid')).toBeNull();

    // A shared webhook endpoint whose receiver answers 410 Gone: no retry, the job dies at once.
    receiver.answer = 410;
    const endpoints = widget.locator('section', { has: a.page.getByRole('heading', { name: 'Shared endpoints' }) });
    await endpoints.getByLabel('Channel').selectOption('webhook');
    await endpoints.getByLabel('Name', { exact: true }).fill('Ops webhook');
    await endpoints.getByLabel('Webhook URL').fill(receiver.url);
    await endpoints.getByRole('button', { name: 'Add endpoint' }).click();
    await poll(() => endpoints.locator('li.sb-endpoint .sb-endpoint-name').allTextContents()).toEqual(['Ops webhook']);
    await endpoints.getByRole('button', { name: 'Done' }).click();
    const global = widget.locator('table', { has: a.page.locator('caption', { hasText: 'Global defaults' }) });
    await global.getByRole('checkbox', { name: 'Webhook for Messages' }).check();
    await poll(() => status(widget).textContent()).toMatch(/^Webhook for Messages: on/);

    const sent = await a.context.request.post(`${PREFIX}/admin/send`, {
      data: { to: { userId: engineer.userId }, subject: 'Webhook check', body: 'Is anyone there?' },
    });
    expect(sent.ok()).toBe(true);

    // The log, filtered to dead jobs, shows it once the worker has tried.
    const log = widget.locator('.sb-log');
    await log.getByLabel('Status').selectOption('dead');
    const row = log.locator('tbody tr[data-status=dead]').filter({ hasText: 'Ops webhook' });
    await poll(async () => {
      await log.getByRole('button', { name: 'Refresh' }).click();
      return row.count();
    }, 15_000).toBe(1);
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 6)).toEqual([
      'Dead',
      'WebhookOps webhook (shared)',
      'engineer', // the recipient's name from the host, not their id
      'Messages',
      '1',
      expect.stringMatching(/^webhook: HTTP 410 from http:\/\/127\.0\.0\.1:\d+: gone$/),
    ]);
    expect(cells[6]).toBe('—'); // no next attempt: it is dead
    await shot(a.page, 'admin', 'stockbell-admin');

    // Retry: the receiver is back; the job is queued again and delivered.
    receiver.answer = 200;
    const id = (await row.locator('th').textContent()) ?? '';
    const before = receiver.received.length;
    await row.getByRole('button', { name: `Retry delivery ${id}` }).click();
    await poll(() => status(widget).textContent()).toMatch(new RegExp(`^Delivery ${id} queued again`));
    await poll(() => log.locator(`tbody tr:has(th:text-is("${id}"))`).getAttribute('data-status')).not.toBe('dead');
    await log.getByLabel('Status').selectOption('sent');
    const delivered = log.locator(`tbody tr:has(th:text-is("${id}"))`);
    await poll(async () => {
      await log.getByRole('button', { name: 'Refresh' }).click();
      return delivered.getAttribute('data-status');
    }, 15_000).toBe('sent');
    expect(receiver.received.length).toBeGreaterThan(before);
    expect(receiver.received.at(-1)?.body).toMatch(/Webhook check/);
    // The same message by email: the recipient's name, and the address it went to.
    const mailed = log.locator('tbody tr[data-status=sent]').filter({ hasText: 'engineer@example.test' }).first();
    await poll(() => mailed.count()).toBe(1);
    expect(await mailed.locator('td').nth(1).textContent()).toBe('Email');
    expect(await mailed.locator('td').nth(2).innerText()).toBe('engineer\nengineer@example.test');
    await log.getByLabel('Status').selectOption('dead');
    await poll(() => row.count()).toBe(0);
  });

  test('someone who is not an admin sees the server’s 403 message, not a broken widget', async ({ signIn }) => {
    const { page } = await signIn('reader');
    // The demo keeps non-admins off /admin; a host may still place the element anywhere.
    expect((await page.goto('/admin'))?.status()).toBe(403);
    await page.goto('/settings');
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('stockbell-admin')));
    const alert = admin(page).getByRole('alert');
    await poll(() => alert.textContent()).toBe('Only administrators may do this');
    expect(await admin(page).getByRole('button').count()).toBe(0);
    expect(await admin(page).locator('form, table').count()).toBe(0);
  });
});
