/**
 * Signals across instances through PostgreSQL LISTEN/NOTIFY (PRODUCT §8). A signal is handled here
 * at once (with the committed rows in hand) and announced to the other instances with ids only
 * (notify-wire.ts): they read back the rows of the users connected to them.
 *
 * One dedicated connection listens (`stockbell live` in pg_stat_activity). If it drops, signals sent
 * meanwhile never reach this instance: the handlers hear `lost` at once and `resync` once it listens
 * again, so the live hub can catch up from the database and the caches start afresh.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Broadcaster, LiveSignal } from './broadcaster.ts';
import { encode, isShared, WireReader } from './notify-wire.ts';

const FIRST_RETRY_MS = 250;
const LAST_RETRY_MS = 30_000;

export interface PostgresBroadcasterOptions {
  url: string;
  /** One channel per schema, so instances of different tenants (or tests) never hear each other. */
  schema?: string | undefined;
  onError: (error: unknown) => void;
}

export class PostgresBroadcaster implements Broadcaster {
  readonly #id = randomUUID();
  readonly #channel: string;
  readonly #options: PostgresBroadcasterOptions;
  readonly #reader = new WireReader();
  #handlers: ((signal: LiveSignal) => void)[] = [];
  #listener: pg.Client | null = null;
  #publisher: pg.Pool;
  #closed = false;
  /** Since the listening connection dropped, until it listens again. */
  #lost = false;
  #retryMs = FIRST_RETRY_MS;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(options: PostgresBroadcasterOptions) {
    this.#options = options;
    this.#channel = `stockbell_live_${(options.schema ?? 'public').toLowerCase()}`;
    this.#publisher = new pg.Pool({ connectionString: options.url, max: 2 });
    this.#publisher.on('error', options.onError);
  }

  /** Resolves once this instance is listening, so nothing committed after boot is missed. */
  async start(): Promise<void> {
    await this.#listen();
  }

  async publish(signal: LiveSignal): Promise<void> {
    this.#emit(signal);
    if (!isShared(signal)) return;
    // Every part in one statement: one transaction, so listeners get all of them or none.
    await this.#publisher.query('select pg_notify($1, payload) from unnest($2::text[]) as payload', [this.#channel, encode(this.#id, signal)]);
  }

  onSignal(handler: (signal: LiveSignal) => void): void {
    this.#handlers.push(handler);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retryTimer);
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => {});
    await this.#publisher.end();
  }

  #emit(signal: LiveSignal): void {
    for (const handler of this.#handlers) handler(signal);
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url, application_name: 'stockbell live', keepAlive: true });
    client.on('notification', (message) => this.#receive(message.payload));
    client.on('error', (error) => this.#drop(client, error));
    client.on('end', () => this.#drop(client, null));
    try {
      await client.connect();
      await client.query(`listen ${this.#channel}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    this.#listener = client;
    this.#retryMs = FIRST_RETRY_MS;
    if (this.#lost) {
      this.#lost = false;
      this.#emit({ type: 'resync' });
    }
  }

  #receive(payload: string | undefined): void {
    if (!payload) return;
    try {
      const message = this.#reader.read(payload);
      if (message && message.from !== this.#id) this.#emit(message.signal);
    } catch (error) {
      this.#options.onError(error);
    }
  }

  #drop(client: pg.Client, error: Error | null): void {
    if (this.#closed || this.#listener !== client) return;
    this.#listener = null;
    this.#reader.clear();
    if (error) this.#options.onError(error);
    if (!this.#lost) {
      this.#lost = true;
      this.#emit({ type: 'lost' });
    }
    this.#retry();
  }

  #retry(): void {
    this.#retryTimer = setTimeout(() => {
      this.#listen().catch((error) => {
        this.#options.onError(error);
        if (!this.#closed) this.#retry();
      });
    }, this.#retryMs);
    this.#retryTimer.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, LAST_RETRY_MS);
  }
}
