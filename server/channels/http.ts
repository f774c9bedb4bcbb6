/**
 * One JSON POST to a chat or webhook endpoint, and what its outcome means for the delivery job:
 * 2xx done; 429 retry (after `Retry-After`); 408, 5xx, network errors and timeouts retry;
 * other 4xx and redirects give up. The endpoint policy runs first. Error strings name the
 * endpoint by scheme and host only: its path is a secret.
 */
import type { fetch as undiciFetch } from 'undici';
import { createPinnedConnections } from './pinned-connections.ts';
import { undici } from './undici.ts';
import { maskUrl, oneLine, scrubUrl } from './text.ts';
import type { Endpoint, SendContext, SendResult } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_ERROR_BODY = 300;

export interface PostJsonOptions {
  /** Prefix of error strings, e.g. `slack`. */
  label: string;
  body: string;
  headers?: Record<string, string>;
  /** A service that puts its retry delay in the body (Discord's `retry_after`), in ms. */
  retryAfterFromBody?: (text: string) => number | undefined;
}

/**
 * `Retry-After` in milliseconds: delta-seconds or an HTTP date (relative to `now`); undefined
 * when absent or unreadable. Never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

type FetchResponse = Awaited<ReturnType<typeof undiciFetch>>;

async function readSome(res: FetchResponse, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < max) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } catch {
    // A body that fails half-way tells us nothing more than the status did.
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeNetworkError(err: unknown): string {
  const e = err as { name?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } };
  const code = e.cause?.code;
  if (typeof code === 'string') return code;
  const message = typeof e.cause?.message === 'string' ? e.cause.message : e.message;
  return typeof message === 'string' ? message : String(err);
}

export async function postJson(endpoint: Endpoint | null, ctx: SendContext, options: PostJsonOptions): Promise<SendResult> {
  const { label } = options;
  if (!endpoint?.url) return { ok: false, retryable: false, error: `${label}: no endpoint configured` };
  const checked = await ctx.endpointPolicy.check(endpoint.url);
  if (!checked.ok) return { ok: false, retryable: checked.retryable, error: `${label}: ${checked.error}` };
  const url = checked.url;
  const where = maskUrl(url);
  const clean = (s: string) => oneLine(scrubUrl(s, url)).slice(0, MAX_ERROR_BODY);
  const timeoutMs = ctx.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    // fetch would throw on these; a value that cannot be a header will not become one on retry.
    if (!/^[\t\x20-\x7e]*$/.test(value)) {
      return { ok: false, retryable: false, error: `${label}: header ${name} has characters a header cannot carry` };
    }
  }

  // The connection goes to the addresses just checked, never to a second DNS answer.
  const connections = ctx.connections ?? createPinnedConnections();
  connections.pin(url.hostname, checked.addresses);
  const fetch = ctx.fetch ?? undici().fetch;
  let res: FetchResponse;
  let text: string;
  try {
    res = await fetch(url.href, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Stockbell', ...options.headers },
      body: options.body,
      // A redirect could lead anywhere, including past the endpoint policy: never follow one.
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      dispatcher: connections.dispatcher,
    });
    text = await readSome(res, 4096);
  } catch (err) {
    const name = (err as { name?: unknown }).name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, retryable: true, error: `${label}: no answer from ${where} within ${timeoutMs / 1000} s` };
    }
    return { ok: false, retryable: true, error: `${label}: network error for ${where}: ${clean(describeNetworkError(err))}` };
  } finally {
    if (!ctx.connections) void connections.close();
  }

  const status = res.status;
  if (status >= 200 && status < 300) return { ok: true };
  const detail = text.trim() === '' ? '' : `: ${clean(text)}`;
  const error = `${label}: HTTP ${status} from ${where}${detail}`;
  if (status === 429 || status === 503) {
    const retryAfterMs =
      parseRetryAfter(res.headers.get('retry-after'), ctx.clock.now()) ?? options.retryAfterFromBody?.(text);
    return retryAfterMs === undefined ? { ok: false, retryable: true, error } : { ok: false, retryable: true, error, retryAfterMs };
  }
  if (status >= 500 || status === 408) return { ok: false, retryable: true, error };
  if (status >= 300 && status < 400) {
    return { ok: false, retryable: false, error: `${label}: ${where} answered with a redirect (HTTP ${status}); redirects are not followed` };
  }
  return { ok: false, retryable: false, error };
}
