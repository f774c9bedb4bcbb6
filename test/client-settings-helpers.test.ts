import { describe, expect, it } from 'vitest';
import { createAdminApi } from '../client/admin-api.ts';
import { ApiError } from '../client/api.ts';
import { createTranslator } from '../client/messages/index.ts';
import { settingsMessages } from '../client/messages/settings.ts';
import { generalField } from '../client/models/admin.ts';
import { kindLabeller, noticeText } from '../client/notice-text.ts';
import { createPreferencesApi } from '../client/preferences-api.ts';
import {
  channelLabel,
  generalChanges,
  generalDraft,
  headingTag,
  hourLabel,
  linesOf,
  timeZoneGroups,
  unreachableChannels,
} from '../client/settings-format.ts';
import type { GeneralSettings } from '../client/types.ts';

function recorder(respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    calls.push({ url, method: init.method ?? 'GET', body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
    return respond(url, init);
  };
  return { calls, fetchImpl };
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('settings and admin API clients', () => {
  it('speak the documented routes', async () => {
    const { calls, fetchImpl } = recorder((_url, init) => (init.method === 'DELETE' ? new Response(null, { status: 204 }) : json({})));
    const prefs = createPreferencesApi('/p/sb/', fetchImpl);
    await prefs.getPreferences();
    await prefs.patchPreferences({ matrix: { message: { email: null } }, email: { mode: 'digest' } });
    await prefs.addEndpoint({ channel: 'slack', url: 'https://hooks.example/x' });
    await prefs.removeEndpoint('7');
    await prefs.testEndpoint('7');
    const admin = createAdminApi(undefined, fetchImpl);
    await admin.getSettings();
    await admin.patchSettings({ roleDefaults: { readers: null } });
    await admin.testEndpoint('3');
    await admin.listDeliveries();
    await admin.listDeliveries({ status: 'dead', limit: 25, cursor: '40' });
    await admin.retryDelivery('12');
    expect(calls.map((c) => `${c.method} ${c.url}${c.body === undefined ? '' : ` ${JSON.stringify(c.body)}`}`)).toEqual([
      'GET /p/sb/preferences',
      'PATCH /p/sb/preferences {"matrix":{"message":{"email":null}},"email":{"mode":"digest"}}',
      'POST /p/sb/preferences/endpoints {"channel":"slack","url":"https://hooks.example/x"}',
      'DELETE /p/sb/preferences/endpoints/7',
      'POST /p/sb/preferences/endpoints/7/test',
      'GET /plugins/stockbell/admin/settings',
      'PATCH /plugins/stockbell/admin/settings {"roleDefaults":{"readers":null}}',
      'POST /plugins/stockbell/admin/endpoints/3/test',
      'GET /plugins/stockbell/admin/deliveries',
      'GET /plugins/stockbell/admin/deliveries?status=dead&limit=25&cursor=40',
      'POST /plugins/stockbell/admin/deliveries/12/retry',
    ]);
  });

  it('reject with the server’s own message and code', async () => {
    const { fetchImpl } = recorder(() =>
      json({ statusCode: 403, code: 'STOCKBELL_ERR_FORBIDDEN', error: 'Forbidden', message: 'Only administrators may do this' }, 403),
    );
    const error = await createAdminApi(null, fetchImpl)
      .getSettings()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 403, code: 'STOCKBELL_ERR_FORBIDDEN', message: 'Only administrators may do this' });
  });
});

describe('settings messages', () => {
  it('join the translator only where a widget brings them, and fall back to English', () => {
    const withSettings = createTranslator('en', settingsMessages);
    expect(withSettings.t('matrix.cell', { channel: 'Email', kind: 'Low stock' })).toBe('Email for Low stock');
    expect(withSettings.t('bell.heading')).toBe('Notifications');
    // A language without a catalogue reads English, settings included.
    expect(createTranslator('fi', settingsMessages).t('log.status.dead')).toBe('Dead');
    // Without the chunk's catalogue the id stays visible rather than breaking the widget.
    expect(createTranslator('en').t('log.status.dead')).toBe('log.status.dead');
  });

  it('word each notice', () => {
    const i18n = createTranslator('en', settingsMessages);
    const kind = kindLabeller([{ id: 'part.low_stock', label: 'Low stock' }]);
    const say = (body: Parameters<typeof noticeText>[1]) => noticeText(i18n, body, kind);
    expect(say({ type: 'cell', kind: 'part.low_stock', channel: 'email', enabled: false, source: null, seq: 1 })).toBe(
      'Email for Low stock: off',
    );
    expect(say({ type: 'cell', kind: 'part.low_stock', channel: 'slack', enabled: true, source: 'role', seq: 2 })).toBe(
      'Slack for Low stock follows the role default: on',
    );
    expect(say({ type: 'cell', kind: 'host.thing', channel: 'pager', enabled: true, source: 'global', seq: 3 })).toBe(
      'pager for host.thing follows the global default: on',
    );
    expect(say({ type: 'retried', id: '12', seq: 4 })).toBe('Delivery 12 queued again');
    expect(say({ type: 'test', name: 'Ops', ok: true, seq: 5 })).toBe('Test message to Ops delivered');
    expect(say(null)).toBe('');
    expect(channelLabel(i18n, 'webhook')).toBe('Webhook');
  });
});

