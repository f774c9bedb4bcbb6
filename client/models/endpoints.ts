/**
 * A list of chat and webhook endpoints with add, remove and "send test": the user's personal ones
 * (`/preferences/endpoints`) and the administrators' shared ones (`PATCH /admin/settings`) alike.
 * The owner model says how each operation is done; this one keeps the state the list and the form show.
 */
import { batch, type ReadonlySignal, signal } from '@preact/signals';
import { asError } from '../api.ts';
import type { Endpoint, NewEndpoint, TestResult } from '../types.ts';
import type { NoticeBody } from './notice.ts';

export type EndpointField = 'channel' | 'name' | 'url' | 'signed';

export interface EndpointTest {
  pending: boolean;
  /** The endpoint's answer (ok, or its error). */
  result: TestResult | null;
  /** The test could not be asked for at all (network, 404). */
  error: Error | null;
}

export interface EndpointsModel {
  readonly items: ReadonlySignal<Endpoint[]>;
  readonly adding: ReadonlySignal<boolean>;
  /** Why the last add failed, and the form field the server's message names (null: none of them). */
  readonly addError: ReadonlySignal<{ field: EndpointField | null; error: Error } | null>;
  /** A new webhook endpoint's signing secret: shown this once, never again. */
  readonly secret: ReadonlySignal<{ name: string; secret: string } | null>;
  readonly removing: ReadonlySignal<ReadonlySet<string>>;
  readonly removeError: ReadonlySignal<Error | null>;
  readonly tests: ReadonlySignal<Readonly<Record<string, EndpointTest>>>;
  /** Resolves to success; on failure `addError` says why. */
  add(endpoint: NewEndpoint): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  test(id: string): Promise<void>;
  dismissSecret(): void;
}

export interface EndpointOps {
  items: ReadonlySignal<Endpoint[]>;
  add(endpoint: NewEndpoint): Promise<{ endpoint: Endpoint; secret: string | null }>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<TestResult>;
  announce(body: NoticeBody): void;
}

/**
 * The form field a 400 names: `body/url …` (personal) or `body/endpoints/add/0/url …` (shared).
 */
export function endpointField(message: string): EndpointField | null {
  const match = /^body\/(?:endpoints\/add\/\d+\/)?(channel|name|url|signed)\b/.exec(message);
  return (match?.[1] as EndpointField | undefined) ?? null;
}

export function createEndpoints(ops: EndpointOps): EndpointsModel {
  const adding = signal(false);
  const addError = signal<{ field: EndpointField | null; error: Error } | null>(null);
  const secret = signal<{ name: string; secret: string } | null>(null);
  const removing = signal<ReadonlySet<string>>(new Set());
  const removeError = signal<Error | null>(null);
  const tests = signal<Readonly<Record<string, EndpointTest>>>({});
  const setTest = (id: string, test: EndpointTest) => {
    tests.value = { ...tests.value, [id]: test };
  };

  return {
    items: ops.items,
    adding,
    addError,
    secret,
    removing,
    removeError,
    tests,
    async add(endpoint) {
      if (adding.value) return false;
      adding.value = true;
      try {
        const created = await ops.add(endpoint);
        batch(() => {
          addError.value = null;
          secret.value = created.secret ? { name: created.endpoint.name, secret: created.secret } : null;
        });
        ops.announce({ type: 'endpoint-added', name: created.endpoint.name });
        return true;
      } catch (e) {
        const error = asError(e);
        addError.value = { field: endpointField(error.message), error };
        return false;
      } finally {
        adding.value = false;
      }
    },
    async remove(id) {
      if (removing.value.has(id)) return false;
      const name = ops.items.value.find((e) => e.id === id)?.name ?? id;
      removing.value = new Set([...removing.value, id]);
      try {
        await ops.remove(id);
        batch(() => {
          removeError.value = null;
          const { [id]: _gone, ...rest } = tests.value;
          tests.value = rest;
        });
        ops.announce({ type: 'endpoint-removed', name });
        return true;
      } catch (e) {
        removeError.value = asError(e);
        return false;
      } finally {
        removing.value = new Set([...removing.value].filter((r) => r !== id));
      }
    },
    async test(id) {
      if (tests.value[id]?.pending) return;
      const name = ops.items.value.find((e) => e.id === id)?.name ?? id;
      setTest(id, { pending: true, result: null, error: null });
      try {
        const result = await ops.test(id);
        setTest(id, { pending: false, result, error: null });
        // A failure is said by the result itself (an alert beside the endpoint).
        if (result.ok) ops.announce({ type: 'test', name, ok: true });
      } catch (e) {
        setTest(id, { pending: false, result: null, error: asError(e) });
      }
    },
    dismissSecret() {
      secret.value = null;
    },
  };
}
