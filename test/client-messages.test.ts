import { describe, expect, it } from 'vitest';
import { en } from '../client/messages/en.ts';
import { createTranslator } from '../client/messages/index.ts';

describe('createTranslator', () => {
  const i18n = createTranslator('en');

  it('names the bell with its count, plural-aware, and says nothing about zero', () => {
    expect(i18n.t('bell.label', { count: 0 })).toBe('Notifications');
    expect(i18n.t('bell.label', { count: 1 })).toBe('Notifications, 1 unread');
    expect(i18n.t('bell.label', { count: 3 })).toBe('Notifications, 3 unread');
    expect(i18n.t('bell.label', { count: 1234 })).toBe('Notifications, 1,234 unread');
  });

  it('chooses plural forms with Intl.PluralRules', () => {
    expect(i18n.t('inbox.announce.deleted', { count: 1 })).toBe('1 notification deleted');
    expect(i18n.t('inbox.announce.deleted', { count: 2 })).toBe('2 notifications deleted');
    expect(i18n.t('inbox.announce.deleted', { count: 0 })).toBe('Nothing to delete');
  });

  it('puts parameters in as given: text stays text', () => {
    expect(i18n.t('bell.announce', { subject: '<img src=x onerror=alert(1)>' })).toBe(
      'New notification: <img src=x onerror=alert(1)>',
    );
  });

  it('splits rich messages around node parameters, in order', () => {
    const link = { node: 'a' };
    expect(i18n.rich('subscribe.via', { source: link })).toEqual(['Subscribed via ', link]);
  });

  it('says relative times with Intl.RelativeTimeFormat', () => {
    const now = Date.parse('2025-06-01T12:00:00Z');
    expect(i18n.relative('2025-06-01T11:59:50Z', now)).toBe('just now');
    expect(i18n.relative('2025-06-01T11:55:00Z', now)).toBe('5 minutes ago');
    expect(i18n.relative('2025-06-01T09:00:00Z', now)).toBe('3 hours ago');
    expect(i18n.relative('2025-05-31T12:00:00Z', now)).toBe('yesterday');
    expect(i18n.relative('2025-05-18T12:00:00Z', now)).toBe('2 weeks ago');
    expect(i18n.relative('2024-06-01T12:00:00Z', now)).toBe('last year');
    expect(i18n.relative('not a date', now)).toBe('');
  });

  it('reads English, dates included, for a locale without a catalogue', () => {
    const de = createTranslator('de-CH');
    expect(de.locale).toBe('en');
    expect(de.t('bell.seeAll')).toBe('See all');
    expect(createTranslator('not a locale!!').locale).toBe('en');
  });

  it('keeps every English message non-empty with an `other` form for plurals', () => {
    for (const [id, message] of Object.entries(en)) {
      if (typeof message === 'string') expect(message, id).not.toBe('');
      else expect(message.other, id).toBeTruthy();
    }
  });
});
