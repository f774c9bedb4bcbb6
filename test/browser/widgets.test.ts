/**
 * The widgets in real Chromium on the demo host: keyboard and focus, escaping, the inbox's bulk
 * actions and paging, the toggle's inheritance and failures, the subscription list, accessibility
 * (axe-core), theming, and the stylesheet under a strict CSP.
 */
import AxeBuilder from '@axe-core/playwright';
import { describe } from 'vitest';
import { expect, poll, test, watchErrors } from './fixtures.ts';
import { badge, bell, bellButton, clear, flyout, focused, send, shot, signInWithMessages } from './widget-helpers.ts';

describe('bell', () => {
  test('opens with Enter or Space, takes focus, closes on Escape or a click outside', async ({ signIn, demo }) => {
    const { page } = await signInWithMessages({ signIn, demo }, 'admin', 2);
    await page.goto('/');
    await poll(() => badge(page).textContent()).toBe('2');

    await bellButton(page).focus();
    await page.keyboard.press('Enter');
    await poll(() => flyout(page).isVisible()).toBe(true);
    expect(await bellButton(page).getAttribute('aria-expanded')).toBe('true');
    await poll(() => focused(page)).toBe('div[role=dialog].sb-flyout');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button.sb-link-button'); // Mark all read
    await page.keyboard.press('Escape');
    await poll(() => flyout(page).count()).toBe(0);
    expect(await focused(page)).toBe('button.sb-bell-button');
    expect(await bellButton(page).getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Space');
    await poll(() => flyout(page).isVisible()).toBe(true);
    await poll(() => flyout(page).locator('.sb-item').count()).toBe(2);
    await page.mouse.click(5, 400);
    await poll(() => flyout(page).count()).toBe(0);

    // A click on the bell toggles it shut again.
    await bellButton(page).click();
    await poll(() => flyout(page).isVisible()).toBe(true);
    await bellButton(page).click();
    await poll(() => flyout(page).count()).toBe(0);
  });

  test('shows 99+ past 99, the first line of the body, and a count of the rest', async ({ signIn, demo }) => {
    const { page } = await signInWithMessages({ signIn, demo }, 'admin', 100);
    await page.goto('/');
    await poll(() => badge(page).textContent()).toBe('99+');
    expect(await bellButton(page).getAttribute('aria-label')).toBe('Notifications, 100 unread');
    await bellButton(page).click();
    const items = flyout(page).locator('.sb-item');
    await poll(() => items.count()).toBe(8);
    expect(await items.first().locator('.sb-item-body').textContent()).toBe('Line one of 100');
    expect(await flyout(page).locator('.sb-more a').textContent()).toBe('92 more unread');

    await flyout(page).getByRole('button', { name: 'Mark all read' }).click();
    await poll(() => badge(page).count()).toBe(0);
    expect(await bellButton(page).getAttribute('aria-label')).toBe('Notifications');
    await poll(() => flyout(page).locator('.sb-empty').textContent()).toBe('Nothing new. You are all caught up.');
    await poll(() => focused(page)).toBe('p.sb-empty'); // the empty state, not the flyout itself
  });

  test('choosing a notification marks it read and follows its link', async ({ signIn, demo }) => {
    const { page, context } = await signInWithMessages({ signIn, demo }, 'admin', 1, { subject: 'Go to the Doohickey', link: '/parts/87' });
    await page.goto('/');
    await bellButton(page).click();
    await flyout(page).getByRole('link', { name: /Go to the Doohickey/ }).click();
    await page.waitForURL('**/parts/87');
    await poll(() => bellButton(page).getAttribute('aria-label')).toBe('Notifications');
    const read = await context.request.get('/plugins/stockbell/notifications?state=read');
    expect((await read.json()).items.map((n: { subject: string }) => n.subject)).toEqual(['Go to the Doohickey']);
  });

  test('user-controlled text stays text, and script links are not links', async ({ signIn, demo }) => {
    const { page, context, userId } = await signIn('admin');
    await clear(context);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const evil = '<img src=x onerror=alert(1)>';
    await send(demo, userId, 1, { subject: evil, body: '<script>alert(2)</script>' });
    // The server may refuse a javascript: link; the widget must not trust one either way.
    await page.route('**/plugins/stockbell/notifications?state=unread*', async (route) => {
      const response = await route.fetch();
      const page1 = await response.json();
      for (const item of page1.items) item.link = 'javascript:alert(3)';
      await route.fulfill({ response, json: page1 });
    });
    await page.goto('/');
    await bellButton(page).click();
    const item = flyout(page).locator('.sb-item').first();
    await poll(() => item.locator('.sb-item-subject').textContent()).toBe(evil);
    expect(await item.locator('.sb-item-body').textContent()).toBe('<script>alert(2)</script>');
    expect(await bell(page).locator('img').count()).toBe(0);
    expect(await bell(page).locator('script').count()).toBe(0);
    expect(await item.locator('a').count()).toBe(0); // rendered as a button that only marks read
    await item.locator('button.sb-item-main').click();
    await poll(() => badge(page).count()).toBe(0);

    await page.goto('/history');
    const row = page.locator('stockbell-inbox li.sb-row').first();
    await poll(() => row.locator('.sb-row-subject').textContent()).toBe(evil);
    expect(await page.locator('stockbell-inbox img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

describe('inbox', () => {
  test('tabs with counts, paging by cursor, select several, mark read and unread, delete', async ({ signIn, demo }) => {
    const { page, userId } = await signInWithMessages({ signIn, demo }, 'engineer', 23);
    const errors = watchErrors(page);
    await page.goto('/inbox');
    const inbox = page.locator('stockbell-inbox');
    const tab = (name: RegExp) => inbox.getByRole('tab', { name });
    const rows = inbox.locator('li.sb-row');
    await poll(() => rows.count()).toBe(20);
    expect(await tab(/^Inbox/).textContent()).toBe('Inbox 23');
    expect(await tab(/^Inbox/).getAttribute('aria-selected')).toBe('true');
    expect(await tab(/^History/).textContent()).toBe('History 0');

    await inbox.getByRole('button', { name: 'Load more' }).click();
    await poll(() => rows.count()).toBe(23);
    expect(await inbox.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    const subjects = await rows.locator('.sb-row-subject a').allTextContents();
    expect(new Set(subjects).size).toBe(23);
    expect(subjects[0]).toBe('Message 23');

    // Select two rows and mark them read: they move to History.
    await inbox.getByRole('checkbox', { name: 'Select “Message 23”' }).check();
    await inbox.getByRole('checkbox', { name: 'Select “Message 22”' }).check();
    expect(await inbox.locator('.sb-toolbar .sb-muted').textContent()).toBe('2 selected');
    expect(await inbox.getByRole('checkbox', { name: 'Select all on this page' }).evaluate((el) => (el as HTMLInputElement).indeterminate)).toBe(true);
    await inbox.locator('.sb-toolbar').getByRole('button', { name: 'Mark read' }).click();
    await poll(() => rows.count()).toBe(21);
    await poll(() => tab(/^Inbox/).textContent()).toBe('Inbox 21');
    expect(await tab(/^History/).textContent()).toBe('History 2');
    await poll(() => badge(page).textContent()).toBe('21');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'inbox');

    // History: arrow keys move between tabs; mark one unread again.
    await tab(/^Inbox/).focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab(/^History/).getAttribute('aria-selected')).toBe('true');
    expect(await focused(page)).toBe('button[role=tab].sb-tab');
    await poll(() => rows.count()).toBe(2);
    await shot(page, 'history');
    await inbox.getByRole('button', { name: 'Mark “Message 22” unread' }).click();
    await poll(() => rows.count()).toBe(1);
    await poll(() => tab(/^Inbox/).textContent()).toBe('Inbox 22');

    // Back to the inbox (Home on the tabs): select all on the page and delete them; then one row.
    await tab(/^History/).focus();
    await page.keyboard.press('Home');
    expect(await tab(/^Inbox/).getAttribute('aria-selected')).toBe('true');
    await poll(() => rows.count()).toBe(22);
    await inbox.getByRole('checkbox', { name: 'Select all on this page' }).check();
    expect(await inbox.locator('.sb-toolbar .sb-muted').textContent()).toBe('22 selected');
    await inbox.locator('.sb-toolbar').getByRole('button', { name: 'Delete' }).click();
    await poll(() => rows.count()).toBe(0);
    expect(await inbox.locator('.sb-empty').textContent()).toBe('No unread notifications.');
    await poll(() => inbox.locator('[role=status]').textContent()).toMatch(/^22 notifications deleted/);
    await poll(() => badge(page).count()).toBe(0);

    await send(demo, userId, 1, { subject: 'Lonely' });
    await poll(() => rows.count()).toBe(1); // arrives live
    await inbox.getByRole('button', { name: 'Delete “Lonely”' }).click();
    await poll(() => rows.count()).toBe(0);
    await poll(() => focused(page)).toBe('p.sb-empty'); // the list's empty state, not the panel

    // Delete all history can be cancelled.
    await tab(/^History/).click();
    await inbox.getByRole('button', { name: 'Delete all history' }).click();
    const dialog = inbox.getByRole('dialog', { name: 'Delete all history?' });
    await poll(() => dialog.isVisible()).toBe(true);
    expect(await focused(page)).toBe('button.sb-button'); // Cancel first
    await page.keyboard.press('Escape');
    await poll(() => dialog.isVisible()).toBe(false);
    await poll(() => rows.count()).toBe(1);
    expect(await focused(page)).toBe('button.sb-button');
    expect(errors).toEqual([]);
  });
});

describe('subscribe toggle', () => {
  test('shows a subscription inherited from the category, with its link; a click adds the direct one only', async ({ signIn }) => {
    const { page, context } = await signIn('allaccess');
    await context.request.put('/plugins/stockbell/subscriptions/category/1');
    await context.request.delete('/plugins/stockbell/subscriptions/part/87');
    await page.goto('/parts/87');
    const widget = page.locator('stockbell-subscribe');
    // Named with its state in words: "Subscribe to …", then "Subscribed to …".
    const toggle = widget.getByRole('button', { name: /^Subscribed? to Doohickey$/ });
    await poll(() => widget.locator('.sb-note').textContent()).toBe('Subscribed via Electronics');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await toggle.textContent()).toBe('Subscribe');
    expect(await toggle.getAttribute('aria-label')).toBe('Subscribe to Doohickey');
    expect(await toggle.getAttribute('title')).toBe('Click to subscribe to Doohickey');
    expect(await widget.getByRole('link', { name: 'Electronics' }).getAttribute('href')).toMatch(/\/categories\/1$/);
    await shot(page, 'toggle-inherited', 'stockbell-subscribe');

    // On: the state in words, not only in colour, and what a click does.
    await toggle.press('Enter');
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('true');
    expect(await toggle.textContent()).toBe('Subscribed');
    expect(await toggle.getAttribute('aria-label')).toBe('Subscribed to Doohickey');
    expect(await toggle.getAttribute('title')).toBe('Click to unsubscribe from Doohickey');
    expect(await widget.locator('.sb-note').textContent()).toBe('Also subscribed via Electronics');
    const part = await context.request.get('/plugins/stockbell/subscriptions/part/87');
    expect(await part.json()).toMatchObject({ subscribed: true });
    const category = await context.request.get('/plugins/stockbell/subscriptions/category/1');
    expect(await category.json()).toMatchObject({ subscribed: true });

    await toggle.press('Space');
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await context.request.delete('/plugins/stockbell/subscriptions/category/1');
  });

  test('a refused change is announced with the server’s message, and the state stays', async ({ signIn }) => {
    const { page } = await signIn('allaccess');
    await page.route('**/plugins/stockbell/subscriptions/part/88', (route) =>
      route.request().method() === 'PUT'
        ? route.fulfill({
            status: 503,
            json: { statusCode: 503, code: 'STOCKBELL_ERR_UNAVAILABLE', error: 'Service Unavailable', message: 'Back in five minutes' },
          })
        : route.continue(),
    );
    await page.goto('/parts/88');
    const widget = page.locator('stockbell-subscribe');
    const toggle = widget.getByRole('button', { name: /^Subscribe to / });
    await poll(() => toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await poll(() => widget.getByRole('alert').textContent()).toBe(
      'Could not change the subscription: Back in five minutes',
    );
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
  });
});

describe('subscription list', () => {
  test('lists parts and categories with paths and links, and unsubscribes in place', async ({ signIn }) => {
    const { page, context } = await signIn('reader');
    for (const path of ['part/87', 'category/5', 'category/2']) {
      expect((await context.request.put(`/plugins/stockbell/subscriptions/${path}`)).ok()).toBe(true);
    }
    await page.goto('/');
    const list = page.locator('stockbell-subscriptions');
    await poll(() => list.locator('li').count()).toBe(3);
    expect(await list.getByRole('heading').allTextContents()).toEqual(['Parts', 'Categories']);
    const part = list.locator('li', { has: page.getByRole('link', { name: 'Doohickey' }) });
    expect(await part.locator('.sb-path').textContent()).toBe('Electronics');
    const resistors = list.locator('li', { has: page.getByRole('link', { name: 'Resistors' }) });
    expect(await resistors.locator('.sb-path').textContent()).toBe('Electronics › Passives');
    expect(await resistors.getByRole('link').getAttribute('href')).toMatch(/\/categories\/5$/);
    await shot(page, 'subscriptions', 'stockbell-subscriptions');

    await list.getByRole('button', { name: 'Unsubscribe from Resistors' }).click();
    await poll(() => list.locator('li').count()).toBe(2);
    expect(await focused(page)).toBe('button.sb-button');
    await poll(() => list.locator('[role=status]').textContent()).toMatch(/^Unsubscribed from Resistors/);
    const left = await context.request.get('/plugins/stockbell/subscriptions');
    expect((await left.json()).items.map((i: { name: string }) => i.name).sort()).toEqual(['Doohickey', 'Mechanical']);

    for (const name of ['Doohickey', 'Mechanical']) {
      await list.getByRole('button', { name: `Unsubscribe from ${name}` }).click();
    }
    await poll(() => list.locator('.sb-empty').count()).toBe(1);
  });
});

describe('accessibility', () => {
  for (const theme of ['light', 'dark'] as const) {
    test(`axe finds no violations in the widgets (${theme})`, async ({ signIn, demo }) => {
      const { page } = await signInWithMessages({ signIn, demo }, 'admin', 3);
      // Reduced motion: axe must not measure contrast halfway through the flyout's fade-in.
      await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
      const check = async (selector: string) => {
        const result = await new AxeBuilder({ page }).include(selector).analyze();
        const found = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${n.failureSummary})`).join(', ')}`);
        expect(found, selector).toEqual([]);
        expect(result.passes.length, selector).toBeGreaterThan(0);
      };

      await page.goto('/parts/87');
      await poll(() => badge(page).textContent()).toBe('3');
      await check('stockbell-bell');
      await poll(() => page.locator('stockbell-subscribe button[aria-pressed]').count()).toBe(1);
      await check('stockbell-subscribe');
      await bellButton(page).click();
      await poll(() => flyout(page).locator('.sb-item').count()).toBe(3);
      await check('stockbell-bell');

      await page.goto('/inbox');
      await poll(() => page.locator('stockbell-inbox li.sb-row').count()).toBe(3);
      await check('stockbell-inbox');
      await page.goto('/');
      await poll(() => page.locator('stockbell-subscriptions .sb-subscriptions-wrap').count()).toBe(1);
      await check('stockbell-subscriptions');
    });
  }
});

describe('theme and styles', () => {
  test('follow prefers-color-scheme, the theme attribute and the host’s custom properties', async ({ signIn }) => {
    const { page } = await signIn('reader');
    await page.goto('/');
    // The text colour as the browser resolves it (the palette's --sb-fg).
    const colourOf = () => page.locator('stockbell-bell .sb').evaluate((el) => getComputedStyle(el).color);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await colourOf()).toBe('rgb(31, 35, 40)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await colourOf()).toBe('rgb(230, 237, 243)');
    await page.locator('stockbell-bell').evaluate((el) => el.setAttribute('theme', 'light'));
    await poll(colourOf).toBe('rgb(31, 35, 40)');
    await page.locator('stockbell-bell').evaluate((el) => el.setAttribute('theme', 'dark'));
    await poll(colourOf).toBe('rgb(230, 237, 243)');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await colourOf()).toBe('rgb(230, 237, 243)'); // forced dark stays dark
    await page.locator('stockbell-bell').evaluate((el) => (el as HTMLElement).style.setProperty('--stockbell-fg', 'rebeccapurple'));
    expect(await colourOf()).toBe('rgb(102, 51, 153)');
  });

  test('animate the flyout only when motion is welcome', async ({ signIn }) => {
    const { page } = await signIn('reader');
    const animation = async () => {
      await bellButton(page).click();
      await flyout(page).waitFor();
      const name = await flyout(page).evaluate((el) => getComputedStyle(el).animationName);
      await page.keyboard.press('Escape');
      return name;
    };
    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.goto('/');
    expect(await animation()).toBe('sb-pop');
    await page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
  });

  test('reach the shadow roots under a strict CSP, adopted or through a <style nonce>', async ({ signIn, demo }) => {
    const { page } = await signIn('reader');
    const csp = "default-src 'self'; style-src 'self' 'nonce-n0nce'; script-src 'self'; connect-src 'self' ws: wss:";
    const html = (nonce: string) =>
      `<!doctype html><html lang="en"><head><title>CSP</title>
      <script type="module" src="/plugins/stockbell/assets/stockbell.js"></script></head>
      <body><stockbell-bell nonce="${nonce}"></stockbell-bell></body></html>`;
    let nonce = 'n0nce';
    await page.route(`${demo.origin}/csp-test`, (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'text/html', 'content-security-policy': csp }, body: html(nonce) }),
    );
    const buttonWidth = () => page.locator('stockbell-bell button.sb-bell-button').evaluate((el) => el.getBoundingClientRect().width);

    await page.goto('/csp-test');
    await poll(buttonWidth).toBe(40); // 2.5rem: the adopted sheet applies
    expect(await page.locator('stockbell-bell style').count()).toBe(0);

    // A browser without constructable stylesheets: the <style nonce> fallback.
    await page.addInitScript(() => {
      delete (Document.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
      delete (ShadowRoot.prototype as { adoptedStyleSheets?: unknown }).adoptedStyleSheets;
    });
    await page.goto('/csp-test');
    await poll(() => page.locator('stockbell-bell style').count()).toBe(1);
    await poll(buttonWidth).toBe(40);

    // With the wrong nonce the CSP blocks the fallback: proof the nonce is what let it in.
    nonce = 'wrong';
    await page.goto('/csp-test');
    await poll(() => page.locator('stockbell-bell style').count()).toBe(1);
    expect(await buttonWidth()).not.toBe(40);
  });
});
