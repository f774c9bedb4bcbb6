/**
 * Bad input, generated from the routes' own schemas (issue #14): for every route with a params,
 * querystring or body schema (the route table, collected as the app registers it), fast-check makes
 * values the schema refuses — random JSON, and near-misses of a valid body (a field of the wrong
 * type, an unknown field, a required one gone) — and sends them as an admin would (past every
 * authorization check). Every answer is a 4xx whose message names the part and field
 * (`body/…`, `querystring/…`, `params/…`), never a 5xx, and every table is byte-for-byte what it
 * was (a snapshot of each table, compared). On SQLite and PostgreSQL.
 */
import fc from 'fast-check';
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from './support/app.ts';
import { databases } from './support/databases.ts';

const P = '/plugins/stockbell';
/** Inputs per route and part: 31 routes, some with two or three parts to attack. */
const RUNS = Number(process.env.STOCKBELL_BAD_INPUT_RUNS ?? 100);

/** A valid body per route, to make near-misses of. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /notifications/delete': { ids: ['1'] },
  'PATCH /preferences': { email: { mode: 'digest', digestHour: 8, timeZone: 'Europe/Berlin' }, matrix: { message: { email: true } } },
  'POST /preferences/endpoints': { channel: 'webhook', url: 'http://127.0.0.1:9/x', name: 'n', signed: true },
  'PATCH /admin/settings': { retentionDays: 30, allowedOrigins: ['https://a.example'], defaults: { message: { email: true } }, endpoints: { remove: ['1'] } },
  'POST /admin/deliveries/retry': { channel: 'email' },
  'POST /admin/send': { to: { userId: 'ann' }, subject: 's', body: 'b', link: '/x', kind: 'message' },
  'POST /events': { type: 'stockChanged', partId: '1', key: 'k' },
  'POST /unsubscribe/:token': { 'List-Unsubscribe': 'One-Click' },
};

/** Valid params, so a body or query is attacked on a route that exists. */
const VALID_PARAMS: Record<string, string> = { id: '1', kind: 'part', token: 'x', file: 'stockbell.js' };

type Json = unknown;
const paths = (value: Json, prefix: string[] = []): string[][] =>
  typeof value === 'object' && value !== null
    ? Object.entries(value).flatMap(([key, child]) => [[...prefix, key], ...paths(child, [...prefix, key])])
    : [];
const clone = <T>(value: T): T => structuredClone(value);
function setAt(root: Json, path: string[], value: Json): Json {
  const copy = clone(root) as Record<string, Json>;
  let here = copy;
  for (const key of path.slice(0, -1)) here = here[key] as Record<string, Json>;
  here[path.at(-1) as string] = value;
  return copy;
}
function deleteAt(root: Json, path: string[]): Json {
  const copy = clone(root) as Record<string, Json>;
  let here = copy;
  for (const key of path.slice(0, -1)) here = here[key] as Record<string, Json>;
  delete here[path.at(-1) as string];
  return copy;
}

/** Random JSON, and near-misses of a valid value. */
function candidates(valid: Json | undefined): fc.Arbitrary<Json> {
  const random = fc.jsonValue({ maxDepth: 3 });
  if (valid === undefined) return random;
  const at = paths(valid);
  return fc.oneof(
    random,
    fc.tuple(fc.constantFrom(...at), random).map(([path, value]) => setAt(valid, path, value)),
    fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), random).map(([key, value]) => ({ ...(valid as object), [key]: value })),
    fc.constantFrom(...at).map((path) => deleteAt(valid, path)),
  );
}

/** Whether Stockbell's validator refuses it: the schema, after query strings' type coercion and defaults. */
function refused(schema: TSchema, value: Json, coerce: boolean): boolean {
  const prepared = coerce ? Value.Convert(schema, Value.Default(schema, clone(value))) : value;
  return !Value.Check(schema, prepared);
}

