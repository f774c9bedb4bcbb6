/**
 * The hostile-content table (issue #14): what an attacker can put in a name, a subject, a body or a
 * link, and the checks that say a rendering kept it inert. Shared by the channel, API/socket and
 * browser suites so each rendering faces the same inputs.
 */
import type { StoredNotification } from '../../server/messages/index.ts';

export const HOSTILE_TEXT: Record<string, string> = {
  'script tag': '<script>alert(1)</script>',
  'event handlers': '<img src=x onerror=alert(1)> <a href="#" onclick="alert(1)">x</a> " onmouseover="alert(1)',
  'javascript: markdown link': '[click](javascript:alert(1))',
  'data: markdown link': '[x](data:text/html,<script>alert(1)</script>)',
  'markdown link': '[pay here](https://evil.example/) <https://evil.example|Click>',
  'Slack mentions': '<!channel> <!here> <!everyone> <@U123>',
  'Discord mentions': '@everyone @here <@123> <@&456>',
  'CRLF': 'line one\r\nBcc: victim@example.com\r\n\r\n<b>injected</b>',
  'bidi override': 'invoice\u202Efdp.exe and \u2066isolate\u2069',
  'template and Teams mention': '{{DATE(2017-02-14T06:08:39Z, SHORT)}} <at>everyone</at>',
  '10,000 characters': `${'A'.repeat(9_990)}<script>x`,
};

export const HOSTILE_LINKS = [
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  '//evil.example/x',
  '/\t/evil.example/x',
  '/\n/evil.example/x',
  '/\r/evil.example/x',
  'https://bank.example@evil.example/',
];

export const HOSTILE_CASES = Object.entries(HOSTILE_TEXT).map(([name, text], i) => ({
  name,
  text,
  link: HOSTILE_LINKS[i % HOSTILE_LINKS.length] as string,
}));

const at = new Date('2026-03-02T09:00:00Z');

/** Each kind carrying the text in every field it has, and the link in every link field. */
export function hostileNotifications(text: string, link: string): StoredNotification[] {
  const base = { createdAt: at, targetKind: 'part', targetId: '42' };
  const line = { partId: '1', partName: text, required: 10, stock: 2, minimum: 5, url: link };
  return [
    { ...base, id: 1, kind: 'part.low_stock', data: { partId: '42', partName: text, stock: 2, minimum: 3, url: link }, reason: { type: 'category', path: [text, 'Passives'] } },
    { ...base, id: 2, kind: 'build.stock_short', data: { buildId: '7', reference: text, partId: '42', partName: text, quantity: 10, url: link, lines: [line] }, reason: { type: 'role', role: text, reference: text } },
    { ...base, id: 3, kind: 'build.created', data: { buildId: '7', reference: 'BO1', partId: '42', partName: text, quantity: 1, url: link, createdByName: text }, reason: { type: 'responsible', reference: text } },
    { ...base, id: 4, kind: 'message', data: { subject: text, body: text, link }, reason: { type: 'part', name: text } },
  ];
}

/** Direction controls anywhere: the bidi rule failed. */
export const BIDI = /[\u202a-\u202e\u2066-\u2069]/;

/** Problems with a link a rendering produced: it must be http(s), on the expected host, without user info. */
export function linkProblems(href: string, allowedHosts: readonly string[]): string[] {
  try {
    const url = new URL(href);
    const problems: string[] = [];
    if (url.protocol !== 'https:' && url.protocol !== 'http:') problems.push(`scheme ${url.protocol} in ${href}`);
    if (url.username || url.password) problems.push(`user info in ${href}`);
    if (!allowedHosts.includes(url.hostname)) problems.push(`host ${url.hostname} in ${href.slice(0, 80)}`);
    return problems;
  } catch {
    return [`not a URL: ${href.slice(0, 80)}`];
  }
}

/** Every string in a JSON value (keys included). */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => [k, ...stringsIn(v)]);
  return [];
}

/** The `url` and `link` values at any depth of a JSON value. */
export function linksIn(value: unknown): unknown[] {
  if (Array.isArray(value)) return value.flatMap(linksIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === 'url' || k === 'link' ? [v] : linksIn(v)));
  }
  return [];
}
