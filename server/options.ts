/**
 * Plugin options: what a host passes to `app.register(stockbell, options)`, checked against one
 * TypeBox schema at registration and resolved with named defaults, so a mistake fails boot with a
 * coded error naming the option — never the first request.
 */
import { type Static, type TSchema, Type } from 'typebox';
import { type Clock, systemClock } from './clock.ts';
import { firstProblem, Kind, type KindInfo } from './contract/index.ts';
import {
  DEFAULT_MAIL_FROM,
  DeliveryOptions,
  MAIL_FROM_PATTERN,
  type ResolvedDeliveryOptions,
  type ResolvedSmtp,
  resolveDeliveryOptions,
  resolveSmtp,
  SmtpOption,
} from './delivery/delivery-options.ts';
import { NodeVersionError, OptionError } from './errors.ts';
import { HOST_METHODS, type InventoryHost, OPTIONAL_HOST_METHODS } from './host.ts';
import { RateLimitOption, type ResolvedRateLimits, resolveRateLimits } from './http/rate-limits.ts';
import type { Broadcaster } from './live/broadcaster.ts';
import { safeLink } from './messages/index.ts';
import { resolveKinds } from './settings/kinds.ts';
import { checkAllowList, checkPublicUrl } from './settings/validation.ts';
import { type DatabaseConfig, parseDatabase } from './store/orm.ts';

