/**
 * Overload (issue #14): a burst of events and a client flooding the WebSocket while a user keeps
 * asking for their unread count over real HTTP on loopback. Every answer comes, and is right at the
 * end; the p99 under load is reported; the process's memory stays bounded (the flood's sockets are
 * closed on their first frame, and nothing of them is kept).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startApp, type TestApp } from './support/app.ts';
import { sqlite } from './support/databases.ts';

// 2,000 in the suite (about 20 s); OVERLOAD_EVENTS=10000 runs the burst the issue names (figures in docs/security.md).
const EVENTS = Number(process.env.OVERLOAD_EVENTS ?? 2_000);
const USERS = 10;
/** Events raised at once, as a host's request handlers would. */
const CONCURRENT = 20;
const MiB = 1024 * 1024;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

describe('a burst of events and a flooding client', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('answers every unread-count while they last, reports the p99, and keeps memory bounded', { timeout: 300_000 }, async () => {
    t = await startApp(sqlite, { rateLimit: false });
    const app = t;
    for (let i = 0; i < USERS; i++) app.host.addUser(`u${i}`, { roles: ['crew'] });
    const origin = await app.listen();
    const wsUrl = `${origin.replace('http', 'ws')}/plugins/stockbell/ws`;
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const sample = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }, 50);

    let running = true;
    let floods = 0;
    // The flood: a socket of u0's sends a 64 KiB frame, is closed for it, and comes back at once.
    const flood = (async () => {
      const frame = Buffer.alloc(64 * 1024);
      while (running) {
        const socket = new WebSocket(wsUrl, { headers: { 'x-user': 'u0', origin } });
        await new Promise<void>((resolve) => {
          socket.once('open', () => {
            socket.send(frame);
            floods++;
          });
          socket.once('close', () => resolve());
          socket.once('error', () => resolve());
        });
      }
    })();

    const burst = (async () => {
      for (let start = 0; start < EVENTS; start += CONCURRENT) {
        const keys = Array.from({ length: Math.min(CONCURRENT, EVENTS - start) }, (_, i) => `burst-${start + i}`);
        await Promise.all(keys.map((key) => app.app.stockbell.send({ to: { role: 'crew' }, subject: key, key })));
      }
    })();
    let burstDone = false;
    void burst.finally(() => {
      burstDone = true;
    });

    const latencies: number[] = [];
    const began = performance.now();
    while (!burstDone) {
      const start = performance.now();
      const response = await fetch(`${origin}/plugins/stockbell/notifications/unread-count`, { headers: { 'x-user': 'u1' } });
      expect(response.status).toBe(200);
      await response.json();
      latencies.push(performance.now() - start);
    }
    await burst;
    running = false;
    await flood;
    clearInterval(sample);
    const seconds = (performance.now() - began) / 1_000;

    expect((await app.as('u1', 'GET', '/notifications/unread-count')).body).toEqual({ count: EVENTS });
    const sorted = [...latencies].sort((a, b) => a - b);
    const grew = (rssPeak - rssBefore) / MiB;
    console.log(
      `overload: ${EVENTS} events × ${USERS} users in ${seconds.toFixed(1)} s (${Math.round(EVENTS / seconds)} events/s), ` +
        `${floods} flooding sockets of 64 KiB frames; unread-count over HTTP: ${latencies.length} answers, ` +
        `p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms; ` +
        `RSS ${Math.round(rssBefore / MiB)} → peak ${Math.round(rssPeak / MiB)} MiB (+${grew.toFixed(0)})`,
    );
    expect(latencies.length).toBeGreaterThan(10);
    expect(floods).toBeGreaterThan(10);
    // Bounded: the flood's frames (64 KiB each, thousands of them) are never kept, and the burst's
    // rows live in SQLite, not in this process. The client side of the test shares this process too.
    expect(grew).toBeLessThan(256);
  });
});
