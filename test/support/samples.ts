/**
 * What every channel is tested with: the sample kinds, hostile text, non-ASCII names, and the worst
 * case at every length limit the API accepts (send API: subject 200, body 5,000, link 2,000;
 * `publicUrl` 2,000), plus host names of 10,000 characters (host data has no limit).
 */
import { type OutgoingMessage, toOutgoingMessage } from '../../server/channels/index.ts';
import type { StoredNotification } from '../../server/messages/index.ts';

/** Everything a hostile user or host record could put in a name, a subject or a body. */
export const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '" onmouseover="alert(1)',
  '[click](javascript:alert(1))',
  '[pay here](https://evil.example/)',
  '<https://evil.example|Click>',
  '<!channel> <!here> <@U123>',
  '@everyone @here',
  '*bold* _it_ ~strike~ `code` # heading',
  'line one\r\nBcc: victim@example.com\r\n\r\nline two',
  'invoice\u202Efdp.exe',
  '{{DATE(2017-02-14T06:08:39Z, SHORT)}}',
].join(' ');

export const NON_ASCII = 'Łukasz Ñandú 张伟 محمد Ørsted 👩🏽‍🔧 Ωmega';

const PUBLIC_URL = 'https://inventory.example';
/** The longest `publicUrl` the settings accept, with a query full of `&`. */
export const LONGEST_PUBLIC_URL = `https://inventory.example/${'p'.repeat(1000)}?${'a=1&'.repeat(243)}`.slice(0, 2000);

const at = new Date('2026-03-02T09:00:00Z');
const reason = (name: string) => ({ type: 'category', path: ['Electronics', name, 'Passives'] });

function stored(id: number, kind: string, data: Record<string, unknown>, why: Record<string, unknown>): StoredNotification {
  return { id, kind, data, reason: why, createdAt: at, targetKind: 'part', targetId: '42' };
}

export interface Sample {
  name: string;
  notification: StoredNotification;
  publicUrl: string;
}

/** The sample kinds with a name, and the worst cases. */
export function samples(): Sample[] {
  const line = (n: number, name: string) => ({ partId: String(n), partName: name, required: 10, stock: 2, minimum: 5, url: `/parts/${n}` });
  const kinds = (label: string, name: string): Sample[] => [
    { name: `part.low_stock, ${label}`, publicUrl: PUBLIC_URL, notification: stored(1, 'part.low_stock', { partId: '42', partName: name, stock: 2, minimum: 3, url: '/parts/42' }, reason(name)) },
    {
      name: `build.stock_short, ${label}`,
      publicUrl: PUBLIC_URL,
      notification: stored(2, 'build.stock_short', { buildId: '7', reference: `BO-${name}`, partId: '42', partName: name, quantity: 10, url: '/builds/7', lines: [line(1, name), line(2, `${name} 2`)] }, { type: 'responsible', reference: `BO-${name}` }),
    },
    { name: `build.created, ${label}`, publicUrl: PUBLIC_URL, notification: stored(3, 'build.created', { buildId: '7', reference: 'BO0017', partId: '42', partName: name, quantity: 10, url: '/builds/7', createdByName: name }, { type: 'responsible', reference: 'BO0017' }) },
    { name: `message, ${label}`, publicUrl: PUBLIC_URL, notification: stored(4, 'message', { subject: name.slice(0, 200), body: name, link: '/parts/42' }, { type: 'direct' }) },
  ];
  const huge = 'W'.repeat(10_000);
  const amps = '&'.repeat(10_000);
  return [
    ...kinds('plain', 'Widget Assembly'),
    ...kinds('hostile', HOSTILE),
    ...kinds('non-ASCII', NON_ASCII),
    ...kinds('10,000-character name', huge),
    ...kinds('10,000 ampersands', amps),
    {
      name: 'message at every send-API limit: subject 200, body 5,000, link 2,000, publicUrl 2,000, all escapable',
      publicUrl: LONGEST_PUBLIC_URL,
      notification: stored(5, 'message', { subject: '<&>*'.repeat(50), body: '&<>*_~`[]()#\n'.repeat(385).slice(0, 5000), link: `/${'&'.repeat(1999)}` }, reason(amps)),
    },
    {
      name: 'host message with an absolute link of 2,000 ampersands and a 14,000-character emoji body',
      publicUrl: PUBLIC_URL,
      notification: stored(6, 'message', { subject: '👩🏽‍🔧'.repeat(28), body: '👩🏽‍🔧'.repeat(2000), link: `https://inventory.example/?${'&'.repeat(1970)}` }, reason(NON_ASCII)),
    },
    {
      name: 'build short of stock with 500 lines of long names',
      publicUrl: PUBLIC_URL,
      notification: stored(7, 'build.stock_short', { buildId: '7', reference: 'BO0017', partId: '42', partName: 'Widget', quantity: 10, url: '/builds/7', lines: Array.from({ length: 500 }, (_, i) => line(i, `${HOSTILE} ${i}`)) }, reason('Widget')),
    },
  ];
}

export const recipient = { id: 'u1', name: `Ada ${NON_ASCII}`, email: 'ada@example.com' };

export function outgoingOf(sample: Sample, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    ...toOutgoingMessage(sample.notification, {
      deliveryId: `job-${sample.notification.id}`,
      recipient,
      publicUrl: sample.publicUrl,
      pages: { inbox: '/inbox', settings: '/settings' },
    }),
    ...overrides,
  };
}
