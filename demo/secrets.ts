/**
 * Secrets the demo generates once and keeps in its own database (the `meta` table): the cookie signing
 * secret and the host token Stockbell accepts on `POST {prefix}/events`. Restarts keep sessions and the
 * token, and every instance sharing a PostgreSQL signs and checks cookies with the same secret.
 */
import { randomBytes } from 'node:crypto';
import type { DemoStore } from './store/tables.ts';

export interface DemoSecrets {
  cookieSecret: string;
  hostToken: string;
}

const KEYS = { cookieSecret: 'cookie_secret', hostToken: 'host_token' } as const satisfies Record<keyof DemoSecrets, string>;

const fresh = (): string => randomBytes(32).toString('base64url');

/** The stored secrets; the first caller's fresh ones win when several instances start at once. */
export async function loadSecrets(store: DemoStore): Promise<DemoSecrets> {
  await store.db
    .insertInto('meta')
    .values(Object.values(KEYS).map((key) => ({ key, value: fresh() })))
    .onConflict((conflict) => conflict.column('key').doNothing())
    .execute();
  const rows = await store.db.selectFrom('meta').select(['key', 'value']).where('key', 'in', Object.values(KEYS)).execute();
  const stored = new Map(rows.map((row) => [row.key, row.value]));
  const read = (key: string): string => {
    const value = stored.get(key);
    if (!value) throw new Error(`the demo database lost its ${key}`);
    return value;
  };
  return { cookieSecret: read(KEYS.cookieSecret), hostToken: read(KEYS.hostToken) };
}
