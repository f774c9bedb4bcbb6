/**
 * Global settings (PRODUCT §2): stored in the database so every instance sees a change at once,
 * read fresh where they decide something (one small query), defaults from the plugin options.
 * The admin's preference defaults (the global layer and the defaults per role) live in the same
 * table under their own keys: small, rarely changed, and a delivery plan reads them with the
 * settings in that one query (`readWithDefaults`).
 */
import type { EntityManager } from '@mikro-orm/sql';
import type { Clock } from '../clock.ts';
import type { GeneralSettings, Switches } from '../contract/index.ts';
import type { Defaults } from './matrix.ts';
import { Setting } from '../store/entities.ts';

/** The settings an admin changes live (PRODUCT §2): the contract's general settings. */
export type GlobalSettings = GeneralSettings;

export type SettingsDefaults = Partial<GlobalSettings>;

const GLOBAL_DEFAULTS_KEY = 'preferences.globalDefaults';
const ROLE_DEFAULTS_KEY = 'preferences.roleDefaults';

export function defaultSettings(overrides: SettingsDefaults = {}): GlobalSettings {
  return {
    enabled: true,
    lowStockEnabled: true,
    retentionDays: 30,
    defaultDigestHour: 8,
    publicUrl: null,
    allowedOrigins: [],
    endpointAllowList: [],
    urgentKinds: [],
    ...overrides,
  };
}

/**
 * The origins a browser page may call Stockbell from (WebSocket upgrades, cross-site writes):
 * `publicUrl`'s origin (the host's own pages) and every origin an admin allowed. Never the
 * request's own Host header, which the client chooses. Empty until one of them is configured.
 */
export function trustedOrigins(settings: Pick<GlobalSettings, 'publicUrl' | 'allowedOrigins'>): string[] {
  const origins = new Set(settings.allowedOrigins);
  if (settings.publicUrl) {
    try {
      origins.add(new URL(settings.publicUrl).origin);
    } catch {
      // Validated when written; an unreadable stored value trusts nothing more.
    }
  }
  return [...origins];
}

/**
 * Settings are read on hot paths (every event, every WebSocket upgrade's Origin check), so a read
 * is kept for a second. A write drops it at once on this instance, and on the others when the
 * admin route's `settings` signal arrives (`invalidate`); if that signal is lost, within the second.
 */
const CACHE_MS = 1_000;

export class SettingsStore {
  readonly #defaults: GlobalSettings;
  readonly #clock: Clock;
  #cached: { at: number; settings: GlobalSettings; defaults: Defaults } | null = null;
  /** Bumped by every invalidation: a read that started before one must not be kept. */
  #generation = 0;

  constructor(defaults: GlobalSettings, clock: Clock) {
    this.#defaults = defaults;
    this.#clock = clock;
  }

  /** The stored settings changed (here or on another instance): the next read goes to the database. */
  invalidate(): void {
    this.#generation++;
    this.#cached = null;
  }

  get defaults(): Readonly<GlobalSettings> {
    return this.#defaults;
  }

  async read(em: EntityManager): Promise<GlobalSettings> {
    return (await this.readWithDefaults(em)).settings;
  }

  /** The settings and the admin's preference defaults, from one query. */
  async readWithDefaults(em: EntityManager): Promise<{ settings: GlobalSettings; defaults: Defaults }> {
    const cached = this.#cached;
    const age = cached ? this.#clock.now().getTime() - cached.at : Number.NaN;
    if (cached && age >= 0 && age < CACHE_MS) {
      return { settings: { ...cached.settings }, defaults: cached.defaults };
    }
    const generation = this.#generation;
    const rows = await em.find(Setting, {}, { disableIdentityMap: true });
    const settings: GlobalSettings = { ...this.#defaults };
    const defaults: Defaults = { global: {}, roles: {} };
    for (const row of rows) {
      if (row.key in settings) (settings as unknown as Record<string, unknown>)[row.key] = row.value;
      else if (row.key === GLOBAL_DEFAULTS_KEY) defaults.global = row.value as Switches;
      else if (row.key === ROLE_DEFAULTS_KEY) defaults.roles = row.value as Record<string, Switches>;
    }
    // Kept unless it may be stale already: read inside a transaction (not committed), or invalidated meanwhile.
    if (generation === this.#generation && !em.isInTransaction()) {
      this.#cached = { at: this.#clock.now().getTime(), settings: { ...settings }, defaults };
    }
    return { settings, defaults };
  }

  /** Replaces the global layer and/or the role defaults (callers merge and validate first). */
  async writeDefaults(em: EntityManager, defaults: Partial<Defaults>, now: Date): Promise<void> {
    const rows = [];
    if (defaults.global) rows.push({ key: GLOBAL_DEFAULTS_KEY, value: defaults.global, updatedAt: now });
    if (defaults.roles) rows.push({ key: ROLE_DEFAULTS_KEY, value: defaults.roles, updatedAt: now });
    this.invalidate();
    if (rows.length > 0) await em.upsertMany(Setting, rows);
    this.invalidate();
  }

  /** Writes the given keys; callers validate first (the admin route's schema does). */
  async write(em: EntityManager, changes: Partial<GlobalSettings>, now: Date): Promise<GlobalSettings> {
    const rows = Object.entries(changes)
      .filter(([key, value]) => key in this.#defaults && value !== undefined)
      .map(([key, value]) => ({ key, value, updatedAt: now }));
    this.invalidate();
    if (rows.length > 0) await em.upsertMany(Setting, rows);
    this.invalidate();
    return this.read(em);
  }
}