describe('settings helpers', () => {
  it('find the chat and webhook channels that are on but have nowhere to send', () => {
    const on = { enabled: true, source: 'user' as const };
    const off = { enabled: false, source: 'global' as const };
    const view = {
      kinds: [{ id: 'part.low_stock', label: 'Low stock' }, { id: 'message', label: 'Messages' }],
      channels: ['inbox', 'email', 'slack', 'discord', 'teams', 'webhook'],
      matrix: {
        'part.low_stock': { inbox: on, email: on, slack: on, discord: off, teams: on, webhook: off },
        message: { inbox: on, email: on, slack: off, discord: off, teams: off, webhook: on },
      },
      endpoints: [{ id: '1', channel: 'teams' as const, name: 'Mine', url: 'https://…' }],
      sharedEndpoints: [],
    };
    // Email and the inbox need no endpoint; Teams has the user's own; Discord is off everywhere.
    expect(unreachableChannels(view)).toEqual(['slack', 'webhook']);
    expect(unreachableChannels({ ...view, sharedEndpoints: [{ id: '2', channel: 'slack' as const, name: 'Team' }] })).toEqual(['webhook']);
  });

  it('write hours as the locale does', () => {
    expect(hourLabel(17, 'en-US')).toBe('5:00 PM');
    expect(hourLabel(0, 'en-US')).toBe('12:00 AM');
    expect(hourLabel(17, 'de')).toBe('17:00');
  });

  it('group time zones by region, with UTC and the current value always there', () => {
    const groups = timeZoneGroups('Mars/Olympus_Mons', ['Europe/Berlin', 'America/New_York', 'Europe/Amsterdam', 'America/Argentina/Salta']);
    expect(groups).toEqual([
      ['', ['UTC']],
      ['America', ['America/Argentina/Salta', 'America/New_York']],
      ['Europe', ['Europe/Amsterdam', 'Europe/Berlin']],
      ['Mars', ['Mars/Olympus_Mons']],
    ]);
    const real = timeZoneGroups('UTC').flatMap(([, zones]) => zones);
    expect(real).toContain('Europe/Berlin');
    expect(real.filter((z) => z === 'UTC')).toHaveLength(1);
  });

  it('clamp heading levels to 2–6', () => {
    expect([undefined, null, '', 'x', 1, 2, '3', 6, 9].map((level) => headingTag(level))).toEqual([
      'h2',
      'h2',
      'h2',
      'h2',
      'h2',
      'h2',
      'h3',
      'h6',
      'h6',
    ]);
    expect(headingTag(2, 1)).toBe('h3');
  });

  it('send only what the general form changed', () => {
    const stored: GeneralSettings = {
      enabled: true,
      lowStockEnabled: true,
      retentionDays: 30,
      defaultDigestHour: 8,
      publicUrl: null,
      allowedOrigins: ['https://a.example'],
      urgentKinds: [],
      endpointAllowList: [],
    };
    const draft = generalDraft(stored);
    expect(generalChanges(draft, stored)).toEqual({});
    expect(
      generalChanges(
        { ...draft, enabled: false, retentionDays: ' 0 ', publicUrl: ' https://inv.example ', endpointAllowList: '127.0.0.1\n\n  ::1 \n' },
        stored,
      ),
    ).toEqual({ enabled: false, retentionDays: 0, publicUrl: 'https://inv.example', endpointAllowList: ['127.0.0.1', '::1'] });
    // Not a number is sent as such, so the server's 400 names the field.
    expect(generalChanges({ ...draft, retentionDays: '' }, stored).retentionDays).toBeNaN();
    expect(generalChanges({ ...draft, allowedOrigins: '' }, stored)).toEqual({ allowedOrigins: [] });
    expect(linesOf(' a \r\nb\n\n')).toEqual(['a', 'b']);
  });

  it('find the general field a 400 names', () => {
    expect(generalField('body/publicUrl must be an absolute URL')).toBe('publicUrl');
    expect(generalField('body/allowedOrigins/2 must be an origin only')).toBe('allowedOrigins');
    expect(generalField('body/retentionDays must be <= 3650')).toBe('retentionDays');
    expect(generalField('body/defaults/message/inbox is always on')).toBeNull();
    expect(generalField('Internal Server Error')).toBeNull();
  });
});
