/**
 * The one link rule (server/messages/untrusted.ts) and the widgets' copy of it (client/format.ts):
 * every hostile spelling refused by both, every good link kept by both, the same way.
 */
import { describe, expect, it } from 'vitest';
import { safeHref as widgetHref } from '../client/format.ts';
import { absoluteHref, absoluteLink, cleanData, safeLink } from '../server/messages/index.ts';

const PUBLIC_URL = 'https://inventory.example';
const PAGE = `${PUBLIC_URL}/parts/1`;

const REFUSED = [
  '/\t/evil.example/x',
  '/\n/evil.example/x',
  '/\r/evil.example/x',
  '/\\evil.example/x',
  '\\\\evil.example/x',
  '//evil.example/x',
  ' //evil.example/x',
  'javascript:alert(1)',
  'JavaScript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:x',
  'https://bank.example@evil.example/',
  'https://user:pass@evil.example/',
  'http://evil.example\u0000.inventory.example/',
  'ftp://files.example/x',
];

const KEPT: [string, string, string][] = [
  // stored form, absolute form (on publicUrl), what the widget makes of it on PAGE
  ['/parts/42', `${PUBLIC_URL}/parts/42`, `${PUBLIC_URL}/parts/42`],
  ['/parts/42?tab=stock#top', `${PUBLIC_URL}/parts/42?tab=stock#top`, `${PUBLIC_URL}/parts/42?tab=stock#top`],
  ['https://other.example/x?y=1&z=2', 'https://other.example/x?y=1&z=2', 'https://other.example/x?y=1&z=2'],
  ['  https://other.example/ ', 'https://other.example/', 'https://other.example/'],
];

describe('the link rule', () => {
  it.each(REFUSED)('refuses %j in the API, in messages and in the widget', (link) => {
    expect(safeLink(link)).toBeNull();
    expect(absoluteHref(link)).toBeNull();
    expect(absoluteLink(link, PUBLIC_URL)).toBeNull();
    expect(widgetHref(link, PAGE)).toBeNull();
  });

  it.each(KEPT)('keeps %j', (link, absolute, widget) => {
    expect(safeLink(link)).not.toBeNull();
    expect(absoluteLink(link, PUBLIC_URL)).toBe(absolute);
    expect(widgetHref(safeLink(link), PAGE)).toBe(widget);
  });

  it('drops a host-relative link when there is no publicUrl to make it absolute', () => {
    expect(absoluteLink('/parts/42', null)).toBeNull();
    expect(absoluteLink('/parts/42', 'javascript:alert(1)')).toBeNull();
  });

  it('applies to every url and link field of the facts, at any depth, and keeps __proto__ a plain key', () => {
    const data = JSON.parse(
      '{"url":"/\\t/evil.example","lines":[{"url":"javascript:alert(1)","partName":"a\\u202Eb"},{"url":"/parts/7"}],"__proto__":{"link":"//evil"}}',
    );
    const clean = cleanData(data);
    expect(clean.url).toBeNull();
    expect(clean.lines).toEqual([{ url: null, partName: 'ab' }, { url: '/parts/7' }]);
    expect(Object.getPrototypeOf(clean)).toBe(Object.prototype);
    expect(Object.hasOwn(clean, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(clean, '__proto__')?.value).toEqual({ link: null });
    expect(cleanData(data, (l) => absoluteLink(l, PUBLIC_URL)).lines).toEqual([{ url: null, partName: 'ab' }, { url: `${PUBLIC_URL}/parts/7` }]);
  });
});
