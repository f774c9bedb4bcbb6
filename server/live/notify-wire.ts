/**
 * What an instance tells the others on its PostgreSQL NOTIFY channel: a signal as JSON, never the
 * rows (receivers read back what their own sockets need), and who sent it (so it does not hear
 * itself twice). PostgreSQL refuses payloads of 8,000 bytes or more; a message longer than
 * PAYLOAD_BYTES (a deletion of hundreds of ids) travels as base64 parts, all sent by one statement —
 * one transaction, so they are delivered together — and is put back together by `WireReader`.
 */
import { randomUUID } from 'node:crypto';
import type { LiveSignal } from './broadcaster.ts';

/** The most one NOTIFY carries: far under PostgreSQL's 8,000 bytes. */
export const PAYLOAD_BYTES = 1_000;
/** Base64 characters per part, leaving room for the part's envelope. */
const PART_CHARS = PAYLOAD_BYTES - 120;
/** Messages being put back together at once; more means parts were lost, and the oldest go. */
const OPEN_MESSAGES = 64;

/** The signals other instances hear (the rest are this process's own). */
export type SharedSignal = Exclude<LiveSignal, { type: 'lost' | 'resync' }>;

interface Whole {
  from: string;
  signal: SharedSignal;
}
interface Part {
  from: string;
  /** [message id, index, count] */
  part: [string, number, number];
  data: string;
}

export function isShared(signal: LiveSignal): signal is SharedSignal {
  return signal.type !== 'lost' && signal.type !== 'resync';
}

/** The payloads for one signal: one, or the parts of a long one. */
export function encode(from: string, signal: SharedSignal): string[] {
  // Rows in hand stay in this process: the others read back what their own sockets need.
  const { rows: _rows, ...bare } = signal as SharedSignal & { rows?: unknown };
  const text = JSON.stringify({ from, signal: bare } satisfies Whole);
  if (Buffer.byteLength(text) <= PAYLOAD_BYTES) return [text];
  const data = Buffer.from(text).toString('base64');
  const id = randomUUID();
  const count = Math.ceil(data.length / PART_CHARS);
  return Array.from({ length: count }, (_, i) =>
    JSON.stringify({ from, part: [id, i, count], data: data.slice(i * PART_CHARS, (i + 1) * PART_CHARS) } satisfies Part));
}

/** Reads payloads back into signals, holding the parts of a long message until it is whole. */
export class WireReader {
  readonly #open = new Map<string, string[]>();

  /** The message this payload is or completes; null while parts are missing. Throws on a payload that is not ours. */
  read(payload: string): Whole | null {
    const message = JSON.parse(payload) as Whole | Part;
    if (!('part' in message)) return message;
    const [id, index, count] = message.part;
    const parts = this.#open.get(id) ?? new Array<string>(count);
    this.#open.set(id, parts);
    parts[index] = message.data;
    if (this.#open.size > OPEN_MESSAGES) this.#open.delete(this.#open.keys().next().value as string);
    // A sparse array's `filter` skips the holes: whole once every index is in.
    if (parts.filter((part) => part !== undefined).length < count) return null;
    this.#open.delete(id);
    return JSON.parse(Buffer.from(parts.join(''), 'base64').toString()) as Whole;
  }

  /** The connection dropped: parts in flight will not be completed. */
  clear(): void {
    this.#open.clear();
  }
}
