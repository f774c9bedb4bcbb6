/**
 * The widgets' models for mutes, a template alone and traces, against the real server over real
 * HTTP on loopback (the fetch the browser would make, with the test host's `x-user` header): what
 * the toggle and the list hold after each action, the trace disclosure, the admin's lookup with a
 * 400 that names its field, and the trace in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdminApi } from '../client/admin-api.ts';
import { createApi, type FetchLike } from '../client/api.ts';
import { createTranslator } from '../client/messages/index.ts';
import { whyMessages } from '../client/messages/why.ts';
import { createSubscription } from '../client/models/subscription.ts';
import { createSubscriptionList } from '../client/models/subscriptions.ts';
import { createTrace } from '../client/models/trace.ts';
import { createTraceLookup, lookupField } from '../client/models/trace-lookup.ts';
import { channelText, checkText, deliveryText, problems } from '../client/trace-text.ts';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';

describe('mute, template and trace models against the server', () => {
  let t: TestApp;
  let origin: string;
  const as = (user: string): FetchLike => (url, init) =>
    fetch(`${origin}${url}`, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-user': user } });
  const api = (user: string) => createApi(undefined, as(user));
  const i18n = createTranslator('en', whyMessages);
  const now = Date.parse('2026-11-23T08:05:00Z');

  beforeAll(async () => {
    t = await startApp(sqlite);
    t.host.addUser('ann');
    t.host.addUser('root', { isAdmin: true });
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => t?.close());

  it('mutes under an inherited subscription and unmutes, the toggle’s state following the server', async () => {
    await api('ann').subscribe('category', '2');
    const toggle = createSubscription(api('ann'), 'part', '63');
    await toggle.refresh();
    expect(toggle.state.value).toMatchObject({ subscribed: false, covered: true, inheritedFrom: { name: 'Mechanical' } });
    expect(await toggle.toggleMute()).toBe(true);
    expect(toggle.state.value).toMatchObject({ muted: true, covered: false, mutedBy: { kind: 'part', id: '63' }, inheritedFrom: { name: 'Mechanical' } });
    const list = createSubscriptionList(api('ann'));
    await list.refresh();
    expect(list.muted.value.map((item) => item.name)).toEqual(['M3x8 SHCS']);
    expect(list.parts.value).toEqual([]);
    expect(await list.remove(list.muted.value[0] as never)).toBe(true);
    expect(list.muted.value).toEqual([]);
    await toggle.refresh();
    expect(toggle.state.value).toMatchObject({ muted: false, covered: true });
  });

  it('subscribes to a template alone, then with its variants', async () => {
    const toggle = createSubscription(api('ann'), 'part', '72');
    await toggle.refresh();
    expect(toggle.state.value).toMatchObject({ template: true, subscribed: false });
    expect(await toggle.subscribe({ variants: false })).toBe(true);
    expect(toggle.state.value).toMatchObject({ subscribed: true, variants: false });
    expect(await toggle.subscribe({ variants: true })).toBe(true);
    expect(toggle.state.value).toMatchObject({ subscribed: true, variants: true });
    expect(await toggle.toggle()).toBe(true);
    expect(toggle.state.value?.subscribed).toBe(false);
  });

  it('opens a trace, reads it afresh on each opening, and says it in words', async () => {
    await api('ann').mute('category', '3');
    const toggle = createSubscription(api('ann'), 'part', '63');
    const trace = createTrace(() => toggle.explain());
    trace.toggle();
    expect(trace.open.value).toBe(true);
    await expect.poll(() => trace.trace.value?.kind ?? trace.error.value?.message, { timeout: 5_000 }).toBe('part.low_stock');
    const first = trace.trace.value!;
    expect(first.told).toBe(false);
    expect(problems(i18n, first)).toBe('it is not below its minimum; Fasteners is muted');
    const below = first.checks.find((c) => c.step === 'belowMinimum')!;
    expect(checkText(i18n, below, now)).toBe('No minimum stock is set');
    expect(first.channels.map((cell) => channelText(i18n, cell))).toEqual([
      'Inbox: always on (the default)',
      'Email: sent at once (the default)',
      'Slack: off (the default)',
      'Discord: off (the default)',
      'Teams: off (the default)',
      'Webhook: off (the default)',
    ]);
    trace.toggle();
    expect(trace.open.value).toBe(false);
    await api('ann').unmute('category', '3');
    trace.toggle();
    await expect.poll(() => (trace.loading.value ? '' : problems(i18n, trace.trace.value!)), { timeout: 5_000 }).toBe('it is not below its minimum');
  });

  it('keeps a failed read as the disclosure’s error', async () => {
    const trace = createTrace(() => api('ann').trace('part', '99999'));
    trace.toggle();
    await expect.poll(() => trace.error.value?.message, { timeout: 5_000 }).toBe('part 99999 not found');
    expect(trace.trace.value).toBeNull();
  });

  it('says what was sent, for a notification', async () => {
    await t.app.stockbell.send({ to: { userId: 'ann' }, subject: 'Count the shelves' });
    const [n] = (await api('ann').listNotifications()).items;
    const trace = await api('ann').notificationTrace(n!.id);
    expect(trace.deliveries.map((d) => deliveryText(i18n, d, now))).toEqual(['Email: waiting, due 5 minutes ago']);
  });

  it('asks for anyone as an administrator, and keeps a 400 with the field it names', async () => {
    const lookup = createTraceLookup((user, kind, id) => createAdminApi(undefined, as('root')).trace(user, kind, id));
    await lookup.explain({ user: '', kind: 'part', id: '63' });
    expect(lookup.error.value).toMatchObject({ field: 'user' });
    expect(lookup.trace.value).toBeNull();
    await lookup.explain({ user: 'ann', kind: 'part', id: '63' });
    expect(lookup.error.value).toBeNull();
    expect(lookup.trace.value).toMatchObject({ kind: 'part.low_stock', target: { id: '63' } });
    expect(lookupField('params/id must match pattern')).toBe('id');
    expect(lookupField('part 1 not found')).toBeNull();
  });
});
