/** What instances say to each other on NOTIFY (server/live/notify-wire.ts): small payloads, whatever the signal. */
import { describe, expect, it } from 'vitest';
import { encode, PAYLOAD_BYTES, WireReader } from '../server/live/notify-wire.ts';

describe('the NOTIFY wire', () => {
  it('sends a created signal as its event id only, never the rows', () => {
    const rows = [{ id: 1, userId: 'ann', eventId: 7 }] as never;
    const [payload, ...more] = encode('me', { type: 'created', eventId: 7, rows });
    expect(more).toEqual([]);
    expect(new WireReader().read(payload as string)).toEqual({ from: 'me', signal: { type: 'created', eventId: 7 } });
  });

  it('splits a long signal into small parts that come back whole in any order', () => {
    const removed = Array.from({ length: 10_000 }, (_, i) => String(1_000_000 + i));
    const signal = { type: 'changed' as const, userId: 'Ünal 👩‍🔧', removed };
    const payloads = encode('me', signal);
    expect(payloads.length).toBeGreaterThan(50);
    for (const payload of payloads) expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(PAYLOAD_BYTES);
    const reader = new WireReader();
    const shuffled = [...payloads.slice(1), payloads[0] as string];
    const read = shuffled.map((payload) => reader.read(payload));
    expect(read.slice(0, -1).every((message) => message === null)).toBe(true);
    expect(read.at(-1)).toEqual({ from: 'me', signal });
  });

  it('drops half a message when the connection dropped', () => {
    const payloads = encode('me', { type: 'changed', userId: 'ann', removed: Array.from({ length: 500 }, (_, i) => String(i)) });
    const reader = new WireReader();
    reader.read(payloads[0] as string);
    reader.clear();
    expect(payloads.slice(1).map((payload) => reader.read(payload)).every((message) => message === null)).toBe(true);
  });
});
