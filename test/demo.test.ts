/**
 * The demo host, on SQLite and on PostgreSQL: seeding, sessions, the JSON API's contract (401, 400
 * naming the field, 404), roles, template stock, escaping, build orders, and Stockbell receiving the
 * demo's events end to end.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemo } from '../demo/app.ts';
import { openDemoStore } from '../demo/db.ts';
import { SESSION_COOKIE } from '../demo/session.ts';
import { countRows, type DemoStore } from '../demo/store/tables.ts';
import { databases, type TestDatabase } from './support/databases.ts';
import { type DemoStorage, demoStorage } from './support/demo-storage.ts';

interface Demo {
  app: FastifyInstance;
  /** Signs in and returns the Cookie header for that user. */
  login(username: string): Promise<string>;
  request(cookie: string | null, options: InjectOptions): Promise<Answer>;
  /** Posts a page form (`application/x-www-form-urlencoded`), as a browser without JavaScript does. */
  postForm(cookie: string | null, url: string, fields: string): Promise<Answer>;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Record<string, unknown>;
}

async function startDemo(storage: DemoStorage): Promise<Demo> {
  const app = await buildDemo(storage.options);
  await app.ready();
  const request: Demo['request'] = async (cookie, options) => {
    const response = await app.inject({ ...options, headers: { ...options.headers, ...(cookie ? { cookie } : {}) } });
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      text: response.body,
      body: type.includes('json') && response.body ? JSON.parse(response.body) : null,
      headers: response.headers,
    };
  };
  return {
    app,
    async login(username) {
      const response = await app.inject({ method: 'POST', url: '/demo/login', payload: { username } });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
      if (!cookie) throw new Error('no session cookie');
      return `${cookie.name}=${cookie.value}`;
    },
    request,
    postForm: (cookie, url, fields) =>
      request(cookie, { method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: fields }),
    close: () => app.close(),
  };
}

interface SignedInDemo {
  storage: DemoStorage;
  demo: Demo;
  /** The demo's own tables, opened beside the app as another process would. */
  store: DemoStore;
  admin: string;
  engineer: string;
  reader: string;
}

/** A demo on fresh storage with admin, engineer and reader signed in. */
async function startSignedInDemo(database: TestDatabase): Promise<SignedInDemo> {
  const storage = demoStorage(database);
  const demo = await startDemo(storage);
  const store = await openDemoStore(storage.store);
  const [admin, engineer, reader] = await Promise.all([demo.login('admin'), demo.login('engineer'), demo.login('reader')]);
  return { storage, demo, store, admin, engineer, reader };
}

async function stopSignedInDemo(started: SignedInDemo | undefined): Promise<void> {
  await started?.demo.close();
  await started?.store.db.destroy();
  await started?.storage.cleanup();
}

