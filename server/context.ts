/**
 * What every part of the plugin is handed: the database, the host, the clock, the inbox bus and
 * the settings. Built once at registration; nothing reaches for globals.
 */
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/sql';
import type { Clock } from './clock.ts';
import type { InventoryHost } from './host.ts';
import type { InboxBus } from './live/inbox-bus.ts';
import type { ResolvedOptions } from './options.ts';
import type { SettingsStore } from './settings/global-settings.ts';
import type { RowsHook } from './store/event-writer.ts';

export interface Context {
  orm: MikroORM;
  host: InventoryHost;
  clock: Clock;
  bus: InboxBus;
  settings: SettingsStore;
  options: ResolvedOptions;
  /** Runs inside every event's transaction after its inbox rows are written (delivery jobs). */
  onRowsWritten?: RowsHook;
  /** A fresh EntityManager for one unit of work (request, event, job): never the global one. */
  em(): EntityManager;
}
