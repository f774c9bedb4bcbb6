/**
 * With `migrate: false` the host runs Stockbell's migrations itself (docs/integration.md,
 * "Upgrading"). A database that lacks some fails boot here, naming the option and the migrations,
 * rather than every request failing later on a missing table.
 */
import type { MikroORM } from '@mikro-orm/core';
import { OptionError } from '../errors.ts';

export async function requireMigrated(orm: MikroORM): Promise<void> {
  const pending = await orm.migrator.getPending();
  if (pending.length === 0) return;
  const names = pending.map((migration) => migration.name).join(', ');
  throw new OptionError('migrate', `is false, but the database lacks ${pending.length} of Stockbell's migrations (${names}): run them first, or leave migrate on`);
}
