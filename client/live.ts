/**
 * The live connection: one WebSocket per page per base URL, shared by every widget on the page.
 *
 * It connects when the first widget listens and closes shortly after the last one stops. A lost
 * connection is retried with exponential backoff and jitter (about 1 s, growing to 30 s). Each time
 * the socket opens, and each time the tab becomes visible again, listeners get `{ type: 'sync' }`:
 * frames may have been missed, so models re-read what they show.
 */
import { type ReadonlySignal, signal } from '@preact/signals';
import { normalizeBaseUrl } from './api.ts';
import type { Frame } from './types.ts';

export type LiveEvent = Frame | { type: 'sync'; reason: 'open' | 'visible' };
export type LiveListener = (event: LiveEvent) => void;
/**
 * idle: nobody listens; connecting; open; waiting: lost, a retry is scheduled; paused: the server
 * closed it on purpose, and it reconnects only when the user is back (tab visible, network up).
 */
export type LiveStatus = 'idle' | 'connecting' | 'open' | 'waiting' | 'paused';

export interface Live {
  readonly url: string;
  readonly status: ReadonlySignal<LiveStatus>;
  /** Start listening (connecting if needed); returns the function that stops. */
  subscribe(listener: LiveListener): () => void;
}

export const INITIAL_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 30_000;
/** A socket that stays open this long counts as healthy: the next loss starts again at ~1 s. */
export const STABLE_AFTER_MS = 5_000;
/** Widgets that unmount and remount at once (moved in the DOM) keep the same socket. */
export const CLOSE_GRACE_MS = 1_000;
/**
 * The server's close codes after which a retry on a timer would fight it (server/contract/frames.ts
 * CLOSE_CODES): 4000, this tab's socket made way for the user's newer ones (a cap per user);
 * 4001, the host signed the user out.
 */
export const STAY_CLOSED_CODES: ReadonlySet<number> = new Set([4000, 4001]);

/**
 * Delay before reconnect attempt `attempt` (0-based): 1 s doubling to 30 s, ±20 % jitter so that a
 * restarted server is not hit by every browser in the same millisecond; never above 30 s.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(MAX_DELAY_MS, INITIAL_DELAY_MS * 2 ** Math.max(0, attempt));
  return Math.round(Math.min(MAX_DELAY_MS, base * (0.8 + 0.4 * random())));
}

/** `ws(s)://host/plugins/stockbell/ws` from a base URL, resolved against the page. */
export function liveUrl(baseUrl: string | null | undefined, pageUrl: string): string {
  const url = new URL(`${normalizeBaseUrl(baseUrl)}/ws`, pageUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.hash = '';
  return url.href;
}

/** Parse one text frame; anything that is not a frame we know is ignored. */
export function parseFrame(data: unknown): Frame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object') return null;
  const frame = value as Partial<Record<string, unknown>>;
  switch (frame.type) {
    case 'notification':
    case 'updated':
      return frame.notification && typeof frame.notification === 'object' ? (value as Frame) : null;
    case 'unread':
      return typeof frame.count === 'number' ? (value as Frame) : null;
    case 'removed':
      return Array.isArray(frame.ids) ? (value as Frame) : null;
    case 'historyCleared':
      return value as Frame;
    default:
      return null;
  }
}

export interface SocketLike {
  onopen: ((event: unknown) => void) | null;
  onclose: ((event: unknown) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(code?: number, reason?: string): void;
}

export interface LiveEnv {
  createSocket(url: string): SocketLike;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
  /** Subscribe to "the tab became visible" and "the network came back"; returns the unsubscribe. */
  onWake?(fn: () => void): () => void;
}

export function browserEnv(): LiveEnv {
  return {
    createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as number),
    random: Math.random,
    onWake(fn) {
      const onVisible = () => {
        if (document.visibilityState === 'visible') fn();
      };
      document.addEventListener('visibilitychange', onVisible);
      window.addEventListener('online', fn);
      return () => {
        document.removeEventListener('visibilitychange', onVisible);
        window.removeEventListener('online', fn);
      };
    },
  };
}

export function createLive(url: string, env: LiveEnv): Live {
  const listeners = new Set<LiveListener>();
  const status = signal<LiveStatus>('idle');
  let socket: SocketLike | null = null;
  let attempt = 0;
  let retryTimer: unknown = null;
  let stableTimer: unknown = null;
  let closeTimer: unknown = null;
  let stopWake: (() => void) | null = null;

  const emit = (event: LiveEvent) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        // One widget's bug must not silence the others.
        console.error('stockbell: live listener failed', error);
      }
    }
  };

  const clear = (handle: unknown) => {
    if (handle !== null) env.clearTimeout(handle);
    return null;
  };

  function connect() {
    retryTimer = clear(retryTimer);
    if (socket || listeners.size === 0) return;
    status.value = 'connecting';
    let ws: SocketLike;
    try {
      ws = env.createSocket(url);
    } catch {
      scheduleRetry();
      return;
    }
    socket = ws;
    ws.onopen = () => {
      if (socket !== ws) return;
      status.value = 'open';
      stableTimer = env.setTimeout(() => {
        stableTimer = null;
        attempt = 0;
      }, STABLE_AFTER_MS);
      emit({ type: 'sync', reason: 'open' });
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      const frame = parseFrame(event.data);
      if (frame) emit(frame);
    };
    ws.onerror = () => {
      // A close event always follows; the retry is scheduled there.
    };
    ws.onclose = (event) => {
      if (socket !== ws) return;
      socket = null;
      stableTimer = clear(stableTimer);
      if (STAY_CLOSED_CODES.has((event as { code?: number } | null)?.code ?? 0)) status.value = 'paused';
      else scheduleRetry();
    };
  }

  function scheduleRetry() {
    if (listeners.size === 0) {
      status.value = 'idle';
      return;
    }
    status.value = 'waiting';
    retryTimer = clear(retryTimer);
    retryTimer = env.setTimeout(connect, backoffDelay(attempt, env.random));
    attempt += 1;
  }

  function wake() {
    if (listeners.size === 0) return;
    if (status.value === 'waiting' || status.value === 'paused') connect();
    emit({ type: 'sync', reason: 'visible' });
  }

  function shutdown() {
    closeTimer = null;
    if (listeners.size > 0) return;
    retryTimer = clear(retryTimer);
    stableTimer = clear(stableTimer);
    stopWake?.();
    stopWake = null;
    attempt = 0;
    const ws = socket;
    socket = null;
    status.value = 'idle';
    ws?.close(1000, 'no listeners');
  }

  return {
    url,
    status,
    subscribe(listener) {
      listeners.add(listener);
      closeTimer = clear(closeTimer);
      stopWake ??= env.onWake?.(wake) ?? null;
      if (!socket && retryTimer === null) connect();
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        closeTimer = clear(closeTimer);
        closeTimer = env.setTimeout(shutdown, CLOSE_GRACE_MS);
      };
    },
  };
}

/** The one module-level registry: a page shares one socket per base URL. */
const shared = new Map<string, Live>();

export function getLive(baseUrl?: string | null): Live {
  const url = liveUrl(baseUrl, location.href);
  let live = shared.get(url);
  if (!live) {
    live = createLive(url, browserEnv());
    shared.set(url, live);
  }
  return live;
}
