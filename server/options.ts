/**
 * Plugin options: what a host passes to `app.register(stockbell, options)`, resolved and checked
 * once at registration so a mistake fails boot with a coded error, never the first request.
 */
import { type Clock, systemClock } from './clock.ts';
import {
  type DeliveryOptions,
  type ResolvedDeliverySettings,
  resolveDeliverySettings,
  type SmtpOption,
} from './delivery/delivery-options.ts';
import { OptionError } from './errors.ts';
import { HOST_METHODS, type InventoryHost } from './host.ts';
import type { Broadcaster } from './live/broadcaster.ts';
import { type KindInfo, resolveKinds } from './preferences/kinds.ts';
import { safeLink } from './messages/index.ts';
import { type DatabaseConfig, parseDatabase } from './store/orm.ts';

export interface StockbellOptions {
  /** The host adapter (PRODUCT §4). Required. */
  host: InventoryHost;
  /**
   * Where Stockbell keeps its tables: a SQLite file path (default `./stockbell.sqlite`), `:memory:`,
   * or a `postgres://` URL for several instances sharing one database.
   */
  database?: string;
  /** PostgreSQL only: the schema for Stockbell's tables (created if missing). */
  databaseSchema?: string;
  /** Run pending migrations at boot (default true). */
  migrate?: boolean;
  /** Route prefix (default `/plugins/stockbell`). */
  prefix?: string;
  /** Shared secret for `POST {prefix}/events` from another process; without it that route refuses all. */
  hostToken?: string;
  /** Initial value of the `retentionDays` setting (default 30; 0 keeps forever). */
  retentionDays?: number;
  /** Injected time source (tests move it). */
  clock?: Clock;
  /** Run the daily jobs (retention) on a timer (default true; tests call them directly). */
  schedule?: boolean;
  /** Live push: how often sockets are pinged (dead ones dropped), and how signals reach other instances. */
  live?: { heartbeatMs?: number; broadcaster?: Broadcaster };
  /** Kinds the host sends besides Stockbell's own: rows of the preferences matrix. */
  kinds?: { id: string; label?: string }[];
  /** Where email goes: an smtp(s):// URL, nodemailer SMTP options or a transporter. Without it mail is logged. */
  smtp?: SmtpOption;
  /** Sender of every email (default `"Stockbell" <stockbell@localhost>`). */
  mailFrom?: string;
  /** Initial value of the `publicUrl` setting: base for links in emails and chat. */
  publicUrl?: string;
  /** Initial value of the `endpointAllowList` setting, e.g. `['127.0.0.1', '::1', 'localhost']`. */
  endpointAllowList?: string[];
  /** The delivery worker: retries, backoff, pace, leases (docs/delivery.md). */
  delivery?: DeliveryOptions;
  /**
   * Where the host shows the inbox and the notification settings (default `/inbox` and
   * `/settings`), host-relative or absolute: emails and chat messages link there.
   */
  pages?: { inbox?: string; settings?: string };
}

export interface ResolvedOptions {
  host: InventoryHost;
  database: DatabaseConfig;
  migrate: boolean;
  prefix: string;
  hostToken: string | null;
  retentionDays: number;
  clock: Clock;
  schedule: boolean;
  live: { heartbeatMs: number; broadcaster?: Broadcaster };
  kinds: KindInfo[];
  mail: Pick<ResolvedDeliverySettings, 'smtp' | 'mailFrom'>;
  delivery: ResolvedDeliverySettings['delivery'];
  /** The host's pages, as links (host-relative or absolute). */
  pages: HostPages;
  /** Initial values of settings an admin can change later. */
  initialSettings: Pick<ResolvedDeliverySettings, 'publicUrl' | 'endpointAllowList'>;
}

export function resolveOptions(options: Partial<StockbellOptions> | undefined): ResolvedOptions {
  const o = options ?? {};
  const host = o.host;
  if (!host || typeof host !== 'object') throw new OptionError('host', 'is required: pass your InventoryHost adapter');
  for (const method of HOST_METHODS) {
    if (typeof host[method] !== 'function') throw new OptionError('host', `must implement ${method}()`);
  }
  const databaseValue = o.database ?? './stockbell.sqlite';
  if (typeof databaseValue !== 'string' || databaseValue.trim() === '') {
    throw new OptionError('database', 'must be a SQLite file path or a postgres:// URL');
  }
  const database = parseDatabase(databaseValue);
  if (o.databaseSchema !== undefined) {
    if (database.dialect !== 'postgresql') throw new OptionError('databaseSchema', 'applies only to PostgreSQL');
    if (!/^[a-z_][a-z0-9_]{0,62}$/i.test(o.databaseSchema)) {
      throw new OptionError('databaseSchema', 'must be a plain identifier (letters, digits, _)');
    }
    database.schema = o.databaseSchema;
  }
  const prefix = o.prefix ?? '/plugins/stockbell';
  if (typeof prefix !== 'string' || !/^\/[\w\-/]*$/.test(prefix) || prefix.endsWith('/')) {
    throw new OptionError('prefix', 'must start with "/" and not end with one, e.g. "/plugins/stockbell"');
  }
  if (o.hostToken !== undefined && (typeof o.hostToken !== 'string' || o.hostToken.length < 16)) {
    throw new OptionError('hostToken', 'must be a string of at least 16 characters');
  }
  const retentionDays = o.retentionDays ?? 30;
  if (!Number.isInteger(retentionDays) || retentionDays < 0) {
    throw new OptionError('retentionDays', 'must be a whole number of days, 0 or more');
  }
  const clock = o.clock ?? systemClock;
  if (typeof clock.now !== 'function') throw new OptionError('clock', 'must have a now() method');
  const heartbeatMs = o.live?.heartbeatMs ?? 30_000;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 1_000) {
    throw new OptionError('live.heartbeatMs', 'must be a whole number of milliseconds, at least 1000');
  }
  const sending = resolveDeliverySettings(o);
  return {
    host,
    database,
    migrate: o.migrate ?? true,
    prefix,
    hostToken: o.hostToken ?? null,
    retentionDays,
    clock,
    schedule: o.schedule ?? true,
    live: { heartbeatMs, ...(o.live?.broadcaster ? { broadcaster: o.live.broadcaster } : {}) },
    kinds: resolveKinds(o.kinds),
    mail: { smtp: sending.smtp, mailFrom: sending.mailFrom },
    delivery: sending.delivery,
    pages: resolvePages(o.pages),
    initialSettings: { publicUrl: sending.publicUrl, endpointAllowList: sending.endpointAllowList },
  };
}

export interface HostPages {
  inbox: string;
  settings: string;
}

function resolvePages(pages: StockbellOptions['pages']): HostPages {
  const resolved = { inbox: pages?.inbox ?? '/inbox', settings: pages?.settings ?? '/settings' };
  for (const [name, link] of Object.entries(resolved)) {
    if (safeLink(link) === null) throw new OptionError(`pages.${name}`, 'must be a path like "/inbox" or an absolute http(s) URL');
  }
  return resolved;
}
