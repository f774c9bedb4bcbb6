import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  CLOSE_GRACE_MS,
  createLive,
  type LiveEnv,
  type LiveEvent,
  liveUrl,
  MAX_DELAY_MS,
  parseFrame,
  type SocketLike,
  STABLE_AFTER_MS,
  STAY_CLOSED_CODES,
} from '../client/live.ts';

describe('backoffDelay', () => {
  it('starts near one second and doubles, with ±20 % jitter', () => {
    expect(backoffDelay(0, () => 0.5)).toBe(1_000);
    expect(backoffDelay(0, () => 0)).toBe(800);
    expect(backoffDelay(0, () => 1)).toBe(1_200);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, () => 0.5))).toEqual([2_000, 4_000, 8_000, 16_000]);
  });
  it('never waits more than 30 seconds', () => {
    for (let attempt = 4; attempt < 60; attempt += 1) {
      expect(backoffDelay(attempt, () => 1)).toBeLessThanOrEqual(MAX_DELAY_MS);
    }
    expect(backoffDelay(10, () => 0.5)).toBe(MAX_DELAY_MS);
    expect(backoffDelay(10, () => 0)).toBe(24_000);
  });
  it('spreads clients out: different random draws give different delays', () => {
    const delays = new Set([0.1, 0.3, 0.6, 0.9].map((r) => backoffDelay(2, () => r)));
    expect(delays.size).toBe(4);
  });
});

describe('liveUrl', () => {
  it('turns the base URL into a same-host WebSocket URL', () => {
    expect(liveUrl(undefined, 'https://inv.example/parts/1')).toBe('wss://inv.example/plugins/stockbell/ws');
    expect(liveUrl('/x/sb/', 'http://localhost:3000/')).toBe('ws://localhost:3000/x/sb/ws');
    expect(liveUrl('https://api.example/sb', 'http://localhost/')).toBe('wss://api.example/sb/ws');
  });
});

describe('parseFrame', () => {
  it('accepts the four frames and ignores anything else', () => {
    expect(parseFrame('{"type":"historyCleared"}')).toEqual({ type: 'historyCleared' });
    expect(parseFrame('{"type":"unread","count":3}')).toEqual({ type: 'unread', count: 3 });
    expect(parseFrame('{"type":"removed","ids":["1"]}')).toEqual({ type: 'removed', ids: ['1'] });
    expect(parseFrame('{"type":"notification","notification":{"id":"1"}}')?.type).toBe('notification');
    expect(parseFrame('{"type":"unread","count":"3"}')).toBeNull();
    expect(parseFrame('{"type":"hello"}')).toBeNull();
    expect(parseFrame('not json')).toBeNull();
    expect(parseFrame(new ArrayBuffer(2))).toBeNull();
  });
});

/** A fake clock and socket factory: timers run only when the test says so. */
function harness() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let nextTimer = 1;
  const sockets: (SocketLike & { url: string; closed: boolean })[] = [];
  const wakers = new Set<() => void>();
  const env: LiveEnv = {
    createSocket(url) {
      const socket = {
        url,
        closed: false,
        onopen: null,
        onclose: null,
        onerror: null,
        onmessage: null,
        close() {
          socket.closed = true;
        },
      } as SocketLike & { url: string; closed: boolean };
      sockets.push(socket);
      return socket;
    },
    setTimeout(fn, ms) {
      const id = nextTimer++;
      timers.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    random: () => 0.5,
    onWake(fn) {
      wakers.add(fn);
      return () => wakers.delete(fn);
    },
  };
  return {
    env,
    sockets,
    wakers,
    get timers() {
      return [...timers.values()].map((t) => t.at - now).sort((a, b) => a - b);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('no socket');
      return socket;
    },
  };
}

