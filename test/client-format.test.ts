import { describe, expect, it } from 'vitest';
import { badgeText, compareNewestFirst, firstLine, safeHref } from '../client/format.ts';

describe('badgeText', () => {
  it('is empty at zero, so the badge hides', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(-3)).toBe('');
    expect(badgeText(Number.NaN)).toBe('');
  });
  it('shows the number up to 99 and 99+ past it', () => {
    expect(badgeText(1)).toBe('1');
    expect(badgeText(99)).toBe('99');
    expect(badgeText(100)).toBe('99+');
    expect(badgeText(12_345)).toBe('99+');
  });
  it('lets a translation word the overflow', () => {
    expect(badgeText(150, (max) => `>${max}`)).toBe('>99');
  });
});

describe('firstLine', () => {
  it('takes the first non-empty line, trimmed', () => {
    expect(firstLine('\n  \n  Stock 3 of 10  \nmore')).toBe('Stock 3 of 10');
    expect(firstLine('one\r\ntwo')).toBe('one');
    expect(firstLine('')).toBe('');
    expect(firstLine(null)).toBe('');
  });
});

describe('safeHref', () => {
  const page = 'https://inventory.example/parts/1';
  it('keeps http(s) links, resolved against the page', () => {
    expect(safeHref('/parts/42', page)).toBe('https://inventory.example/parts/42');
    expect(safeHref('https://other.example/x?y=1', page)).toBe('https://other.example/x?y=1');
  });
  it('refuses what the server link rule refuses: protocol-relative, hidden slashes, user info', () => {
    expect(safeHref('//cdn.example/a', page)).toBeNull();
    expect(safeHref('/\t/evil.example/x', page)).toBeNull();
    expect(safeHref('https://bank.example@evil.example/', page)).toBeNull();
  });
  it('drops script and data links however they are dressed up', () => {
    expect(safeHref('javascript:alert(1)', page)).toBeNull();
    expect(safeHref('  JavaScript:alert(1)', page)).toBeNull();
    expect(safeHref('java\tscript:alert(1)', page)).toBeNull();
    expect(safeHref('data:text/html,<script>alert(1)</script>', page)).toBeNull();
    expect(safeHref('vbscript:x', page)).toBeNull();
  });
  it('gives null for nothing', () => {
    expect(safeHref(null, page)).toBeNull();
    expect(safeHref('', page)).toBeNull();
  });
});

describe('compareNewestFirst', () => {
  it('orders by time, newest first, then by id with numeric ids compared as numbers', () => {
    const at = '2025-01-01T00:00:00.000Z';
    const rows = [
      { id: '9', createdAt: at },
      { id: '10', createdAt: at },
      { id: '1', createdAt: '2025-01-02T00:00:00.000Z' },
    ];
    expect(rows.sort(compareNewestFirst).map((r) => r.id)).toEqual(['1', '10', '9']);
  });
});
