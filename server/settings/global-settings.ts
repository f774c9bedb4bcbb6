/**
 * Global settings (PRODUCT §2): stored in the database so every instance sees a change at once,
 * read fresh where they decide something (one small query), defaults from the plugin options.
 */
import type { EntityManager } from '@mikro-orm/sql';
import { Setting } from '../store/entities.ts';

export interface GlobalSettings {
  /** Master switch: when false, events are recorded but nobody is notified. */
  enabled: boolean;
  lowStockEnabled: boolean;
  /** Notifications older than this are deleted daily; 0 keeps them forever. */
  retentionDays: number;
  defaultDigestHour: number;
  /** Base for absolute links in emails and chat, e.g. https://inventory.example.com */
  publicUrl: string | null;
  /** Origins allowed to open the WebSocket; empty means the host's own origin only. */
  allowedOrigins: string[];
}

export type SettingsDefaults = Partial<GlobalSettings>;

export function defaultSettings(overrides: SettingsDefaults = {}): GlobalSettings {
  return {
    enabled: true,
    lowStockEnabled: true,
    retentionDays: 30,
    defaultDigestHour: 8,
    publicUrl: null,
    allowedOrigins: [],
    ...overrides,
  };
}

export class SettingsStore {
  readonly #defaults: GlobalSettings;

  constructor(defaults: GlobalSettings) {
    this.#defaults = defaults;
  }

  async read(em: EntityManager): Promise<GlobalSettings> {
    const rows = await em.find(Setting, {}, { disableIdentityMap: true });
    const settings: GlobalSettings = { ...this.#defaults };
    for (const row of rows) {
      if (row.key in settings) (settings as unknown as Record<string, unknown>)[row.key] = row.value;
    }
    return settings;
  }

  /** Writes the given keys; callers validate first (the admin route's schema does). */
  async write(em: EntityManager, changes: Partial<GlobalSettings>, now: Date): Promise<GlobalSettings> {
    const rows = Object.entries(changes)
      .filter(([key, value]) => key in this.#defaults && value !== undefined)
      .map(([key, value]) => ({ key, value, updatedAt: now }));
    if (rows.length > 0) await em.upsertMany(Setting, rows);
    return this.read(em);
  }
}
