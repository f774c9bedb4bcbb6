/**
 * Hostile content × the inbox API and WebSocket frames (issue #14), on both databases: a part
 * named with hostile text and linked with a hostile URL goes low, and a send-API message carries
 * hostile subject, body and link. What the API and the socket return must be inert: every `link`
 * and every `url`/`link` inside `data` is null or obeys the link rule, no text carries direction
 * controls, and answers are JSON (the widgets render text, never HTML).
 */
import { afterEach, describe, expect } from 'vitest';
import WebSocket from 'ws';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';
import { BIDI, HOSTILE_CASES, linksIn, stringsIn } from './support/hostile.ts';
import { test } from './support/receivers.ts';

const ORIGIN = 'https://inventory.example';

/** A link as the API may return it: a host-relative path staying on the origin, or absolute http(s) without user info. */
function apiLinkProblems(link: unknown): string[] {
  if (link === null) return [];
  if (typeof link !== 'string') return [`not a string: ${String(link)}`];
  if (/[\p{Cc}\\]/u.test(link)) return [`control character or backslash in ${JSON.stringify(link)}`];
  try {
    const url = new URL(link, ORIGIN);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return [`scheme ${url.protocol}`];
    if (url.username || url.password) return [`user info in ${link}`];
    if (!/^[a-z][a-z0-9+.-]*:/i.test(link) && url.origin !== ORIGIN) return [`a relative link that leaves the origin: ${link}`];
    return [];
  } catch {
    return [`not a URL: ${link}`];
  }
}

function viewProblems(view: { link: unknown; data: unknown; [key: string]: unknown }): string[] {
  const problems = [view.link, ...linksIn(view.data)].flatMap(apiLinkProblems);
  if (stringsIn(view).some((s) => BIDI.test(s))) problems.push('direction controls');
  return problems;
}

describe.each(databases)('hostile content in the inbox API and socket frames on $name', (db) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  test('every case: the API and the frames return links by the rule and text without direction controls', async () => {
    const app = await startApp(db);
    t = app;
    app.host.addUser('ann');
    const base = (await app.listen()).replace('http', 'ws');
    const socket = new WebSocket(`${base}/plugins/stockbell/ws`, { headers: { 'x-user': 'ann', origin: base.replace('ws', 'http') } });
    const frames: { type: string; notification?: { link: unknown; data: unknown } }[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    const part = app.host.parts.get('1');
    if (!part) throw new Error('the test host has no part 1');
    expect((await app.as('ann', 'PUT', '/subscriptions/part/1')).status).toBe(200);
    for (const [i, hostile] of HOSTILE_CASES.entries()) {
      Object.assign(part, { name: hostile.text, url: hostile.link, minimumStock: 100 });
      app.host.setStock('1', 5);
      await app.app.stockbell.events.stockChanged('1', { key: `low-${i}` });
      app.host.setStock('1', 500);
      await app.app.stockbell.events.stockChanged('1', { key: `ok-${i}` });
      // The send API takes bodies up to 5,000 characters (its schema); the tail keeps the hostile end.
      await app.app.stockbell.send({ to: { userId: 'ann' }, subject: hostile.text.slice(0, 200), body: hostile.text.slice(-5_000), link: hostile.link });
    }
    const expected = HOSTILE_CASES.length * 2;

    const page = await app.app.inject({ method: 'GET', url: '/plugins/stockbell/notifications?state=all&limit=100', headers: { 'x-user': 'ann' } });
    expect(page.headers['content-type']).toMatch(/^application\/json/);
    const items = JSON.parse(page.body).items as { link: unknown; data: unknown; subject: string }[];
    expect(items).toHaveLength(expected);
    for (const item of items) expect(viewProblems(item), item.subject.slice(0, 40)).toEqual([]);
    // The hostile links were there to refuse: every one came back null.
    expect(items.every((item) => item.link === null)).toBe(true);

    await expect.poll(() => frames.filter((f) => f.type === 'notification').length, { timeout: 5_000 }).toBe(expected);
    for (const frame of frames.filter((f) => f.type === 'notification')) {
      expect(viewProblems(frame.notification as { link: unknown; data: unknown })).toEqual([]);
    }
    socket.terminate();
  });

  test('the check can fail: the raw stored data would not pass', () => {
    for (const hostile of HOSTILE_CASES) {
      const raw = { link: hostile.link, data: { partName: hostile.text, url: hostile.link } };
      expect(viewProblems(raw), hostile.name).not.toEqual([]);
    }
  });
});
