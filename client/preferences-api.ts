/**
 * The user's preferences API (`/preferences`): lives in the settings chunk, not in the bell's runtime.
 */
import { createRequest, enc, type FetchLike, normalizeBaseUrl } from './api.ts';
import type { CreatedEndpoint, NewEndpoint, Preferences, PreferencesPatch, TestResult } from './types.ts';

export interface PreferencesApi {
  getPreferences(): Promise<Preferences>;
  /** Partial: only what changed. Answers with the whole view. */
  patchPreferences(patch: PreferencesPatch): Promise<Preferences>;
  addEndpoint(endpoint: NewEndpoint): Promise<CreatedEndpoint>;
  removeEndpoint(id: string): Promise<void>;
  testEndpoint(id: string): Promise<TestResult>;
}

export function createPreferencesApi(baseUrl?: string | null, fetchImpl?: FetchLike): PreferencesApi {
  const request = createRequest(normalizeBaseUrl(baseUrl), fetchImpl);
  return {
    getPreferences: () => request<Preferences>('GET', '/preferences'),
    patchPreferences: (patch) => request<Preferences>('PATCH', '/preferences', patch),
    addEndpoint: (endpoint) => request<CreatedEndpoint>('POST', '/preferences/endpoints', endpoint),
    removeEndpoint: (id) => request<void>('DELETE', `/preferences/endpoints/${enc(id)}`),
    testEndpoint: (id) => request<TestResult>('POST', `/preferences/endpoints/${enc(id)}/test`),
  };
}
