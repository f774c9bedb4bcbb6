/**
 * A typed client for the Stockbell HTTP API. Same-origin cookies carry the session; every failure is
 * an ApiError carrying the server's own `message`, so widgets can show it instead of swallowing it.
 */
import type {
  Notification,
  NotificationPage,
  NotificationState,
  SnoozeBody,
  SubscriptionItem,
  SubscriptionKind,
  SubscriptionState,
  Trace,
  TraceTargetKind,
} from './types.ts';

export const DEFAULT_BASE_URL = '/plugins/stockbell';

export class ApiError extends Error {
  /** HTTP status, or 0 when the request never got an answer. */
  readonly status: number;
  /** The server's error code (e.g. `STOCKBELL_ERR_NOT_FOUND`), or `NETWORK` / `HTTP_<status>`. */
  readonly code: string;
  /** Seconds to wait before trying again, when the server said (429 `Retry-After`); else null. */
  readonly retryAfter: number | null;

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.retryAfter = retryAfter;
  }
}

export interface ListOptions {
  state?: NotificationState;
  /** 1..100; the server's default when absent. */
  limit?: number;
  cursor?: string | null;
  /** Only alerts still open. */
  openOnly?: boolean;
}

export interface StockbellApi {
  readonly baseUrl: string;
  listNotifications(options?: ListOptions): Promise<NotificationPage>;
  unreadCount(): Promise<number>;
  markRead(id: string): Promise<Notification>;
  markUnread(id: string): Promise<Notification>;
  markAllRead(): Promise<number>;
  /** Several read or unread in one request: the caller's among them, as they are now. */
  markMany(ids: readonly string[], read: boolean): Promise<Notification[]>;
  /** Out of the inbox until a time, a preset worked out by the server, or until its alert resolves. */
  snooze(id: string, body: SnoozeBody): Promise<Notification>;
  /** End a snooze now. */
  wake(id: string): Promise<Notification>;
  deleteNotification(id: string): Promise<void>;
  deleteNotifications(ids: readonly string[]): Promise<number>;
  deleteHistory(): Promise<number>;
  listSubscriptions(): Promise<SubscriptionItem[]>;
  getSubscription(kind: SubscriptionKind, id: string): Promise<SubscriptionState>;
  /** `variants: false` follows a template part alone, without its variants. */
  subscribe(kind: SubscriptionKind, id: string, options?: { variants?: boolean }): Promise<SubscriptionState>;
  unsubscribe(kind: SubscriptionKind, id: string): Promise<SubscriptionState>;
  mute(kind: SubscriptionKind, id: string): Promise<SubscriptionState>;
  unmute(kind: SubscriptionKind, id: string): Promise<SubscriptionState>;
  /** Why one of the caller's notifications reached them, and what was sent where. */
  notificationTrace(id: string): Promise<Trace>;
  /** Whether the caller is told about a part, category or build, and if not, why not. */
  trace(kind: TraceTargetKind, id: string): Promise<Trace>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/** `/plugins/stockbell/` and `/plugins/stockbell` are the same base. */
export function normalizeBaseUrl(baseUrl: string | null | undefined): string {
  const base = (baseUrl ?? '').trim() || DEFAULT_BASE_URL;
  return base.replace(/\/+$/, '');
}

/** One JSON request to the API; rejects with an ApiError carrying the server's message. */
export type Request = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The request function every API client (this one, and the settings and admin chunks' own) is made of. */
export function createRequest(base: string, fetchImpl?: FetchLike): Request {
  const doFetch: FetchLike = fetchImpl ?? ((input, init) => fetch(input, init));
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const headers: Record<string, string> = { accept: 'application/json' };
    const init: RequestInit = { method, headers, credentials: 'same-origin' };
    // Fastify rejects an empty body sent as JSON, so the header goes only with a body.
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await doFetch(base + path, init);
    } catch (error) {
      throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await toApiError(response);
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

export function createApi(baseUrl?: string | null, fetchImpl?: FetchLike): StockbellApi {
  const base = normalizeBaseUrl(baseUrl);
  const request = createRequest(base, fetchImpl);

  const sub = (kind: SubscriptionKind, id: string) => `/subscriptions/${enc(kind)}/${enc(id)}`;
  const mute = (kind: SubscriptionKind, id: string) => `/mutes/${enc(kind)}/${enc(id)}`;

  return {
    baseUrl: base,
    listNotifications(options = {}) {
      const query = new URLSearchParams();
      query.set('state', options.state ?? 'unread');
      if (options.limit !== undefined) query.set('limit', String(options.limit));
      if (options.cursor) query.set('cursor', options.cursor);
      if (options.openOnly) query.set('alerts', 'open');
      return request<NotificationPage>('GET', `/notifications?${query}`);
    },
    async unreadCount() {
      return (await request<{ count: number }>('GET', '/notifications/unread-count')).count;
    },
    markRead: (id) => request<Notification>('POST', `/notifications/${enc(id)}/read`),
    markUnread: (id) => request<Notification>('POST', `/notifications/${enc(id)}/unread`),
    async markAllRead() {
      return (await request<{ updated: number }>('POST', '/notifications/read-all')).updated;
    },
    async markMany(ids, read) {
      return (await request<{ items: Notification[] }>('POST', '/notifications/mark', { ids, read })).items;
    },
    snooze: (id, body) => request<Notification>('POST', `/notifications/${enc(id)}/snooze`, body),
    wake: (id) => request<Notification>('DELETE', `/notifications/${enc(id)}/snooze`),
    deleteNotification: (id) => request<void>('DELETE', `/notifications/${enc(id)}`),
    async deleteNotifications(ids) {
      return (await request<{ deleted: number }>('POST', '/notifications/delete', { ids })).deleted;
    },
    async deleteHistory() {
      return (await request<{ deleted: number }>('DELETE', '/notifications?state=read')).deleted;
    },
    async listSubscriptions() {
      return (await request<{ items: SubscriptionItem[] }>('GET', '/subscriptions')).items;
    },
    getSubscription: (kind, id) => request<SubscriptionState>('GET', sub(kind, id)),
    subscribe: (kind, id, options = {}) =>
      request<SubscriptionState>('PUT', `${sub(kind, id)}${options.variants === false ? '?variants=false' : ''}`),
    unsubscribe: (kind, id) => request<SubscriptionState>('DELETE', sub(kind, id)),
    mute: (kind, id) => request<SubscriptionState>('PUT', mute(kind, id)),
    unmute: (kind, id) => request<SubscriptionState>('DELETE', mute(kind, id)),
    notificationTrace: (id) => request<Trace>('GET', `/notifications/${enc(id)}/trace`),
    trace: (kind, id) => request<Trace>('GET', `/trace/${enc(kind)}/${enc(id)}`),
  };
}

export const enc = encodeURIComponent;

/** Anything thrown, as an Error: what the models keep and the widgets show. */
export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

async function toApiError(response: Response): Promise<ApiError> {
  let code = `HTTP_${response.status}`;
  let message = response.statusText || `HTTP ${response.status}`;
  try {
    const body = (await response.json()) as { code?: unknown; message?: unknown };
    if (typeof body.code === 'string' && body.code) code = body.code;
    if (typeof body.message === 'string' && body.message) message = body.message;
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  const seconds = Number(response.headers.get('retry-after'));
  return new ApiError(response.status, code, message, Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null);
}
