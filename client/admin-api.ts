/**
 * The administrators' API (`/admin/*`): lives in the admin chunk, not in the bell's runtime.
 */
import { createRequest, enc, type FetchLike, normalizeBaseUrl } from './api.ts';
import type { AdminSettings, AdminSettingsPatch, Delivery, DeliveryPage, DeliveryStatus, RetryDeadBody, TestResult, Trace, TraceTargetKind } from './types.ts';

export interface DeliveryQuery {
  /** Absent: every status. */
  status?: DeliveryStatus | null;
  /** 1..100; the server's default (50) when absent. */
  limit?: number;
  cursor?: string | null;
}

export interface AdminApi {
  getSettings(): Promise<AdminSettings>;
  /** Partial: only what changed. Answers with the whole view. */
  patchSettings(patch: AdminSettingsPatch): Promise<AdminSettings>;
  testEndpoint(id: string): Promise<TestResult>;
  listDeliveries(query?: DeliveryQuery): Promise<DeliveryPage>;
  retryDelivery(id: string): Promise<Delivery>;
  /** Every dead job of a channel or an endpoint (or all), at once: how many went back to the queue. */
  retryDead(filter: RetryDeadBody): Promise<number>;
  /** Whether `userId` (the host's id) is told about a part, category or build, and if not, why not. */
  trace(userId: string, kind: TraceTargetKind, id: string): Promise<Trace>;
}

export function createAdminApi(baseUrl?: string | null, fetchImpl?: FetchLike): AdminApi {
  const request = createRequest(normalizeBaseUrl(baseUrl), fetchImpl);
  return {
    getSettings: () => request<AdminSettings>('GET', '/admin/settings'),
    patchSettings: (patch) => request<AdminSettings>('PATCH', '/admin/settings', patch),
    testEndpoint: (id) => request<TestResult>('POST', `/admin/endpoints/${enc(id)}/test`),
    listDeliveries(query = {}) {
      const params = new URLSearchParams();
      if (query.status) params.set('status', query.status);
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.cursor) params.set('cursor', query.cursor);
      const search = params.toString();
      return request<DeliveryPage>('GET', `/admin/deliveries${search ? `?${search}` : ''}`);
    },
    retryDelivery: (id) => request<Delivery>('POST', `/admin/deliveries/${enc(id)}/retry`),
    retryDead: async (filter) => (await request<{ retried: number }>('POST', '/admin/deliveries/retry', filter)).retried,
    trace: (userId, kind, id) => request<Trace>('GET', `/admin/trace/${enc(kind)}/${enc(id)}?${new URLSearchParams({ user: userId })}`),
  };
}
