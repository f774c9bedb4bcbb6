/**
 * Live signals across instances through PostgreSQL LISTEN/NOTIFY (PRODUCT §8). A signal is handled
 * here at once with the committed rows in hand, and announced to the other instances with ids only
 * (NOTIFY payloads stop at 8,000 bytes): they read back the rows of users connected to them.
 * One dedicated connection listens; it reconnects with backoff if the server drops it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Broadcaster, LiveSignal } from './broadcaster.ts';

/** Stay under PostgreSQL's 8,000-byte payload limit with room for the envelope. */
const MAX_PAYLOAD = 7_000;

type Wire =
  | { from: string; type: 'created'; eventId: number }
  | { from: string; type: 'changed'; userId: string; removed?: string[]; historyCleared?: true };

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
  #handlers: ((signal: LiveSignal) => void)[] = [];
  #listener: pg.Client | null = null;
  #publisher: pg.Pool;
  #closed = false;
  #retryMs = 500;
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
    for (const handler of this.#handlers) handler(signal);
    for (const payload of toWire(this.#id, signal)) {
      await this.#publisher.query('select pg_notify($1, $2)', [this.#channel, payload]);
    }
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

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url });
    client.on('notification', (message) => this.#receive(message.payload));
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, null));
    await client.connect();
    await client.query(`listen ${this.#channel}`);
    this.#listener = client;
    this.#retryMs = 500;
  }

  #receive(payload: string | undefined): void {
    if (!payload) return;
    let wire: Wire;
    try {
      wire = JSON.parse(payload) as Wire;
    } catch (error) {
      this.#options.onError(error);
      return;
    }
    if (wire.from === this.#id) return;
    const signal: LiveSignal = wire.type === 'created'
      ? { type: 'created', eventId: wire.eventId }
      : { type: 'changed', userId: wire.userId, ...(wire.removed ? { removed: wire.removed } : {}), ...(wire.historyCleared ? { historyCleared: true as const } : {}) };
    for (const handler of this.#handlers) handler(signal);
  }

  #lost(client: pg.Client, error: Error | null): void {
    if (this.#closed || this.#listener !== client) return;
    this.#listener = null;
    if (error) this.#options.onError(error);
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
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
  }
}

/** A created signal names only its event (receivers read back the rows of users they hold). */
function toWire(from: string, signal: LiveSignal): string[] {
  if (signal.type === 'created') return [JSON.stringify({ from, type: 'created', eventId: signal.eventId } satisfies Wire)];
  const removed = signal.removed ?? [];
  if (removed.length === 0) {
    return [JSON.stringify({ from, type: 'changed', userId: signal.userId, ...(signal.historyCleared ? { historyCleared: true as const } : {}) } satisfies Wire)];
  }
  const payloads: string[] = [];
  let batch: string[] = [];
  for (const id of removed) {
    batch.push(id);
    if (JSON.stringify(batch).length > MAX_PAYLOAD) {
      batch.pop();
      payloads.push(JSON.stringify({ from, type: 'changed', userId: signal.userId, removed: batch } satisfies Wire));
      batch = [id];
    }
  }
  payloads.push(JSON.stringify({ from, type: 'changed', userId: signal.userId, removed: batch } satisfies Wire));
  return payloads;
}
