import { describe, expect, test } from 'vitest';
import { toOutgoingMessage } from '../server/channels/index.ts';
import {
  catalogFor,
  formatReason,
  kindTitle,
  renderNotification,
  type StoredNotification,
} from '../server/messages/index.ts';

const at = new Date('2026-03-02T09:00:00Z');

function notification(kind: string, data: Record<string, unknown>, reason: Record<string, unknown> = { type: 'direct' }): StoredNotification {
  return { id: 1, kind, data, reason, createdAt: at, targetKind: null, targetId: null };
}

const lowStock = notification('part.low_stock', {
  partId: '42',
  partName: 'Widget Assembly',
  stock: 2,
  minimum: 3,
  url: '/parts/42',
});

const stockShort = notification('build.stock_short', {
  buildId: '17',
  reference: 'BO0017',
  partId: '42',
  partName: 'Widget Assembly',
  quantity: 10,
  url: '/builds/17',
  lines: [
    { partId: '7', partName: 'Bolt M3', required: 20, stock: 1, minimum: 5, url: '/parts/7' },
    { partId: '8', partName: 'Nut M3', required: 20, stock: 30, minimum: 50, url: '/parts/8' },
  ],
});

describe('renderNotification', () => {
  test('part.low_stock: subject names the part, body gives stock and minimum', () => {
    const r = renderNotification(lowStock);
    expect(r.subject).toBe('Low stock: Widget Assembly');
    expect(r.body).toBe('Widget Assembly has 2 in stock, below its minimum of 3.');
    expect(r.link).toBe('/parts/42');
  });

  test('build.stock_short: subject names build and assembly, body lists every short line', () => {
    const r = renderNotification(stockShort);
    expect(r.subject).toBe('BO0017: not enough stock for Widget Assembly');
    const lines = r.body.split('\n');
    expect(lines[0]).toContain('BO0017');
    expect(lines[0]).toContain('10 × Widget Assembly');
    expect(lines.slice(1)).toEqual([
      '- Bolt M3: 1 in stock / 20 required, minimum 5',
      '- Nut M3: 30 in stock / 20 required, minimum 50',
    ]);
    expect(r.link).toBe('/builds/17');
  });

  test('build.created: reference in the subject, quantity × assembly and creator in the body', () => {
    const data = { buildId: '17', reference: 'BO0017', partId: '42', partName: 'Widget Assembly', quantity: 10, url: '/builds/17' };
    expect(renderNotification(notification('build.created', data))).toMatchObject({
      subject: 'New build order BO0017',
      body: 'Build of 10 × Widget Assembly.',
    });
    expect(renderNotification(notification('build.created', { ...data, createdByName: 'Ada' })).body).toBe(
      'Build of 10 × Widget Assembly, created by Ada.',
    );
  });

  test('message and host kinds are rendered as given', () => {
    const r = renderNotification(notification('message', { subject: 'Stocktake Friday', body: 'Bring gloves.', link: 'https://x.example/s' }));
    expect(r).toEqual({ subject: 'Stocktake Friday', body: 'Bring gloves.', reason: 'sent to you', link: 'https://x.example/s', status: null });
    expect(renderNotification(notification('acme.calibration_due', { subject: 'Scale 3 due', link: '/tools/3' })).subject).toBe('Scale 3 due');
    expect(renderNotification(notification('acme.nothing', {})).subject).toBe('Notification (acme.nothing)');
  });

  test('numbers are formatted for the locale, missing ones show as ?', () => {
    const big = notification('part.low_stock', { partName: 'Resistor', stock: 1234.5, minimum: 10000 });
    expect(renderNotification(big).body).toBe('Resistor has 1,234.5 in stock, below its minimum of 10,000.');
    expect(renderNotification(notification('part.low_stock', { partName: 'Odd' })).body).toBe('Odd has ? in stock, below its minimum of ?.');
  });

  test('malformed data never throws', () => {
    const odd = notification('build.stock_short', { lines: [null, 3, { partName: 'Bolt' }], quantity: 'x' });
    expect(() => renderNotification(odd)).not.toThrow();
    expect(renderNotification(odd).body).toContain('- Bolt: ? in stock / ? required, minimum ?');
    expect(() => renderNotification({ ...lowStock, data: null as unknown as Record<string, unknown>, reason: null as unknown as Record<string, unknown> })).not.toThrow();
  });

  test('a link that is not http(s) or host-relative is dropped', () => {
    for (const link of ['javascript:alert(1)', 'data:text/html,x', '//evil.example/x', 'ftp://x.example/']) {
      expect(renderNotification(notification('message', { subject: 's', link })).link, link).toBeNull();
    }
  });

  test('an unknown locale falls back to English; a region falls back to its language', () => {
    expect(renderNotification(lowStock, 'xx-YY').subject).toBe('Low stock: Widget Assembly');
    expect(renderNotification(lowStock, 'en-GB').subject).toBe('Low stock: Widget Assembly');
    expect(catalogFor('de-CH')).toBe(catalogFor('en'));
    // English text keeps English digits even when the requested locale is another language.
    const big = notification('part.low_stock', { partName: 'R', stock: 1234, minimum: 2000 });
    expect(renderNotification(big, 'de').body).toBe('R has 1,234 in stock, below its minimum of 2,000.');
  });
});

