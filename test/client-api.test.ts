import { describe, expect, it } from 'vitest';
import { ApiError, createApi, normalizeBaseUrl } from '../client/api.ts';

function recorder(respond: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetchImpl = async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return { calls, fetchImpl };
}
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('createApi', () => {
  it('defaults the base URL and trims trailing slashes', () => {
    expect(normalizeBaseUrl(undefined)).toBe('/plugins/stockbell');
    expect(normalizeBaseUrl('  ')).toBe('/plugins/stockbell');
    expect(normalizeBaseUrl('/x/stockbell//')).toBe('/x/stockbell');
  });

  it('sends same-origin credentials and builds the documented URLs', async () => {
    const { calls, fetchImpl } = recorder((url) =>
      url.endsWith('unread-count') ? json({ count: 4 }) : json({ items: [], nextCursor: null }),
    );
    const api = createApi('/p/sb/', fetchImpl);
    expect(await api.unreadCount()).toBe(4);
    await api.listNotifications({ state: 'read', limit: 50, cursor: 'abc=' });
    expect(calls.map((c) => c.url)).toEqual([
      '/p/sb/notifications/unread-count',
      '/p/sb/notifications?state=read&limit=50&cursor=abc%3D',
    ]);
    for (const call of calls) {
      expect(call.init.credentials).toBe('same-origin');
      expect(call.init.body).toBeUndefined();
      expect((call.init.headers as Record<string, string>)['content-type']).toBeUndefined();
    }
  });

  it('escapes ids in paths and sends JSON only with a body', async () => {
    const { calls, fetchImpl } = recorder((_url, init) =>
      init.method === 'DELETE' && !_url.includes('subscriptions') ? new Response(null, { status: 204 }) : json({ deleted: 2 }),
    );
    const api = createApi(undefined, fetchImpl);
    await api.deleteNotification('a/b?c');
    expect(await api.deleteNotifications(['1', '2'])).toBe(2);
    expect(calls[0]?.url).toBe('/plugins/stockbell/notifications/a%2Fb%3Fc');
    const [, many] = calls;
    expect(many?.init.body).toBe('{"ids":["1","2"]}');
    expect((many?.init.headers as Record<string, string> | undefined)?.['content-type']).toBe('application/json');
  });

  it('maps every route', async () => {
    const { calls, fetchImpl } = recorder((url) => json(url.includes('subscriptions') ? { items: [], subscribed: true } : { updated: 3, deleted: 1 }));
    const api = createApi('/sb', fetchImpl);
    await api.markRead('1');
    await api.markUnread('1');
    expect(await api.markAllRead()).toBe(3);
    expect(await api.deleteHistory()).toBe(1);
    await api.listSubscriptions();
    await api.getSubscription('part', '42');
    await api.subscribe('category', '7');
    await api.unsubscribe('part', '42');
    expect(calls.map((c) => `${c.init.method} ${c.url}`)).toEqual([
      'POST /sb/notifications/1/read',
      'POST /sb/notifications/1/unread',
      'POST /sb/notifications/read-all',
      'DELETE /sb/notifications?state=read',
      'GET /sb/subscriptions',
      'GET /sb/subscriptions/part/42',
      'PUT /sb/subscriptions/category/7',
      'DELETE /sb/subscriptions/part/42',
    ]);
  });

  it("surfaces the server's message and code", async () => {
    const api = createApi(undefined, async () =>
      json({ statusCode: 404, code: 'STOCKBELL_ERR_NOT_FOUND', error: 'Not Found', message: 'Notification not found' }, 404),
    );
    const error = await api.markRead('9').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'STOCKBELL_ERR_NOT_FOUND', message: 'Notification not found' });
  });

  it('carries the wait a 429 asks for (Retry-After), and none otherwise', async () => {
    const limited = createApi('', async () =>
      new Response(JSON.stringify({ statusCode: 429, code: 'STOCKBELL_ERR_RATE_LIMIT', message: 'Too many requests: try again in 42 seconds' }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '42' },
      }),
    );
    const error = await limited.markAllRead().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'STOCKBELL_ERR_RATE_LIMIT', retryAfter: 42 });
    const other = await createApi('', async () => json({ code: 'X', message: 'no' }, 404)).markAllRead().catch((e: unknown) => e);
    expect((other as ApiError).retryAfter).toBeNull();
  });

  it('keeps the status line when the error body is not JSON, and marks network failures', async () => {
    const html = createApi(undefined, async () => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(html.unreadCount()).rejects.toMatchObject({ status: 502, code: 'HTTP_502', message: 'Bad Gateway' });
    const offline = createApi(undefined, async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(offline.unreadCount()).rejects.toMatchObject({ status: 0, code: 'NETWORK' });
  });
});
