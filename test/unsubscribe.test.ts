/**
 * One-click unsubscribe (RFC 8058), end to end on both databases: the link a real email carries,
 * POSTed with the form body and no session, turns off that kind of email for that user and
 * nothing else; opening it (GET) changes nothing; a forged, altered or expired token changes
 * nothing; a digest link turns the digest off.
 */
import { afterEach, describe, expect } from 'vitest';
import { installationKeys } from '../server/installation.ts';
import { DIGEST_SCOPE, signUnsubscribeToken, TOKEN_LIFETIME_MS } from '../server/unsubscribe/index.ts';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { test } from './support/receivers.ts';

const PUBLIC = 'https://inventory.example.com';
const ONE_CLICK = 'List-Unsubscribe=One-Click';

describe.each(databases)('unsubscribe on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function start(smtpPort: number): Promise<TestApp> {
    t = await startApp(db, { smtp: `smtp://127.0.0.1:${smtpPort}`, publicUrl: PUBLIC });
    t.host.addUser('ann', { email: 'ann@example.test' });
    t.host.addUser('bob', { email: 'bob@example.test' });
    return t;
  }

  /** The path of a link (the app is driven with inject, not over the network). */
  const pathOf = (url: string) => new URL(url).pathname;

  function post(app: TestApp, path: string, payload = ONE_CLICK, contentType = 'application/x-www-form-urlencoded') {
    return app.app.inject({ method: 'POST', url: path, headers: { 'content-type': contentType }, payload });
  }

  const emailCells = async (app: TestApp, user: string) => {
    const { body } = await app.as(user, 'GET', '/preferences');
    return Object.fromEntries(Object.entries(body.matrix as Record<string, { email: { enabled: boolean; source: string } }>).map(([kind, row]) => [kind, row.email]));
  };

  async function token(app: TestApp, userId: string, scope: string, expiresAt = new Date(app.clock.now().getTime() + TOKEN_LIFETIME_MS)) {
    const keys = await installationKeys(app.ctx.em(), app.clock.now());
    return `/plugins/stockbell/unsubscribe/${signUnsubscribeToken(keys.unsubscribeKey, { userId, scope }, expiresAt)}`;
  }

  test('the link in a real email: GET shows what it turns off and changes nothing; one POST turns off that kind for that user only', async ({ smtp }) => {
    const app = await start(smtp.port);
    await app.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Hello' });
    await app.app.stockbell.delivery.runOnce();
    const [mail] = await smtp.waitFor(1);
    const list = mail?.parsed.headers.get('list') as { unsubscribe: { url: string }; 'unsubscribe-post': { name: string } };
    expect(list['unsubscribe-post'].name).toBe(ONE_CLICK);
    const link = list.unsubscribe.url;
    expect(link.startsWith(`${PUBLIC}/plugins/stockbell/unsubscribe/`)).toBe(true);
    // The footer offers the same page, and the settings.
    expect(mail?.parsed.html).toContain(`href="${link}"`);
    expect(mail?.parsed.html).toContain(`href="${PUBLIC}/settings"`);

    const before = { ann: await emailCells(app, 'ann'), bob: await emailCells(app, 'bob') };
    const page = await app.app.inject({ method: 'GET', url: pathOf(link) });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.body).toContain('Turn off email about “Messages”?');
    expect(page.body).toContain('<input type="hidden" name="List-Unsubscribe" value="One-Click"/>');
    expect(await emailCells(app, 'ann')).toEqual(before.ann);

    const done = await post(app, pathOf(link));
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Done: email about “Messages” is turned off.');
    expect(done.body).toContain('To turn it back on, open your notification settings.');
    expect(done.body).toContain(`href="${PUBLIC}/settings"`);
    const after = await emailCells(app, 'ann');
    expect(after.message).toEqual({ enabled: false, source: 'user' });
    expect({ ...after, message: before.ann.message }).toEqual(before.ann);
    expect(await emailCells(app, 'bob')).toEqual(before.bob);
    // Turned off means no more email of that kind; the inbox still gets it.
    await app.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Again' });
    await app.app.stockbell.delivery.runOnce();
    expect(smtp.messages).toHaveLength(1);
    expect((await app.as('ann', 'GET', '/notifications/unread-count')).body.count).toBe(2);
  });

  test('a forged, altered, expired or wrongly sent request changes nothing', async ({ smtp }) => {
    const app = await start(smtp.port);
    const before = { ann: await emailCells(app, 'ann'), bob: await emailCells(app, 'bob') };
    const genuine = await token(app, 'ann', 'part.low_stock');
    const [prefix, payload, signature] = /^(.*\/)([^/.]+)\.([^/.]+)$/.exec(genuine)?.slice(1) ?? [];
    const forPayload = (userId: string, scope: string) => Buffer.from(JSON.stringify([userId, scope, 9_999_999_999])).toString('base64url');
    const attempts = {
      'another user, same signature': `${prefix}${forPayload('bob', 'part.low_stock')}.${signature}`,
      'another kind, same signature': `${prefix}${forPayload('ann', 'build.created')}.${signature}`,
      'a signature of our own': `${prefix}${payload}.${'A'.repeat(43)}`,
      'another installation': `${prefix}${payload}.${signature?.slice(0, -2)}AA`,
      'expired': await token(app, 'ann', 'part.low_stock', new Date(app.clock.now().getTime() - 1000)),
      'an unknown kind': await token(app, 'ann', 'no.such_kind'),
      'garbage': `${prefix}not-a-token`,
    };
    for (const [what, path] of Object.entries(attempts)) {
      const response = await post(app, path);
      expect(response.statusCode, what).toBe(403);
      expect(response.body, what).toContain('This unsubscribe link is not valid, or it has expired.');
    }
    // The right token with the wrong body: a 400 naming the field.
    const wrongBody = await post(app, genuine, 'List-Unsubscribe=Yes');
    expect(wrongBody.statusCode).toBe(400);
    expect(JSON.parse(wrongBody.body).message).toContain('body/List-Unsubscribe');
    expect((await post(app, genuine, '', 'text/plain')).statusCode).toBe(400);
    expect({ ann: await emailCells(app, 'ann'), bob: await emailCells(app, 'bob') }).toEqual(before);

    // Still good a day before it expires, refused the moment after.
    app.clock.advance(TOKEN_LIFETIME_MS - 86_400_000);
    expect((await post(app, genuine)).statusCode).toBe(200);
    app.clock.advance(86_400_000);
    expect((await post(app, genuine)).statusCode).toBe(403);
  });

  test('installation keys are made once and kept; another installation has its own, so its Message-IDs differ', async ({ smtp }) => {
    const app = await start(smtp.port);
    const first = await installationKeys(app.ctx.em(), app.clock.now());
    expect(await installationKeys(app.ctx.em(), app.clock.now())).toEqual(first);
    const other = await startApp(db, { smtp: `smtp://127.0.0.1:${smtp.port}`, publicUrl: PUBLIC });
    try {
      const second = await installationKeys(other.ctx.em(), other.clock.now());
      expect(second.id).not.toBe(first.id);
      expect(second.unsubscribeKey).not.toBe(first.unsubscribeKey);
      // The same first job in both installations: two different Message-IDs.
      for (const each of [app, other]) {
        each.host.addUser('ann', { email: 'ann@example.test' });
        await each.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Hello' });
        await each.app.stockbell.delivery.runOnce();
      }
      const ids = (await smtp.waitFor(2)).map((m) => m.parsed.messageId);
      expect(ids[0]?.split('.')[0]).toBe(ids[1]?.split('.')[0]);
      expect(ids[0]).not.toBe(ids[1]);
      for (const id of ids) expect(id).toMatch(/@inventory\.example\.com>$/);
    } finally {
      await other.close();
    }
  });

  test('the digest link turns the digest off, and only for that user', async ({ smtp }) => {
    const app = await start(smtp.port);
    for (const user of ['ann', 'bob']) {
      expect((await app.as(user, 'PATCH', '/preferences', { email: { mode: 'digest' } })).status).toBe(200);
    }
    const path = await token(app, 'ann', DIGEST_SCOPE);
    expect((await app.app.inject({ method: 'GET', url: path })).body).toContain('Turn off the daily digest email?');
    expect((await app.as('ann', 'GET', '/preferences')).body.email.mode).toBe('digest');
    expect((await post(app, path)).statusCode).toBe(200);
    expect((await app.as('ann', 'GET', '/preferences')).body.email.mode).toBe('off');
    expect((await app.as('bob', 'GET', '/preferences')).body.email.mode).toBe('digest');
  });
});
