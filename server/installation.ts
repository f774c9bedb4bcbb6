/**
 * What one installation makes once and keeps: an id (so its Message-IDs differ from every other
 * installation's) and the key that signs its unsubscribe links. Generated at first use, stored as
 * one row of the settings table (never a constant in code), the same for every instance.
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/sql';
import { Setting } from './store/entities.ts';

export interface InstallationKeys {
  /** A short random id, URL- and header-safe. */
  id: string;
  /** HMAC key for unsubscribe tokens (base64url). */
  unsubscribeKey: string;
}

const KEY = 'installation';

function isKeys(value: unknown): value is InstallationKeys {
  const v = value as Partial<InstallationKeys> | null;
  return typeof v?.id === 'string' && typeof v.unsubscribeKey === 'string' && v.unsubscribeKey.length >= 32;
}

/** The installation's keys; the first caller (on any instance) makes them, everyone reads the same. */
export async function installationKeys(em: EntityManager, now: Date): Promise<InstallationKeys> {
  const stored = await em.findOne(Setting, { key: KEY }, { disableIdentityMap: true });
  if (stored && isKeys(stored.value)) return stored.value;
  const made: InstallationKeys = { id: randomBytes(6).toString('base64url'), unsubscribeKey: randomBytes(32).toString('base64url') };
  // Two instances starting at once: the first insert wins, and both read it back.
  await em.createQueryBuilder(Setting).insert({ key: KEY, value: made, updatedAt: now }).onConflict('key').ignore().execute();
  const row = await em.findOne(Setting, { key: KEY }, { disableIdentityMap: true });
  if (!row || !isKeys(row.value)) throw new Error('stockbell: the installation keys could not be stored');
  return row.value;
}
