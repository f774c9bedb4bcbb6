/**
 * Where a test's demo keeps its data, on each of the test databases: a fresh data directory on
 * SQLite; the test PostgreSQL with a fresh schema (the demo's tables and Stockbell's side by side).
 */
import { dirname, join } from 'node:path';
import type { DemoOptions } from '../../demo/app.ts';
import { DEMO_DB_FILE, type DemoDatabase } from '../../demo/db.ts';
import type { TestDatabase } from './databases.ts';

export interface DemoStorage {
  /** For `buildDemo`. */
  options: Pick<DemoOptions, 'dataDir' | 'databaseUrl' | 'databaseSchema'>;
  /** For `openDemoStore`: the same tables the app uses. */
  store: DemoDatabase;
  /** Call after every app and store on it is closed. */
  cleanup(): Promise<void>;
}

export function demoStorage(db: TestDatabase): DemoStorage {
  const created = db.create();
  if (created.databaseSchema) {
    const schema = created.databaseSchema;
    return {
      options: { databaseUrl: created.database, databaseSchema: schema },
      store: { url: created.database, schema },
      cleanup: created.cleanup,
    };
  }
  // SQLite: the fresh file's directory is the data directory.
  const dataDir = dirname(created.database);
  return { options: { dataDir }, store: { file: join(dataDir, DEMO_DB_FILE) }, cleanup: created.cleanup };
}
