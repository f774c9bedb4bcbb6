/**
 * In-memory stand-ins for the preferences and admin API clients, for the settings and admin model
 * tests: the same layering rules as the server (user override, else role, else global), cursors
 * as offsets, every call recorded, and a way to hold answers back to test ordering.
 */
import { ApiError } from '../client/api.ts';
import type { AdminApi } from '../client/admin-api.ts';
import type { PreferencesApi } from '../client/preferences-api.ts';
import type { AdminSettings, Delivery, Endpoint, Preferences, QuietHours, TestResult } from '../client/types.ts';

export const KINDS = [
  { id: 'part.low_stock', label: 'Low stock' },
  { id: 'message', label: 'Messages' },
];
export const CHANNELS = ['inbox', 'email', 'slack', 'webhook'];

/** Answers wait while held; `release()` lets the oldest waiting one through. */
function gate() {
  let held = false;
  const waiting: (() => void)[] = [];
  return {
    hold() {
      held = true;
    },
    release() {
      waiting.shift()?.();
    },
    /** Let the most recent waiting answer through first. */
    releaseNewest() {
      waiting.pop()?.();
    },
    /** Stop holding and let everything through. */
    open() {
      held = false;
      while (waiting.length) waiting.shift()?.();
    },
    get waiting() {
      return waiting.length;
    },
    pass(): Promise<void> {
      return held ? new Promise((resolve) => waiting.push(resolve)) : Promise.resolve();
    },
  };
}

function failer() {
  let next: Error | null = null;
  return {
    set(error: Error) {
      next = error;
    },
    check() {
      if (next) {
        const error = next;
        next = null;
        throw error;
      }
    },
  };
}

const badUrl = (field: string) => new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', `${field} endpoint URL must use http or https, not ftp:`);

export function fakePreferencesApi() {
  const store = {
    overrides: {} as Record<string, Record<string, boolean>>,
    email: { mode: 'immediate' as Preferences['email']['mode'], digestHour: 8, timeZone: 'UTC' },
    endpoints: [] as Endpoint[],
    quietHours: { nights: null, weekends: false } as QuietHours,
    /** What the admin marked urgent (read-only here, as on the server). */
    urgentKinds: [] as string[],
    testResult: { ok: true, error: null } as TestResult,
    nextId: 1,
  };
  const calls: string[] = [];
  const answers = gate();
  const fail = failer();
  const defaultOf = (channel: string) => channel === 'inbox' || channel === 'email';

  const view = (): Preferences => ({
    kinds: KINDS,
    channels: CHANNELS,
    matrix: Object.fromEntries(
      KINDS.map((k) => [
        k.id,
        Object.fromEntries(
          CHANNELS.map((c) => {
            const own = store.overrides[k.id]?.[c];
            return [c, own === undefined ? { enabled: defaultOf(c), source: 'global' as const } : { enabled: own, source: 'user' as const }];
          }),
        ),
      ]),
    ),
    email: { ...store.email },
    endpoints: store.endpoints.map((e) => ({ ...e })),
    sharedEndpoints: [],
    quietHours: structuredClone(store.quietHours),
    urgentKinds: [...store.urgentKinds],
  });

  async function answer<T>(call: string, work: () => T): Promise<T> {
    calls.push(call);
    fail.check();
    const result = work();
    await answers.pass();
    return result;
  }

  const api: PreferencesApi = {
    getPreferences: () => answer('get', view),
    patchPreferences: (patch) =>
      answer(`patch ${JSON.stringify(patch)}`, () => {
        for (const [kind, row] of Object.entries(patch.matrix ?? {})) {
          const cells = { ...store.overrides[kind] };
          for (const [channel, value] of Object.entries(row)) {
            if (value === null) delete cells[channel];
            else cells[channel] = switchOf(value);
          }
          store.overrides[kind] = cells;
        }
        for (const [key, value] of Object.entries(patch.email ?? {})) {
          if (value !== null && value !== undefined) (store.email as Record<string, unknown>)[key] = value;
        }
        // The whole of it, or null for none (as the server reads it).
        if (patch.quietHours !== undefined) store.quietHours = patch.quietHours ?? { nights: null, weekends: false };
        return view();
      }),
    addEndpoint: (input) =>
      answer(`add ${input.channel}`, () => {
        if (!/^https?:/.test(input.url)) throw badUrl('body/url');
        const endpoint = { id: String(store.nextId++), channel: input.channel, name: input.name ?? `${input.channel} endpoint`, url: 'https://hooks.example/…wxyz' };
        store.endpoints.push(endpoint);
        return { ...endpoint, secret: input.channel === 'webhook' && input.signed !== false ? 'whsec_test' : null };
      }),
    removeEndpoint: (id) =>
      answer(`remove ${id}`, () => {
        if (!store.endpoints.some((e) => e.id === id)) throw new ApiError(404, 'STOCKBELL_ERR_NOT_FOUND', `endpoint ${id} not found`);
        store.endpoints = store.endpoints.filter((e) => e.id !== id);
      }),
    testEndpoint: (id) => answer(`test ${id}`, () => ({ ...store.testResult })),
  };
  return { api, store, calls, answers, failNext: fail.set };
}