describe('formatReason', () => {
  test.each([
    [{ type: 'part', name: 'Widget' }, 'subscribed to Widget'],
    [{ type: 'template', name: 'Widget' }, 'subscribed to template Widget'],
    [{ type: 'category', path: ['Electronics', 'Passives'] }, 'subscribed to Electronics › Passives'],
    [{ type: 'responsible', reference: 'BO0016' }, 'responsible for BO0016'],
    [{ type: 'role', role: 'engineering', reference: 'BO0016' }, 'your role engineering is responsible for BO0016'],
    [{ type: 'direct' }, 'sent to you'],
    [{ type: 'role-message', role: 'engineering' }, 'sent to role engineering'],
    [{ type: 'something-new' }, ''],
  ])('%j → %s', (reason, text) => {
    expect(formatReason(reason, 'en')).toBe(text);
  });

  test('renderNotification carries the reason', () => {
    const n = { ...lowStock, reason: { type: 'category', path: ['Electronics', 'Passives'] } };
    expect(renderNotification(n).reason).toBe('subscribed to Electronics › Passives');
  });
});

describe('kindTitle', () => {
  test('known kinds have titles, host kinds a generic one', () => {
    expect(kindTitle('part.low_stock')).toBe('Low stock');
    expect(kindTitle('acme.thing')).toBe('Other notifications (acme.thing)');
  });
});

describe('toOutgoingMessage', () => {
  test('makes the link and the URLs inside data absolute from publicUrl', () => {
    const msg = toOutgoingMessage(stockShort, {
      deliveryId: 'job-1',
      recipient: { id: 'u1', name: 'Ada', email: 'ada@example.com' },
      publicUrl: 'https://inventory.example.com',
    });
    expect(msg.link).toBe('https://inventory.example.com/builds/17');
    expect(msg.data.url).toBe('https://inventory.example.com/builds/17');
    expect((msg.data.lines as { url: string }[]).map((l) => l.url)).toEqual([
      'https://inventory.example.com/parts/7',
      'https://inventory.example.com/parts/8',
    ]);
    expect(msg.subject).toBe('BO0017: not enough stock for Widget Assembly');
    // The stored notification is not touched.
    expect(stockShort.data.url).toBe('/builds/17');
  });

  test('without publicUrl a relative link is dropped rather than sent relative', () => {
    const msg = toOutgoingMessage(lowStock, { deliveryId: 'j', recipient: { id: 'u', name: 'U', email: null }, publicUrl: null });
    expect(msg.link).toBeNull();
    expect(msg.data.url).toBeNull();
  });
});