describe.each(databases)('demo host on $name', (database) => {
  let started: SignedInDemo;
  let demo: Demo;
  let store: DemoStore;
  let admin: string;
  let engineer: string;
  let reader: string;

  beforeAll(async () => {
    started = await startSignedInDemo(database);
    ({ demo, store, admin, engineer, reader } = started);
  });
  afterAll(() => stopSignedInDemo(started));

  it('seeds InvenTree’s demo dataset on the first start', async () => {
    const home = await demo.request(engineer, { method: 'GET', url: '/' });
    expect(home.status).toBe(200);
    expect(home.text).toContain('<span data-count="categories">27</span>');
    expect(home.text).toContain('<span data-count="parts">414</span>');
    const counts = await Promise.all((['categories', 'parts', 'builds', 'bom_items', 'users'] as const).map((t) => countRows(store, t)));
    expect(counts).toEqual([27, 414, 16, 228, 4]);
    const engineerRow = await store.db.selectFrom('users').select('email').where('username', '=', 'engineer').executeTakeFirst();
    expect(engineerRow).toEqual({ email: 'engineer@example.test' });
  });

  it('signs in with a known username and refuses an unknown one, naming the field', async () => {
    const ok = await demo.request(null, { method: 'POST', url: '/demo/login', payload: { username: 'allaccess' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ username: 'allaccess', roles: ['all-access'], isAdmin: false });
    expect(String(ok.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=`);

    const unknown = await demo.request(null, { method: 'POST', url: '/demo/login', payload: { username: 'mallory' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('username');
    expect(unknown.headers['set-cookie']).toBeUndefined();

    const missing = await demo.request(null, { method: 'POST', url: '/demo/login', payload: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('username');
  });

  it('signs in from the user picker form and goes back where the user was going', async () => {
    const response = await demo.postForm(null, '/demo/login', 'username=engineer&next=%2Fparts%2F77');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/parts/77');
    const offsite = await demo.postForm(null, '/demo/login', 'username=engineer&next=%2F%2Fevil.example');
    expect(offsite.headers.location).toBe('/');
  });

  it('treats a forged session cookie as nobody', async () => {
    const forged = `${SESSION_COOKIE}=1`;
    const response = await demo.request(forged, { method: 'POST', url: '/api/parts/77/stock', payload: { quantity: 1 } });
    expect(response.status).toBe(401);
  });

  it('answers 401 on every API route without a session, before looking at the input', async () => {
    for (const [method, url, payload] of [
      ['POST', '/api/parts/77/stock', { quantity: 1 }],
      ['POST', '/api/parts/77/stock', { quantity: 'lots' }],
      ['PATCH', '/api/parts/77', { minimumStock: 2 }],
      ['POST', '/api/builds', { partId: 77, quantity: 1 }],
      ['GET', '/api/parts/77', undefined],
    ] as const) {
      const response = await demo.request(null, { method, url, ...(payload ? { payload } : {}) });
      expect(response.status, `${method} ${url}`).toBe(401);
    }
  });

  it('redirects pages to the user picker without a session', async () => {
    const response = await demo.request(null, { method: 'GET', url: '/parts/77' });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?next=%2Fparts%2F77');
    const picker = await demo.request(null, { method: 'GET', url: '/login' });
    expect(picker.status).toBe(200);
    for (const name of ['admin', 'engineer', 'reader', 'allaccess']) expect(picker.text).toContain(`value="${name}"`);
  });

  it('validates stock, minimum and build input with a 400 naming the field', async () => {
    const cases: [InjectOptions, string][] = [
      [{ method: 'POST', url: '/api/parts/77/stock', payload: {} }, 'quantity'],
      [{ method: 'POST', url: '/api/parts/77/stock', payload: { quantity: -1 } }, 'quantity'],
      [{ method: 'POST', url: '/api/parts/77/stock', payload: { quantity: '5' } }, 'quantity'],
      [{ method: 'POST', url: '/api/parts/77/stock', payload: { quantity: 5, colour: 'red' } }, 'colour'],
      [{ method: 'PATCH', url: '/api/parts/77', payload: { minimumStock: 'three' } }, 'minimumStock'],
      [{ method: 'PATCH', url: '/api/parts/77', payload: {} }, 'minimumStock'],
      [{ method: 'POST', url: '/api/builds', payload: { quantity: 1 } }, 'partId'],
      [{ method: 'POST', url: '/api/builds', payload: { partId: 77, quantity: 0 } }, 'quantity'],
      [{ method: 'POST', url: '/api/builds', payload: { partId: 77, quantity: 1.5 } }, 'quantity'],
      [{ method: 'POST', url: '/api/builds', payload: { partId: 77, quantity: 1, responsible: ['nobody'] } }, 'responsible'],
      [{ method: 'POST', url: '/api/builds', payload: { partId: 99999, quantity: 1 } }, 'partId'],
      [{ method: 'POST', url: '/api/builds', payload: { partId: 1, quantity: 1 } }, 'partId'],
    ];
    for (const [options, field] of cases) {
      const response = await demo.request(admin, options);
      expect(response.status, JSON.stringify(options.payload)).toBe(400);
      expect(response.body.message, JSON.stringify(options.payload)).toContain(field);
    }
  });

  it('answers 404 for an unknown part', async () => {
    for (const options of [
      { method: 'POST', url: '/api/parts/99999/stock', payload: { quantity: 1 } },
      { method: 'PATCH', url: '/api/parts/99999', payload: { minimumStock: 1 } },
      { method: 'GET', url: '/api/parts/99999' },
    ] satisfies InjectOptions[]) {
      const response = await demo.request(admin, options);
      expect(response.status, options.url).toBe(404);
      expect(response.body.message).toContain('99999');
    }
    const page = await demo.request(admin, { method: 'GET', url: '/parts/99999' });
    expect(page.status).toBe(404);
    expect(page.headers['content-type']).toContain('text/html');
    const malformed = await demo.request(admin, { method: 'GET', url: '/parts/abc' });
    expect(malformed.status).toBe(404);
    const unknownPage = await demo.request(admin, { method: 'GET', url: '/nowhere', headers: { accept: 'text/html' } });
    expect(unknownPage.status).toBe(404);
    expect(unknownPage.headers['content-type']).toContain('text/html');
    const unknownApi = await demo.request(admin, { method: 'GET', url: '/api/nowhere', headers: { accept: 'text/html' } });
    expect(unknownApi.status).toBe(404);
    expect(unknownApi.body.statusCode).toBe(404);
  });

  it('lets the reader view parts and categories but not build orders', async () => {
    expect((await demo.request(reader, { method: 'GET', url: '/parts/77' })).status).toBe(200);
    expect((await demo.request(reader, { method: 'GET', url: '/categories/14' })).status).toBe(200);
    const build = await demo.request(reader, { method: 'GET', url: '/builds/1' });
    expect(build.status).toBe(403);
    expect(build.text).toContain('Not allowed');
    expect((await demo.request(reader, { method: 'GET', url: '/builds' })).status).toBe(403);
    const create = await demo.request(reader, { method: 'POST', url: '/api/builds', payload: { partId: 77, quantity: 1 } });
    expect(create.status).toBe(403);
    // A read-only role: no stock changes either, and no forms for them on the part page.
    const stock = await demo.request(reader, { method: 'POST', url: '/api/parts/77/stock', payload: { quantity: 9 } });
    expect(stock.status).toBe(403);
    expect((await demo.request(reader, { method: 'GET', url: '/parts/77' })).text).not.toContain('action="/parts/77/stock"');
    // Nor is the navigation offering what the role may not open.
    const home = await demo.request(reader, { method: 'GET', url: '/' });
    expect(home.text).not.toContain('href="/builds"');
    expect((await demo.request(engineer, { method: 'GET', url: '/builds/1' })).status).toBe(200);
  });

  it('keeps the admin page for admins', async () => {
    expect((await demo.request(engineer, { method: 'GET', url: '/admin' })).status).toBe(403);
    const page = await demo.request(admin, { method: 'GET', url: '/admin' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<stockbell-admin>');
  });

  it('reports a template’s stock as its own plus its variants’', async () => {
    const before = await demo.request(engineer, { method: 'GET', url: '/api/parts/77' });
    expect(before.body).toMatchObject({ name: 'Widget Assembly', ownStock: 1, stock: 166, minimumStock: 3, isTemplate: true });

    const variant = await demo.request(admin, { method: 'POST', url: '/api/parts/81/stock', payload: { quantity: 100 } });
    expect(variant.status).toBe(200);
    expect(variant.body).toMatchObject({ id: 81, ownStock: 100, stock: 100 });
    const after = await demo.request(engineer, { method: 'GET', url: '/api/parts/77' });
    expect(after.body).toMatchObject({ ownStock: 1, stock: 101 });

    const page = await demo.request(engineer, { method: 'GET', url: '/parts/77' });
    expect(page.text).toContain('<dd data-field="own-stock">1</dd>');
    expect(page.text).toContain('<dd data-field="stock">101</dd>');
    expect(page.text).toContain('href="/parts/81"');
  });

  it('sets the minimum stock', async () => {
    const response = await demo.request(admin, { method: 'PATCH', url: '/api/parts/87', payload: { minimumStock: 7 } });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ id: 87, minimumStock: 7 });
  });

  it('changes stock from the part page’s form and returns to the page', async () => {
    const response = await demo.postForm(admin, '/parts/30/stock', 'quantity=812');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/parts/30');
    expect((await demo.request(admin, { method: 'GET', url: '/api/parts/30' })).body.ownStock).toBe(812);
    const bad = await demo.postForm(admin, '/parts/30/stock', 'quantity=-4');
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('quantity');
  });

  it('escapes a malicious part name on every page that shows it', async () => {
    await store.db.updateTable('parts').set({ name: '<img src=x onerror=alert(1)>' }).where('id', '=', 2).execute();
    for (const url of ['/parts/2', '/categories/5']) {
      const page = await demo.request(engineer, { method: 'GET', url });
      expect(page.status).toBe(200);
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;');
      expect(page.text).not.toContain('<img src=x');
    }
  });

  it('creates a build order as the signed-in user and shows it', async () => {
    const created = await demo.request(engineer, {
      method: 'POST',
      url: '/api/builds',
      payload: { partId: 77, quantity: 2, responsible: ['engineer', 'allaccess'] },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: 17, reference: 'BO0017' });
    const page = await demo.request(engineer, { method: 'GET', url: '/builds/17' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('BO0017');
    expect(page.text).toContain('engineer, allaccess');
    const next = await demo.request(admin, { method: 'POST', url: '/api/builds', payload: { partId: 81, quantity: 1 } });
    expect(next.body.reference).toBe('BO0018');
  });

  it('shows a build’s BOM with the lines inherited from its template, and which are short', async () => {
    // BO0016 makes 75 × part 81 (a variant of 77): 77's lines for 72 and 75 are inherited.
    const page = await demo.request(admin, { method: 'GET', url: '/builds/16' });
    expect(page.status).toBe(200);
    for (const partId of [72, 75, 74, 73, 30, 59, 66]) expect(page.text).toContain(`href="/parts/${partId}"`);
    expect(page.text).toMatch(/<tr class="short">\s*<td><a href="\/parts\/74">/);
  });

  it('serves every page with the header slot and the widget bundle', async () => {
    for (const [url, element] of [
      ['/', '<stockbell-subscriptions>'],
      ['/categories/14', '<stockbell-subscribe kind="category" target-id="14">'],
      ['/parts/77', '<stockbell-subscribe kind="part" target-id="77">'],
      ['/inbox', '<stockbell-inbox>'],
      ['/history', '<stockbell-inbox tab="history">'],
      ['/settings', '<stockbell-settings>'],
      ['/builds', '<form method="post" action="/builds"'],
    ] as const) {
      const page = await demo.request(admin, { method: 'GET', url });
      expect(page.status, url).toBe(200);
      expect(page.text).toContain(element);
      expect(page.text).toContain('<stockbell-bell>');
      expect(page.text).toContain('<span class="who" title="admin">admin');
      expect(page.text).toContain('<script type="module" src="/plugins/stockbell/assets/stockbell.js"></script>');
      // The custom elements style their own shadow roots: the page stylesheet is not linked.
      expect(page.text).not.toContain('stockbell.css');
    }
    const css = await demo.request(null, { method: 'GET', url: '/demo/assets/demo.css' });
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
  });

  it('signs out', async () => {
    const cookie = await demo.login('allaccess');
    const out = await demo.request(cookie, { method: 'POST', url: '/demo/logout' });
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=;`);
  });
});

describe.each(databases)('demo host on $name, on a second start', (database) => {
  it('keeps its data and secrets instead of seeding again', async () => {
    const storage = demoStorage(database);
    try {
      const first = await startDemo(storage);
      const cookie = await first.login('admin');
      await first.request(cookie, { method: 'POST', url: '/api/parts/5/stock', payload: { quantity: 4242 } });
      await first.close();
      const second = await startDemo(storage);
      try {
        // The session cookie from before the restart still works: the signing secret was kept.
        const part = await second.request(cookie, { method: 'GET', url: '/api/parts/5' });
        expect(part.status).toBe(200);
        expect(part.body.ownStock).toBe(4242);
      } finally {
        await second.close();
      }
    } finally {
      await storage.cleanup();
    }
  });
});

describe.each(databases)('demo host with Stockbell on $name', (database) => {
  let started: SignedInDemo;
  let demo: Demo;
  let admin: string;
  let engineer: string;
  let reader: string;
  const notifications = async (cookie: string) => {
    const response = await demo.request(cookie, { method: 'GET', url: '/plugins/stockbell/notifications' });
    expect(response.status).toBe(200);
    return response.body.items as { kind: string; target: { kind: string; id: string }; reason: string; subject: string }[];
  };

  beforeAll(async () => {
    started = await startSignedInDemo(database);
    ({ demo, admin, engineer, reader } = started);
  });
  afterAll(() => stopSignedInDemo(started));

  it('authenticates Stockbell’s routes with the demo’s session', async () => {
    expect((await demo.request(null, { method: 'GET', url: '/plugins/stockbell/notifications' })).status).toBe(401);
    expect(await notifications(engineer)).toEqual([]);
  });

  it('tells a category’s subscriber when a part in it falls below its minimum', async () => {
    for (const cookie of [engineer, reader]) {
      const subscribed = await demo.request(cookie, { method: 'PUT', url: '/plugins/stockbell/subscriptions/category/14' });
      expect(subscribed.status).toBe(200);
    }
    // Widget Assembly (77, minimum 3) is a template: its variant 81 holds 165, so its own stock
    // going to 0 leaves it at 165, not low.
    const own = await demo.request(admin, { method: 'POST', url: '/api/parts/77/stock', payload: { quantity: 0 } });
    expect(own.body).toMatchObject({ ownStock: 0, stock: 165 });
    expect(await notifications(engineer)).toEqual([]);

    // The variant running out takes both below their minimum (3): one notification each.
    const variant = await demo.request(admin, { method: 'POST', url: '/api/parts/81/stock', payload: { quantity: 0 } });
    expect(variant.body).toMatchObject({ ownStock: 0, stock: 0 });
    const items = await notifications(engineer);
    expect(items.map((n) => [n.kind, n.target.id]).sort()).toEqual([
      ['part.low_stock', '77'],
      ['part.low_stock', '81'],
    ]);
    expect(items[0]?.reason).toContain('Widgets');

    // Still low: another change raises nothing (edge-triggered).
    await demo.request(admin, { method: 'POST', url: '/api/parts/81/stock', payload: { quantity: 1 } });
    expect(await notifications(engineer)).toHaveLength(2);
  });

  it('reports new build orders, and the reader subscribed to the category is not told', async () => {
    const before = (await notifications(reader)).length;
    const created = await demo.request(admin, {
      method: 'POST',
      url: '/api/builds',
      payload: { partId: 77, quantity: 50, responsible: ['engineer'] },
    });
    expect(created.status).toBe(201);
    const items = await notifications(engineer);
    const short = items.find((n) => n.kind === 'build.stock_short');
    expect(short?.target).toEqual({ kind: 'build', id: String(created.body.id) });
    expect((await notifications(reader)).filter((n) => n.target.kind === 'build')).toEqual([]);
    expect((await notifications(reader)).length).toBe(before);
  });
});