export function delivery(id: number, overrides: Partial<Delivery> = {}): Delivery {
  return {
    id: String(id),
    channel: 'webhook',
    recipient: '3',
    recipientName: 'Chris',
    recipientEmail: null,
    endpoint: { id: '1', name: 'Ops', shared: true },
    kind: 'message',
    notificationId: String(id),
    status: 'sent',
    attempts: 1,
    lastError: null,
    nextAttemptAt: null,
    createdAt: new Date(Date.UTC(2025, 0, 1, 12, 0, id)).toISOString(),
    updatedAt: new Date(Date.UTC(2025, 0, 1, 12, 0, id)).toISOString(),
    ...overrides,
  };
}

export function fakeAdminApi() {
  const store = {
    settings: {
      enabled: true,
      lowStockEnabled: true,
      retentionDays: 30,
      defaultDigestHour: 8,
      publicUrl: null,
      allowedOrigins: [],
      endpointAllowList: [],
      urgentKinds: [],
      roles: null,
      kinds: KINDS,
      channels: CHANNELS,
      defaults: {
        'part.low_stock': { inbox: true, email: true, slack: false, webhook: false },
        message: { inbox: true, email: true, slack: false, webhook: false },
      },
      roleDefaults: {},
      endpoints: [],
    } as AdminSettings,
    /** Newest first. */
    deliveries: [] as Delivery[],
    forbidden: false,
    nextId: 1,
  };
  const calls: string[] = [];
  const answers = gate();
  const fail = failer();

  async function answer<T>(call: string, work: () => T): Promise<T> {
    calls.push(call);
    if (store.forbidden) throw new ApiError(403, 'STOCKBELL_ERR_FORBIDDEN', 'Only administrators may do this');
    fail.check();
    const result = work();
    await answers.pass();
    return result;
  }
  const view = (): AdminSettings => structuredClone(store.settings);
  const counts = () => {
    const n = (s: string) => store.deliveries.filter((d) => d.status === s).length;
    return { pending: n('pending') + n('retrying'), sending: n('sending'), sent: n('sent'), dead: n('dead') };
  };

  const api: AdminApi = {
    getSettings: () => answer('get', view),
    patchSettings: (patch) =>
      answer(`patch ${JSON.stringify(patch)}`, () => {
        const s = store.settings;
        if (patch.publicUrl !== undefined) {
          if (patch.publicUrl !== null && !/^https?:\/\//.test(patch.publicUrl)) {
            throw new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', 'body/publicUrl must be an absolute URL such as https://inventory.example.com');
          }
          s.publicUrl = patch.publicUrl;
        }
        for (const [i, kind] of (patch.urgentKinds ?? []).entries()) {
          if (!KINDS.some((k) => k.id === kind)) throw new ApiError(400, 'STOCKBELL_ERR_BAD_REQUEST', `body/urgentKinds/${i} is not a known kind`);
        }
        for (const key of ['enabled', 'lowStockEnabled', 'retentionDays', 'defaultDigestHour', 'allowedOrigins', 'endpointAllowList', 'urgentKinds'] as const) {
          if (patch[key] !== undefined) (s as unknown as Record<string, unknown>)[key] = patch[key];
        }
        for (const [kind, row] of Object.entries(patch.defaults ?? {})) {
          for (const [channel, value] of Object.entries(row)) {
            const cells = s.defaults[kind] ?? {};
            cells[channel] = value === null ? channel === 'email' : switchOf(value);
            s.defaults[kind] = cells;
          }
        }
        for (const [role, matrix] of Object.entries(patch.roleDefaults ?? {})) {
          if (matrix === null) {
            delete s.roleDefaults[role];
            continue;
          }
          const cells = structuredClone(s.roleDefaults[role] ?? {});
          for (const [kind, row] of Object.entries(matrix)) {
            const next = { ...cells[kind] };
            for (const [channel, value] of Object.entries(row)) {
              if (value === null) delete next[channel];
              else next[channel] = switchOf(value);
            }
            if (Object.keys(next).length === 0) delete cells[kind];
            else cells[kind] = next;
          }
          if (Object.keys(cells).length === 0) delete s.roleDefaults[role];
          else s.roleDefaults[role] = cells;
        }
        const secrets = new Map<string, string>();
        for (const [i, add] of (patch.endpoints?.add ?? []).entries()) {
          if (!/^https?:/.test(add.url)) throw badUrl(`body/endpoints/add/${i}/url`);
          const id = String(store.nextId++);
          s.endpoints.push({ id, channel: add.channel, name: add.name ?? `${add.channel} endpoint`, url: 'https://hooks.example/…wxyz' });
          if (add.channel === 'webhook') secrets.set(id, 'whsec_shared');
        }
        for (const id of patch.endpoints?.remove ?? []) s.endpoints = s.endpoints.filter((e) => e.id !== id);
        const answer = view();
        answer.endpoints = answer.endpoints.map((e) => (secrets.has(e.id) ? { ...e, secret: secrets.get(e.id) as string } : e));
        return answer;
      }),
    testEndpoint: (id) => answer(`test ${id}`, () => ({ ok: false, error: 'webhook: HTTP 500 from https://hooks.example' })),
    listDeliveries: (query = {}) =>
      answer(`list ${query.status ?? 'all'} ${query.limit ?? ''} ${query.cursor ?? ''}`.trim(), () => {
        const all = store.deliveries.filter((d) => !query.status || d.status === query.status);
        const start = query.cursor ? Number(query.cursor) : 0;
        const limit = query.limit ?? 50;
        return {
          items: all.slice(start, start + limit).map((d) => ({ ...d })),
          nextCursor: start + limit < all.length ? String(start + limit) : null,
          counts: counts(),
          paused: [],
        };
      }),
    retryDead: (filter) =>
      answer(`retry dead ${JSON.stringify(filter)}`, () => {
        const dead = store.deliveries.filter((d) => d.status === 'dead' && (!filter.channel || d.channel === filter.channel));
        for (const d of dead) Object.assign(d, { status: 'pending', attempts: 0 });
        return dead.length;
      }),
    retryDelivery: (id) =>
      answer(`retry ${id}`, () => {
        const d = store.deliveries.find((x) => x.id === id);
        if (!d) throw new ApiError(404, 'STOCKBELL_ERR_NOT_FOUND', `delivery ${id} not found`);
        if (d.status !== 'dead' && d.status !== 'retrying') {
          throw new ApiError(409, 'STOCKBELL_ERR_CONFLICT', `delivery ${id} is ${d.status}: only dead or failing deliveries can be retried`);
        }
        Object.assign(d, { status: 'pending', attempts: 0, nextAttemptAt: d.createdAt });
        return { ...d };
      }),
    // Traces are read from a real server (test/client-why.test.ts), never made up here.
    trace: () => Promise.reject(new ApiError(501, 'NOT_IN_FAKE', 'traces come from the real server')),
  };
  return { api, store, calls, answers, failNext: fail.set };
}

/** A changed cell as the server reads it: a switch, or `{ enabled }` as GET shows it. */
function switchOf(value: boolean | { enabled: boolean }): boolean {
  return typeof value === 'boolean' ? value : value.enabled;
}