describe.each(databases)('generated bad input on $name', (db) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(db, { rateLimit: false, endpointAllowList: ['127.0.0.1'] });
    for (const id of ['ann', 'ben']) t.host.addUser(id);
    t.host.addUser('root', { isAdmin: true });
    // Something in every table a route could touch.
    await t.app.stockbell.send({ to: { userId: 'root' }, subject: 'before' });
    await t.as('root', 'PUT', '/subscriptions/part/1');
    await t.as('root', 'PATCH', '/preferences', { email: { mode: 'digest' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function snapshot(): Promise<string> {
    const all = t.ctx.orm.getMetadata().getAll() as Map<unknown, { tableName?: string }> | Record<string, { tableName?: string }>;
    const connection = t.ctx.em().getConnection();
    const dump: Record<string, unknown> = {};
    for (const meta of all instanceof Map ? all.values() : Object.values(all)) {
      if (!meta.tableName) continue;
      const rows = await connection.execute(`select * from ${meta.tableName}`);
      dump[meta.tableName] = (rows as Record<string, unknown>[]).map((row) => JSON.stringify(row)).sort();
    }
    return JSON.stringify(dump);
  }

  it('answers every input a schema refuses with a 4xx naming the field; never a 5xx; nothing changes', { timeout: 300_000 }, async () => {
    const before = await snapshot();
    const problems: string[] = [];
    let tried = 0;
    const routes = t.routes.filter((r) => r.url.startsWith(P));
    for (const route of routes) {
      const key = `${route.method} ${route.url.slice(P.length)}`;
      const schema = route.schema as { params?: TSchema; querystring?: TSchema; body?: TSchema };
      const fill = (params: Record<string, string>) => route.url.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? VALID_PARAMS[name] ?? 'x'));
      const send = async (what: string, url: string, body: Json | undefined) => {
        const headers: Record<string, string> = { 'x-user': 'root', 'sec-fetch-site': 'same-origin' };
        if (key === 'POST /events') headers.authorization = 'Bearer test-host-token-0123456789';
        if (body !== undefined) headers['content-type'] = 'application/json';
        const response = await t.app.inject({ method: route.method as 'POST', url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) });
        tried++;
        let message = '';
        try {
          message = String(response.json().message);
        } catch {
          message = `(not JSON) ${response.body.slice(0, 60)}`;
        }
        const named = /^(body|querystring|params)(\/|\s|$)/.test(message);
        if (response.statusCode < 400 || response.statusCode >= 500 || !named) {
          problems.push(`${key} ${what} ${JSON.stringify(body ?? url).slice(0, 200)} → ${response.statusCode} ${message.slice(0, 120)}`);
        }
      };
      const validBody = VALID_BODIES[key];
      if (schema.body) {
        const bodySchema = schema.body;
        await fc.assert(
          fc.asyncProperty(candidates(validBody), async (body) => {
            if (refused(bodySchema, body, false)) await send('body', fill({}), body);
          }),
          { numRuns: RUNS, seed: 14 },
        );
      }
      if (schema.querystring) {
        const querySchema = schema.querystring;
        const query = fc.dictionary(fc.constantFrom('state', 'limit', 'cursor', 'status', 'x'), fc.string({ maxLength: 30 }), { minKeys: 1 });
        await fc.assert(
          fc.asyncProperty(query, async (q) => {
            if (refused(querySchema, q, true)) await send('querystring', `${fill({})}?${new URLSearchParams(q)}`, validBody);
          }),
          { numRuns: RUNS, seed: 14 },
        );
      }
      if (schema.params) {
        const paramsSchema = schema.params;
        const names = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1] as string);
        const params = fc.record(Object.fromEntries(names.map((name) => [name, fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' })])));
        await fc.assert(
          fc.asyncProperty(params, async (p) => {
            // Some params take almost anything (an unsubscribe token): those draws are skipped.
            if (refused(paramsSchema, p, true)) await send('params', fill(p as Record<string, string>), validBody);
          }),
          { numRuns: RUNS, seed: 14 },
        );
      }
    }
    console.log(`generated bad input (${db.name}): ${tried} requests over ${routes.length} routes`);
    expect(problems.slice(0, 20)).toEqual([]);
    expect(await snapshot()).toBe(before);
    expect(tried).toBeGreaterThan(1_000);
    // The snapshot sees a change when there is one.
    await t.as('root', 'PATCH', '/preferences', { email: { mode: 'off' } });
    expect(await snapshot()).not.toBe(before);
  });
});
