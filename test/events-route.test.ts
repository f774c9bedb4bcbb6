/** `POST /events` from another process: host token, schema, idempotency. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';

describe('POST /events', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startApp(sqlite);
    t.host.addUser('ann');
    t.host.parts.get('1')!.minimumStock = 100;
    await t.as('ann', 'PUT', '/subscriptions/part/1');
  });
  afterEach(async () => t?.close());

  const post = (body: unknown, token: string | null = 'test-host-token-0123456789') =>
    t.app.inject({
      method: 'POST',
      url: '/plugins/stockbell/events',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      payload: body as object,
    });

  it('accepts a stock change with the host token and dedupes a retry by key', async () => {
    t.host.setStock('1', 5);
    const first = await post({ type: 'stockChanged', partId: '1', key: 'move-7' });
    expect(first.statusCode).toBe(202);
    expect(first.json()).toMatchObject({ duplicate: false, notified: 1 });
    const retry = await post({ type: 'stockChanged', partId: '1', key: 'move-7' });
    expect(retry.json()).toEqual({ eventId: null, duplicate: true, notified: 0, resolved: 0 });
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body.count).toBe(1);
  });

  it('refuses a missing or wrong token with 401, and a user session is not a host token', async () => {
    t.host.setStock('1', 5);
    expect((await post({ type: 'stockChanged', partId: '1' }, null)).statusCode).toBe(401);
    expect((await post({ type: 'stockChanged', partId: '1' }, 'wrong-token-wrong-token')).json()).toMatchObject({ code: 'STOCKBELL_ERR_HOST_TOKEN' });
    const asUser = await t.app.inject({ method: 'POST', url: '/plugins/stockbell/events', headers: { 'x-user': 'ann' }, payload: { type: 'stockChanged', partId: '1' } });
    expect(asUser.statusCode).toBe(401);
    expect((await t.as('ann', 'GET', '/notifications/unread-count')).body.count).toBe(0);
  });

  it('answers 400 naming the field, and 404 for an unknown part', async () => {
    expect((await post({ type: 'stockMoved', partId: '1' })).json().message).toContain('body/type');
    expect((await post({ type: 'stockChanged' })).json().message).toContain('body/partId');
    expect((await post({ type: 'buildCreated', partId: '1' })).json().message).toContain('body/buildId');
    expect((await post({ type: 'stockChanged', partId: '1', extra: 1 })).json().message).toContain('body/extra');
    expect((await post({ type: 'stockChanged', partId: '99999' })).statusCode).toBe(404);
  });
});
