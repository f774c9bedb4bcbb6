/**
 * What every part of the plugin is handed: the database, the host, the clock, the settings and the
 * resolved options. Dependencies only, built once at registration; nothing reaches for globals.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Clock } from './clock.ts';
import type { InventoryHost } from './host.ts';
import type { ResolvedOptions } from './options.ts';
import type { SettingsStore } from './settings/global-settings.ts';
import type { Driver } from './store/driver.ts';

export interface Context {
  orm: MikroORM;
  /** The hot paths' bound, prepared statements (store/driver.ts); everything else uses `em()`. */
  db: Driver;
  host: InventoryHost;
  clock: Clock;
  settings: SettingsStore;
  options: ResolvedOptions;
  /** A fresh EntityManager for one unit of work (request, event, job): never the global one. */
  em(): EntityManager;
}
