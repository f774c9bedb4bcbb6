/**
 * Opens Stockbell's own database: a SQLite file by default, PostgreSQL when given a URL.
 * The driver appears here and nowhere else.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { Client } from 'pg';
import { migrations } from '../../migrations/index.ts';
import { OptionError } from '../errors.ts';
import { entities } from './entities.ts';

export type Dialect = 'sqlite' | 'postgresql';

export interface DatabaseConfig {
  dialect: Dialect;
  /** SQLite: file path (or ':memory:'); PostgreSQL: connection URL. */
  location: string;
  /** PostgreSQL schema to use (created if missing); lets tests and tenants share one database. */
  schema?: string | undefined;
  debug?: boolean;
}

export function parseDatabase(value: string): DatabaseConfig {
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgresql', location: value };
  return { dialect: 'sqlite', location: value.replace(/^sqlite:(\/\/)?/i, '') };
}

export async function openDatabase(config: DatabaseConfig): Promise<MikroORM> {
  const common = {
    entities,
    extensions: [Migrator],
    migrations: { migrationsList: migrations, tableName: 'stockbell_migrations', snapshot: false, silent: true },
    debug: config.debug ?? false,
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
  };
  if (config.dialect === 'postgresql') {
    const { MikroORM } = await import('@mikro-orm/postgresql');
    if (!config.schema) return MikroORM.init({ ...common, clientUrl: config.location });
    await ensureSchema(config, config.schema);
    // search_path on every pooled connection: raw SQL and the ORM's queries both land in the schema.
    const driverOptions = { options: `-c search_path=${config.schema}` };
    const migrations = { ...common.migrations, schema: config.schema };
    return MikroORM.init({ ...common, migrations, clientUrl: config.location, schema: config.schema, driverOptions });
  }
  ensureFolder(config.location);
  const { MikroORM } = await import('@mikro-orm/sqlite');
  return MikroORM.init({ ...common, dbName: config.location });
}

/** A SQLite file's folder is made if missing (`./data/stockbell.sqlite` on a fresh checkout). */
function ensureFolder(location: string): void {
  if (location === ':memory:' || location.startsWith('file:')) return;
  const folder = dirname(resolve(location));
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    throw new OptionError('database', `names a SQLite file in ${folder}, which could not be created (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

/** Creates the schema if missing; instances starting together take turns (see `withSetupLock`). */
async function ensureSchema(config: DatabaseConfig, schema: string): Promise<void> {
  await withSetupLock(config, (client) => client.query(`create schema if not exists "${schema.replaceAll('"', '""')}"`));
}

/**
 * Runs pending migrations. On PostgreSQL, instances that start at the same moment would each see the
 * same pending migration and all but one fail ("already exists"): they take turns instead.
 */
export async function migrate(orm: MikroORM, config: DatabaseConfig): Promise<void> {
  if (config.dialect === 'postgresql') await withSetupLock(config, () => orm.migrator.up());
  else await orm.migrator.up();
}

/**
 * Runs `work` holding a PostgreSQL advisory lock per schema, on a connection of its own (ending it
 * releases the lock whatever happens).
 */
async function withSetupLock<T>(config: DatabaseConfig, work: (client: Client) => Promise<T>): Promise<T> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: config.location });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [`stockbell-setup:${config.schema ?? 'public'}`]);
    return await work(client);
  } finally {
    // Ending the session releases the lock, also when `work` failed.
    await client.end();
  }
}