export interface StockbellOptions {
  /** The host adapter (PRODUCT §4). Required. */
  host: InventoryHost;
  /**
   * Where Stockbell keeps its tables: a SQLite file path (default `./stockbell.sqlite`; its folder is
   * created if missing), `:memory:`, or a `postgres://` URL for several instances sharing one database.
   */
  database?: string;
  /** PostgreSQL only: the schema for Stockbell's tables (created if missing). */
  databaseSchema?: string;
  /** Run pending migrations at boot (default true). */
  migrate?: boolean;
  /** Route prefix (default `/plugins/stockbell`). */
  prefix?: string;
  /** Shared secret (at least 16 characters) for `POST {prefix}/events` from another process; without it that route refuses all. */
  hostToken?: string;
  /** Initial value of the `retentionDays` setting (default 30; 0 keeps forever). */
  retentionDays?: number;
  /** Injected time source (tests move it). */
  clock?: Clock;
  /** Run the daily jobs (retention, digests) on timers (default true; tests call them directly). */
  schedule?: boolean;
  /**
   * Live push: how often sockets are pinged (dead ones dropped), how many sockets one user may hold
   * on this instance (the oldest is closed past it), and how signals reach other instances.
   */
  live?: { heartbeatMs?: number; maxSocketsPerUser?: number; broadcaster?: Broadcaster };
  /**
   * Per-user limits on changes (http/rate-limits.ts): `false` switches them off; each budget is
   * `{ max, windowMs }`. Defaults: writes 120, endpointTests 5, send 20, each per minute.
   */
  rateLimit?: RateLimitOption;
  /** Kinds the host sends besides Stockbell's own: rows of the preferences matrix. */
  kinds?: { id: string; label?: string }[];
  /** Where email goes: an smtp(s):// URL, nodemailer SMTP options or a transporter. Without it mail is logged. */
  smtp?: SmtpOption;
  /** Sender of every email (default `"Stockbell" <stockbell@localhost>`). */
  mailFrom?: string;
  /** Initial value of the `publicUrl` setting: base for links in emails and chat. */
  publicUrl?: string;
  /** Initial value of the `allowedOrigins` setting: origins allowed to open the WebSocket (default: the host's own). */
  allowedOrigins?: string[];
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

export interface HostPages {
  inbox: string;
  settings: string;
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
  live: { heartbeatMs: number; maxSocketsPerUser: number; broadcaster?: Broadcaster };
  rateLimit: ResolvedRateLimits;
  kinds: KindInfo[];
  mail: { smtp: ResolvedSmtp; mailFrom: string };
  delivery: ResolvedDeliveryOptions;
  /** The host's pages, as links (host-relative or absolute). */
  pages: HostPages;
  /** Initial values of settings an admin can change later. */
  initialSettings: { publicUrl: string | null; allowedOrigins: string[]; endpointAllowList: string[] };
}

/** The oldest Node.js Stockbell runs on (its SQLite driver crashes on older ones). */
export const MINIMUM_NODE = '22.17.0';

/** A value TypeBox cannot describe (an object with methods), checked by `test`. */
const shaped = (test: (value: unknown) => boolean, error: (value: unknown) => string) => Type.Refine(Type.Unknown(), test, error);
const method = (v: unknown, name: string) => (v as Record<string, unknown> | null)?.[name];
/** Required methods must be functions; optional ones may be absent. */
const withMethods = (names: readonly string[], optional: readonly string[] = []) => {
  const wrong = (v: unknown) => [
    ...names.filter((name) => typeof method(v, name) !== 'function'),
    ...optional.filter((name) => method(v, name) !== undefined && typeof method(v, name) !== 'function'),
  ];
  return shaped(
    (v) => typeof v === 'object' && v !== null && wrong(v).length === 0,
    (v) => `must be an object with ${wrong(v).map((name) => `${name}()`).join(', ')}`,
  );
};
const problemFree = (check: (value: never) => string | null) =>
  (value: unknown) => check(value as never) === null;

/** Where a host page is: a path like "/inbox" or an absolute http(s) URL (the one link rule). */
const PageLink = Type.Refine(Type.String(), (v) => safeLink(v) !== null, () => 'must be a path like "/inbox" or an absolute http(s) URL');

export const OptionsSchema = Type.Object({
  host: withMethods(HOST_METHODS, OPTIONAL_HOST_METHODS),
  database: Type.Optional(Type.String({ minLength: 1, description: 'a SQLite file path, :memory:, or a postgres:// URL' })),
  databaseSchema: Type.Optional(Type.String({ pattern: '^[A-Za-z_][A-Za-z0-9_]{0,62}$', description: 'a plain identifier (letters, digits, _)' })),
  migrate: Type.Optional(Type.Boolean()),
  prefix: Type.Optional(Type.String({ pattern: '^/[\\w\\-/]*[\\w\\-]$', description: 'starts with "/", does not end with one' })),
  hostToken: Type.Optional(Type.String({ minLength: 16 })),
  retentionDays: Type.Optional(Type.Integer({ minimum: 0 })),
  clock: Type.Optional(withMethods(['now'])),
  schedule: Type.Optional(Type.Boolean()),
  live: Type.Optional(Type.Object({
    heartbeatMs: Type.Optional(Type.Integer({ minimum: 1_000 })),
    maxSocketsPerUser: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000 })),
    broadcaster: Type.Optional(withMethods(['publish', 'onSignal', 'close'])),
  }, { additionalProperties: false })),
  kinds: Type.Optional(Type.Array(Type.Object({
    id: Kind,
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' })),
  }, { additionalProperties: false }))),
  smtp: Type.Optional(SmtpOption),
  mailFrom: Type.Optional(Type.String({ pattern: MAIL_FROM_PATTERN, description: 'an address such as "Stockbell" <stockbell@example.com>' })),
  publicUrl: Type.Optional(Type.Refine(Type.String(), problemFree(checkPublicUrl), (v) => checkPublicUrl(v as string) ?? '')),
  allowedOrigins: Type.Optional(Type.Array(Type.String({ pattern: '^https?://[^/]+$', description: 'an origin such as https://inventory.example.com' }))),
  endpointAllowList: Type.Optional(Type.Refine(Type.Array(Type.String()), problemFree(checkAllowList), (v) => checkAllowList(v as string[]) ?? '')),
  rateLimit: Type.Optional(RateLimitOption),
  delivery: Type.Optional(DeliveryOptions),
  pages: Type.Optional(Type.Object({ inbox: Type.Optional(PageLink), settings: Type.Optional(PageLink) }, { additionalProperties: false })),
}, { additionalProperties: false });

// The documented interface and the schema must name the same options.
type Keys<T> = keyof T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameOptions: Same<Keys<StockbellOptions>, Keys<Static<typeof OptionsSchema>>> = true;
void sameOptions;

