import { describe, expect, it } from 'vitest';
import { ApiError } from '../client/api.ts';
import { createAdmin } from '../client/models/admin.ts';
import { canRetry, createDeliveryLog } from '../client/models/deliveries.ts';
import { endpointField } from '../client/models/endpoints.ts';
import { createPreferences, quietHoursOn } from '../client/models/preferences.ts';
import { createSaveQueue } from '../client/models/save-queue.ts';
import { generalChanges, generalDraft } from '../client/settings-format.ts';
import { flush } from './client-fakes.ts';
import { delivery, fakeAdminApi, fakePreferencesApi } from './client-settings-fakes.ts';

/** Let queued promise chains run (several awaits deep). */
const settle = async () => {
  for (let i = 0; i < 5; i += 1) await flush();
};

describe('save queue', () => {
  it('sends in order, applies only the last answer, and re-reads once after a failure', async () => {
    const applied: number[] = [];
    let reloads = 0;
    const queue = createSaveQueue<number>(
      (v) => applied.push(v),
      async () => {
        reloads += 1;
      },
    );
    const order: number[] = [];
    const later = (n: number, fail = false) => async () => {
      order.push(n);
      await flush();
      if (fail) throw new Error(`no ${n}`);
      return n;
    };
    const results = await Promise.all([queue.run(later(1)), queue.run(later(2, true)), queue.run(later(3))]);
    expect(order).toEqual([1, 2, 3]);
    expect(applied).toEqual([3]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    expect(reloads).toBe(1);
    expect(queue.saving.value).toBe(false);
  });
});

describe('preferences model', () => {
  it('loads the view and keeps a failure to say, clearing it on the next success', async () => {
    const { api, failNext } = fakePreferencesApi();
    const model = createPreferences(api);
    failNext(new ApiError(500, 'X', 'Database on fire'));
    await model.refresh();
    expect(model.view.value).toBeNull();
    expect(model.error.value).toMatchObject({ action: 'load', error: { message: 'Database on fire' } });
    await model.refresh();
    expect(model.view.value?.matrix.message?.email).toEqual({ enabled: true, source: 'global' });
    expect(model.error.value).toBeNull();
    expect(model.loading.value).toBe(false);
  });

  it('shows a cell change at once as the user’s own, saves it with PATCH and announces it', async () => {
    const { api, calls, answers } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    answers.hold();
    const saving = model.setCell('message', 'email', false);
    expect(model.view.value?.matrix.message?.email).toEqual({ enabled: false, source: 'user' });
    expect(model.saving.value).toBe(true);
    await settle();
    expect(calls.at(-1)).toBe('patch {"matrix":{"message":{"email":false}}}');
    answers.open();
    expect(await saving).toBe(true);
    expect(model.saving.value).toBe(false);
    expect(model.notice.value).toMatchObject({ type: 'cell', kind: 'message', channel: 'email', enabled: false, source: null });
  });

  it('puts a failed change back as stored and says why', async () => {
    const { api, calls, failNext } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    failNext(new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', 'body/matrix/message/slack is not a channel'));
    expect(await model.setCell('message', 'slack', true)).toBe(false);
    expect(model.error.value).toMatchObject({ action: 'save', error: { message: 'body/matrix/message/slack is not a channel' } });
    expect(model.view.value?.matrix.message?.slack).toEqual({ enabled: false, source: 'global' });
    expect(calls.at(-1)).toBe('get');
    expect(model.notice.value).toBeNull();
  });

  it('does not let an earlier answer undo a later change still on its way', async () => {
    const { api, answers } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    answers.hold();
    const first = model.setCell('message', 'email', false);
    const second = model.setCell('message', 'slack', true);
    await settle();
    answers.release(); // the first answer: the second change is still queued behind it
    await settle();
    expect(model.view.value?.matrix.message?.slack).toEqual({ enabled: true, source: 'user' });
    answers.open();
    await Promise.all([first, second]);
    expect(model.view.value?.matrix.message).toMatchObject({
      email: { enabled: false, source: 'user' },
      slack: { enabled: true, source: 'user' },
    });
  });

  it('resets a cell to its default with null, marking it busy meanwhile', async () => {
    const { api, calls, answers } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    await model.setCell('part.low_stock', 'email', false);
    answers.hold();
    const reset = model.resetCell('part.low_stock', 'email');
    expect(model.resetting.value.has('part.low_stock\u0000email')).toBe(true);
    // Not optimistic: only the server knows what the default is.
    expect(model.view.value?.matrix['part.low_stock']?.email?.source).toBe('user');
    answers.open();
    expect(await reset).toBe(true);
    expect(calls.at(-1)).toBe('patch {"matrix":{"part.low_stock":{"email":null}}}');
    expect(model.view.value?.matrix['part.low_stock']?.email).toEqual({ enabled: true, source: 'global' });
    expect(model.resetting.value.size).toBe(0);
    expect(model.notice.value).toMatchObject({ type: 'cell', enabled: true, source: 'global' });
  });

  it('saves email mode, digest hour and time zone', async () => {
    const { api, store } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    expect(await model.setEmail({ mode: 'digest' })).toBe(true);
    expect(await model.setEmail({ digestHour: 17, timeZone: 'Europe/Berlin' })).toBe(true);
    expect(store.email).toEqual({ mode: 'digest', digestHour: 17, timeZone: 'Europe/Berlin' });
    expect(model.view.value?.email).toEqual(store.email);
    expect(model.notice.value?.type).toBe('email');
  });

  it('saves quiet hours whole through PATCH, shown at once; nothing on is sent as null', async () => {
    const { api, store, calls, answers } = fakePreferencesApi();
    store.urgentKinds = ['part.low_stock'];
    const model = createPreferences(api);
    await model.refresh();
    expect(model.view.value?.quietHours).toEqual({ nights: null, weekends: false });
    expect(model.view.value?.urgentKinds).toEqual(['part.low_stock']);

    // A window across midnight: the whole value goes, weekends as they were.
    answers.hold();
    const nights = model.setQuietHours({ nights: { from: '19:00', to: '07:00' } });
    expect(model.view.value?.quietHours).toEqual({ nights: { from: '19:00', to: '07:00' }, weekends: false });
    await settle();
    expect(calls.at(-1)).toBe('patch {"quietHours":{"nights":{"from":"19:00","to":"07:00"},"weekends":false}}');
    answers.open();
    expect(await nights).toBe(true);
    expect(model.notice.value?.type).toBe('quiet');

    // Weekends too, then one end moved: each change keeps the rest.
    expect(await model.setQuietHours({ weekends: true })).toBe(true);
    expect(await model.setQuietHours({ nights: { from: '22:30', to: '07:00' } })).toBe(true);
    expect(store.quietHours).toEqual({ nights: { from: '22:30', to: '07:00' }, weekends: true });
    expect(quietHoursOn(store.quietHours)).toBe(true);

    // Weekends only is quiet hours too; with nothing left on, none at all.
    expect(await model.setQuietHours({ nights: null })).toBe(true);
    expect(calls.at(-1)).toBe('patch {"quietHours":{"nights":null,"weekends":true}}');
    expect(await model.setQuietHours({ weekends: false })).toBe(true);
    expect(calls.at(-1)).toBe('patch {"quietHours":null}');
    expect(model.view.value?.quietHours).toEqual({ nights: null, weekends: false });
    expect(quietHoursOn(model.view.value?.quietHours ?? { nights: null, weekends: true })).toBe(false);
  });

  it('puts refused quiet hours back as stored and says why', async () => {
    const { api, calls, failNext } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    failNext(new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', 'body/quietHours/nights/from must match pattern'));
    expect(await model.setQuietHours({ nights: { from: '7', to: '19:00' } })).toBe(false);
    expect(model.error.value).toMatchObject({ action: 'save', error: { message: 'body/quietHours/nights/from must match pattern' } });
    expect(calls.at(-1)).toBe('get');
    expect(model.view.value?.quietHours).toEqual({ nights: null, weekends: false });
    expect(model.notice.value).toBeNull();
  });

  it('adds endpoints (the server’s 400 kept with the field it names), removes and tests them', async () => {
    const { api, store } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    const { endpoints } = model;

    expect(await endpoints.add({ channel: 'webhook', url: 'ftp://files.example/x' })).toBe(false);
    expect(endpoints.addError.value).toMatchObject({ field: 'url', error: { message: 'body/url endpoint URL must use http or https, not ftp:' } });
    expect(endpoints.items.value).toEqual([]);

    expect(await endpoints.add({ channel: 'webhook', name: 'Mine', url: 'https://hooks.example/abc' })).toBe(true);
    expect(endpoints.addError.value).toBeNull();
    expect(endpoints.items.value.map((e) => e.name)).toEqual(['Mine']);
    expect(endpoints.secret.value).toEqual({ name: 'Mine', secret: 'whsec_test' });
    expect(model.notice.value).toMatchObject({ type: 'endpoint-added', name: 'Mine' });
    endpoints.dismissSecret();
    expect(endpoints.secret.value).toBeNull();
    expect(await endpoints.add({ channel: 'slack', name: 'Team', url: 'https://hooks.example/def' })).toBe(true);
    expect(endpoints.secret.value).toBeNull(); // only webhooks have one
    expect(await endpoints.add({ channel: 'webhook', name: 'Plain', url: 'https://hooks.example/ghi', signed: false })).toBe(true);
    expect(endpoints.secret.value).toBeNull(); // nor an unsigned one
    await endpoints.remove('3');

    await endpoints.test('1');
    expect(endpoints.tests.value['1']).toEqual({ pending: false, result: { ok: true, error: null }, error: null });
    expect(model.notice.value).toMatchObject({ type: 'test', name: 'Mine' });
    store.testResult = { ok: false, error: 'webhook: HTTP 500' };
    const seq = model.notice.value?.seq;
    await endpoints.test('2');
    expect(endpoints.tests.value['2']?.result).toEqual({ ok: false, error: 'webhook: HTTP 500' });
    expect(model.notice.value?.seq).toBe(seq); // a failure is an alert beside the endpoint, not a status

    expect(await endpoints.remove('1')).toBe(true);
    expect(endpoints.items.value.map((e) => e.id)).toEqual(['2']);
    expect(endpoints.tests.value['1']).toBeUndefined();
    expect(model.notice.value).toMatchObject({ type: 'endpoint-removed', name: 'Mine' });
    expect(await endpoints.remove('1')).toBe(false);
    expect(endpoints.removeError.value?.message).toBe('endpoint 1 not found');
  });
});

describe('endpointField', () => {
  it('finds the form field a 400 names, personal or shared', () => {
    expect(endpointField('body/url endpoint URL must use http or https, not ftp:')).toBe('url');
    expect(endpointField('body/endpoints/add/0/url endpoint address 10.0.0.1 is a private address')).toBe('url');
    expect(endpointField('body/channel must be equal to constant')).toBe('channel');
    expect(endpointField('body/name must NOT have fewer than 1 characters')).toBe('name');
    expect(endpointField('body/signed applies to webhook endpoints only')).toBe('signed');
    expect(endpointField('body: you already have 10 endpoints; remove one first')).toBeNull();
    expect(endpointField('body/urls something')).toBeNull();
  });
});

describe('admin model', () => {
  it('reads the settings, then the delivery log once', async () => {
    const { api, store, calls } = fakeAdminApi();
    store.deliveries = [delivery(2), delivery(1)];
    const model = createAdmin(api);
    await model.refresh();
    await settle();
    expect(model.settings.value?.retentionDays).toBe(30);
    expect(model.log.items.value.map((d) => d.id)).toEqual(['2', '1']);
    await model.refresh();
    await settle();
    expect(calls.filter((c) => c.startsWith('list'))).toHaveLength(1);
    expect(model.denied.value).toBe(false);
  });

  it('keeps a non-admin’s 403 as the reason, and reads nothing else', async () => {
    const { api, store, calls } = fakeAdminApi();
    store.forbidden = true;
    const model = createAdmin(api);
    await model.refresh();
    await settle();
    expect(model.denied.value).toBe(true);
    expect(model.error.value?.error.message).toBe('Only administrators may do this');
    expect(calls).toEqual(['get']);
  });

  it('saves general settings, keeping a 400 with the field it names', async () => {
    const { api, calls } = fakeAdminApi();
    const model = createAdmin(api);
    await model.refresh();
    expect(await model.saveGeneral({ publicUrl: 'inventory' })).toBe(false);
    expect(model.generalError.value).toMatchObject({ field: 'publicUrl' });
    expect(await model.saveGeneral({ publicUrl: 'https://inv.example', endpointAllowList: ['127.0.0.1'] })).toBe(true);
    expect(model.generalError.value).toBeNull();
    expect(model.settings.value).toMatchObject({ publicUrl: 'https://inv.example', endpointAllowList: ['127.0.0.1'] });
    expect(model.notice.value?.type).toBe('saved');
    const patches = calls.filter((c) => c.startsWith('patch')).length;
    expect(await model.saveGeneral({})).toBe(true); // nothing changed: nothing sent
    expect(calls.filter((c) => c.startsWith('patch'))).toHaveLength(patches);
  });

  it('saves urgent kinds with the general settings, as a set; an unknown kind’s 400 names the field', async () => {
    const { api, calls, store } = fakeAdminApi();
    const model = createAdmin(api);
    await model.refresh();
    const stored = model.settings.value;
    if (!stored) throw new Error('not loaded');
    const draft = generalDraft(stored);
    expect(draft.urgentKinds).toEqual([]);
    expect(generalChanges({ ...draft, urgentKinds: ['message'] }, stored)).toEqual({ urgentKinds: ['message'] });

    expect(await model.saveGeneral(generalChanges({ ...draft, urgentKinds: ['part.low_stock', 'message'] }, stored))).toBe(true);
    expect(calls.at(-1)).toBe('patch {"urgentKinds":["part.low_stock","message"]}');
    expect(store.settings.urgentKinds).toEqual(['part.low_stock', 'message']);
    expect(model.settings.value?.urgentKinds).toEqual(['part.low_stock', 'message']);
    expect(model.notice.value?.type).toBe('saved');
    // The same kinds in another order are no change.
    const now = model.settings.value;
    if (!now) throw new Error('not loaded');
    expect(generalChanges({ ...generalDraft(now), urgentKinds: ['message', 'part.low_stock'] }, now)).toEqual({});

    expect(await model.saveGeneral({ urgentKinds: ['part.gone'] })).toBe(false);
    expect(model.generalError.value).toMatchObject({ field: 'urgentKinds', error: { message: 'body/urgentKinds/0 is not a known kind' } });
    expect(store.settings.urgentKinds).toEqual(['part.low_stock', 'message']);
  });

  it('changes global and role defaults, and clears a role', async () => {
    const { api, calls, answers } = fakeAdminApi();
    const model = createAdmin(api);
    await model.refresh();
    answers.hold();
    const global = model.setDefault('message', 'slack', true);
    expect(model.settings.value?.defaults.message?.slack).toBe(true);
    answers.open();
    expect(await global).toBe(true);
    expect(calls.at(-1)).toBe('patch {"defaults":{"message":{"slack":true}}}');

    expect(await model.setRoleDefault('engineering', 'message', 'webhook', true)).toBe(true);
    expect(model.roles.value).toEqual(['engineering']);
    expect(model.settings.value?.roleDefaults.engineering).toEqual({ message: { webhook: true } });
    expect(model.notice.value).toMatchObject({ type: 'cell', enabled: true, source: null });
    expect(await model.setRoleDefault('engineering', 'message', 'webhook', null)).toBe(true);
    expect(calls.at(-1)).toBe('patch {"roleDefaults":{"engineering":{"message":{"webhook":null}}}}');
    expect(model.roles.value).toEqual([]);
    expect(model.notice.value).toMatchObject({ type: 'cell', enabled: false, source: 'global' });

    await model.setRoleDefault('readers', 'part.low_stock', 'email', false);
    expect(await model.clearRole('readers')).toBe(true);
    expect(calls.at(-1)).toBe('patch {"roleDefaults":{"readers":null}}');
    expect(model.settings.value?.roleDefaults).toEqual({});
    expect(model.notice.value).toMatchObject({ type: 'role-cleared', role: 'readers' });
  });

  it("offers the host's roles when it lists them, then roles that still have defaults; none to pick when it does not", async () => {
    const { api, store } = fakeAdminApi();
    const model = createAdmin(api);
    await model.refresh();
    expect(model.roleChoices.value).toBeNull();
    store.settings = {
      ...store.settings,
      roles: [{ id: 'eng', name: 'Engineering' }, { id: 'buy', name: 'Purchasing' }],
      roleDefaults: { zeta: { message: { email: false } }, eng: { message: { email: false } }, alpha: { message: { slack: true } } },
    };
    await model.refresh();
    expect(model.roleChoices.value).toEqual([
      { id: 'eng', name: 'Engineering' },
      { id: 'buy', name: 'Purchasing' },
      { id: 'alpha', name: 'alpha' },
      { id: 'zeta', name: 'zeta' },
    ]);
  });

  it('adds shared endpoints through PATCH, showing a new webhook’s secret once', async () => {
    const { api, calls } = fakeAdminApi();
    const model = createAdmin(api);
    await model.refresh();
    expect(await model.endpoints.add({ channel: 'webhook', url: 'ftp://x.example/y' })).toBe(false);
    expect(model.endpoints.addError.value?.field).toBe('url');
    expect(await model.endpoints.add({ channel: 'webhook', name: 'Ops', url: 'https://hooks.example/ops' })).toBe(true);
    expect(calls.at(-1)).toBe('patch {"endpoints":{"add":[{"channel":"webhook","name":"Ops","url":"https://hooks.example/ops"}]}}');
    expect(model.endpoints.secret.value).toEqual({ name: 'Ops', secret: 'whsec_shared' });
    expect(model.endpoints.items.value.map((e) => e.name)).toEqual(['Ops']);
    await model.endpoints.test('1');
    expect(model.endpoints.tests.value['1']?.result?.ok).toBe(false);
    expect(await model.endpoints.remove('1')).toBe(true);
    expect(calls.at(-1)).toBe('patch {"endpoints":{"remove":["1"]}}');
    expect(model.endpoints.items.value).toEqual([]);
  });
});

describe('delivery log model', () => {
  it('filters by status, pages by cursor, and drops a page a newer read replaced', async () => {
    const { api, store, calls, answers } = fakeAdminApi();
    store.deliveries = [5, 4, 3, 2, 1].map((id) => delivery(id, { status: id % 2 ? 'dead' : 'sent' }));
    const log = createDeliveryLog(api, { pageSize: 2 });
    await log.reload();
    expect(log.items.value.map((d) => d.id)).toEqual(['5', '4']);
    expect(log.counts.value).toEqual({ pending: 0, sending: 0, sent: 2, dead: 3 });
    await log.loadMore();
    await log.loadMore();
    expect(log.items.value.map((d) => d.id)).toEqual(['5', '4', '3', '2', '1']);
    expect(log.nextCursor.value).toBeNull();

    answers.hold();
    const stale = log.reload();
    const fresh = log.setStatus('dead');
    answers.open();
    await Promise.all([stale, fresh]);
    expect(log.items.value.map((d) => d.id)).toEqual(['5', '3']);
    expect(log.status.value).toBe('dead');
    expect(calls.slice(-2)).toEqual(['list all 2', 'list dead 2']);
  });

  it('retries a dead job in place and says so; a refused retry is an error to show', async () => {
    const { api, store } = fakeAdminApi();
    store.deliveries = [delivery(2, { status: 'dead', lastError: 'HTTP 410' }), delivery(1)];
    const notices: unknown[] = [];
    const log = createDeliveryLog(api, { announce: (body) => notices.push(body) });
    await log.reload();
    expect(log.items.value.map(canRetry)).toEqual([true, false]);
    expect(await log.retry('2')).toBe(true);
    expect(log.items.value[0]).toMatchObject({ id: '2', status: 'pending', attempts: 0 });
    expect(notices).toEqual([{ type: 'retried', id: '2' }]);
    expect(await log.retry('1')).toBe(false);
    expect(log.error.value).toMatchObject({ action: 'retry', error: { message: 'delivery 1 is sent: only dead or failing deliveries can be retried' } });
    expect(log.retrying.value.size).toBe(0);
  });

  it('offers Retry for dead and failing jobs only', () => {
    expect(['pending', 'retrying', 'sending', 'sent', 'dead'].map((status) => canRetry(delivery(1, { status: status as never })))).toEqual([
      false,
      true,
      false,
      false,
      true,
    ]);
  });
});

describe('reads and saves crossing', () => {
  it('a read answered while a change is on its way does not undo the change on screen', async () => {
    const { api, answers } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    answers.hold();
    const read = model.refresh(); // its answer predates the change
    const save = model.setCell('message', 'email', false);
    await settle();
    answers.release();
    await read;
    expect(model.view.value?.matrix.message?.email).toEqual({ enabled: false, source: 'user' });
    answers.open();
    await save;
    expect(model.view.value?.matrix.message?.email).toEqual({ enabled: false, source: 'user' });
    expect(model.loading.value).toBe(false);
  });

  it('a save answered before an older read: the save wins and “loading” ends', async () => {
    const { api, answers } = fakePreferencesApi();
    const model = createPreferences(api);
    await model.refresh();
    answers.hold();
    const read = model.refresh();
    const save = model.setCell('message', 'email', false);
    await settle();
    answers.releaseNewest(); // the save's answer
    await save;
    answers.open();
    await read;
    expect(model.loading.value).toBe(false);
    expect(model.view.value?.matrix.message?.email).toEqual({ enabled: false, source: 'user' });
  });
});