describe('createLive', () => {
  it('connects on the first listener, says "sync" when open, and passes frames on', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const events: LiveEvent[] = [];
    expect(h.sockets).toHaveLength(0);
    live.subscribe((e) => events.push(e));
    expect(h.sockets).toHaveLength(1);
    expect(live.status.value).toBe('connecting');
    h.last().onopen?.({});
    expect(live.status.value).toBe('open');
    h.last().onmessage?.({ data: '{"type":"unread","count":2}' });
    h.last().onmessage?.({ data: 'garbage' });
    expect(events).toEqual([{ type: 'sync', reason: 'open' }, { type: 'unread', count: 2 }]);
  });

  it('shares one socket between listeners', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const a: LiveEvent[] = [];
    const b: LiveEvent[] = [];
    live.subscribe((e) => a.push(e));
    live.subscribe((e) => b.push(e));
    h.last().onopen?.({});
    expect(h.sockets).toHaveLength(1);
    expect(a).toEqual(b);
  });

  it('reconnects with growing delays after losses, and re-syncs each time it opens', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const syncs: LiveEvent[] = [];
    live.subscribe((e) => e.type === 'sync' && syncs.push(e));
    const delays: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      h.last().onclose?.({});
      expect(live.status.value).toBe('waiting');
      delays.push(h.timers[0] ?? -1);
      h.advance(delays.at(-1) ?? 0);
    }
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
    expect(h.sockets).toHaveLength(8);
    h.last().onopen?.({});
    expect(syncs).toHaveLength(1);
  });

  it('starts again at about a second once a connection has stayed up', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    live.subscribe(() => {});
    h.last().onclose?.({});
    h.advance(1_000);
    h.last().onclose?.({});
    expect(h.timers[0]).toBe(2_000);
    h.advance(2_000);
    h.last().onopen?.({});
    h.advance(STABLE_AFTER_MS);
    h.last().onclose?.({});
    expect(h.timers[0]).toBe(1_000);
  });

  it('reconnects at once and re-syncs when the tab becomes visible again', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const events: LiveEvent[] = [];
    live.subscribe((e) => events.push(e));
    h.last().onclose?.({});
    h.last().onclose?.({}); // a stale second close must not schedule twice
    expect(h.sockets).toHaveLength(1);
    for (const wake of h.wakers) wake();
    expect(h.sockets).toHaveLength(2);
    expect(events).toContainEqual({ type: 'sync', reason: 'visible' });
  });

  it('does not fight the server: after "replaced" (4000) or "signed out" (4001) it waits for the user to come back', () => {
    for (const code of [4000, 4001]) {
      const h = harness();
      const live = createLive('ws://x/ws', h.env);
      live.subscribe(() => {});
      h.last().onopen?.({});
      h.last().onclose?.({ code });
      expect(live.status.value).toBe('paused');
      h.advance(10 * 60_000);
      expect(h.sockets).toHaveLength(1);
      for (const wake of h.wakers) wake();
      expect(h.sockets).toHaveLength(2);
    }
  });

  it('uses the server’s own close codes', async () => {
    const { CLOSE_CODES } = await import('../server/contract/index.ts');
    expect(new Set(Object.values(CLOSE_CODES))).toEqual(STAY_CLOSED_CODES);
  });

  it('closes shortly after the last listener leaves, unless one comes back in time', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const stop = live.subscribe(() => {});
    h.last().onopen?.({});
    stop();
    h.advance(CLOSE_GRACE_MS / 2);
    const again = live.subscribe(() => {});
    h.advance(CLOSE_GRACE_MS * 2);
    expect(h.last().closed).toBe(false);
    expect(h.sockets).toHaveLength(1);
    again();
    h.advance(CLOSE_GRACE_MS);
    expect(h.last().closed).toBe(true);
    expect(live.status.value).toBe('idle');
    expect(h.timers).toEqual([]);
    expect(h.wakers.size).toBe(0);
  });

  it('keeps telling the other listeners when one throws', () => {
    const h = harness();
    const live = createLive('ws://x/ws', h.env);
    const seen: string[] = [];
    const original = console.error;
    console.error = () => {};
    try {
      live.subscribe(() => {
        throw new Error('widget bug');
      });
      live.subscribe((e) => seen.push(e.type));
      h.last().onopen?.({});
    } finally {
      console.error = original;
    }
    expect(seen).toEqual(['sync']);
  });
});