export function resolveOptions(options: unknown): ResolvedOptions {
  requireNode(process.versions.node);
  checkAgainstSchema(options ?? {});
  const o = (options ?? {}) as StockbellOptions;
  const database = parseDatabase(o.database ?? './stockbell.sqlite');
  if (o.databaseSchema !== undefined) {
    if (database.dialect !== 'postgresql') throw new OptionError('databaseSchema', 'applies only to PostgreSQL');
    database.schema = o.databaseSchema;
  }
  return {
    host: o.host,
    database,
    migrate: o.migrate ?? true,
    prefix: o.prefix ?? '/plugins/stockbell',
    hostToken: o.hostToken ?? null,
    retentionDays: o.retentionDays ?? 30,
    clock: o.clock ?? systemClock,
    schedule: o.schedule ?? true,
    live: {
      heartbeatMs: o.live?.heartbeatMs ?? 30_000,
      maxSocketsPerUser: o.live?.maxSocketsPerUser ?? 10,
      ...(o.live?.broadcaster ? { broadcaster: o.live.broadcaster } : {}),
    },
    rateLimit: resolveRateLimits(o.rateLimit),
    kinds: resolveKinds(o.kinds ?? []),
    mail: { smtp: resolveSmtp(o.smtp), mailFrom: (o.mailFrom ?? DEFAULT_MAIL_FROM).trim() },
    delivery: resolveDeliveryOptions(o.delivery),
    pages: { inbox: o.pages?.inbox ?? '/inbox', settings: o.pages?.settings ?? '/settings' },
    initialSettings: {
      publicUrl: o.publicUrl ?? null,
      allowedOrigins: [...new Set(o.allowedOrigins ?? [])],
      endpointAllowList: [...(o.endpointAllowList ?? [])],
    },
  };
}

/**
 * First thing registration does. Importing the entry loads no native code (store/orm.ts imports the
 * SQLite driver dynamically when it opens the database, after this), so on an old Node the host
 * gets this coded error instead of the driver's segfault; test/install.test.ts runs the packed
 * package on the machine's Node 20 to keep it so.
 */
function requireNode(version: string): void {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number);
  if (major < needMajor || (major === needMajor && minor < needMinor)) throw new NodeVersionError(MINIMUM_NODE, version);
}

/** The first problem the schema finds, as `option "delivery.leaseMs" must be …`. */
function checkAgainstSchema(options: unknown): void {
  const problem = firstProblem(OptionsSchema, options);
  if (!problem) return;
  const name = optionName(problem.path);
  if (problem.unknown) {
    const parent = problem.path.slice(0, -1);
    const known = Object.keys(propertiesAt(OptionsSchema, parent));
    const guess = closest(problem.path.at(-1) ?? '', known);
    throw new OptionError(name, `is not an option of Stockbell${guess ? `; did you mean "${optionName([...parent, guess])}"?` : ` (options: ${known.join(', ')})`}`);
  }
  if (problem.path.length === 0) throw new OptionError('options', 'must be an object');
  if (name === 'host') throw new OptionError(name, problem.message === 'is required' ? 'is required: pass your InventoryHost adapter' : `${problem.message}: pass your InventoryHost adapter`);
  const description = (schemaAt(OptionsSchema, problem.path) as { description?: string } | undefined)?.description;
  throw new OptionError(name, description ? `${problem.message} (${description})` : problem.message);
}

/** `["delivery", "leaseMs"]` → `delivery.leaseMs`; `["kinds", "0", "id"]` → `kinds[0].id`. */
function optionName(segments: readonly string[]): string {
  return segments.reduce((name, s) => (/^\d+$/.test(s) ? `${name}[${s}]` : name ? `${name}.${s}` : s), '');
}

function schemaAt(schema: TSchema, segments: readonly string[]): TSchema | undefined {
  let here: TSchema | undefined = schema;
  for (const s of segments) {
    const node = here as { properties?: Record<string, TSchema>; items?: TSchema } | undefined;
    here = /^\d+$/.test(s) ? node?.items : node?.properties?.[s];
  }
  return here;
}

function propertiesAt(schema: TSchema, segments: readonly string[]): Record<string, TSchema> {
  return ((schemaAt(schema, segments) as { properties?: Record<string, TSchema> } | undefined)?.properties) ?? {};
}

/** The known name nearest to a misspelled one (edit distance of at most a third of its length). */
function closest(word: string, names: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const name of names) {
    const d = distance(word.toLowerCase(), name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
