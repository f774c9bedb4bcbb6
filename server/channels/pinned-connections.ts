/**
 * Connections that go only where the endpoint policy looked. The policy resolves a host name once
 * and checks every address; this pool then connects to those very addresses and never asks DNS
 * again, so a name that answers differently the second time (DNS rebinding) gets nowhere. A host
 * name nobody checked gets no connection at all.
 *
 * The delivery worker keeps one pool for its life (keep-alive to endpoints across batches) and
 * closes it when the app closes; a single send without one gets its own, closed after it.
 */
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import type { Dispatcher } from 'undici';
import { undici } from './undici.ts';

export interface PinnedConnections {
  /** For `fetch(url, { dispatcher })`: resolves host names only to the addresses pinned for them. */
  readonly dispatcher: Dispatcher;
  /** The addresses the policy checked for `hostname`; the next connections to it use these. */
  pin(hostname: string, addresses: readonly string[]): void;
  close(): Promise<void>;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function normalise(hostname: string): string {
  const h = hostname.toLowerCase();
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h.replace(/\.$/, '');
}

/** Host names remembered at once; the oldest pin goes first (endpoints are a few hundred hosts at most). */
const MAX_PINS = 10_000;

export function createPinnedConnections(): PinnedConnections {
  const pins = new Map<string, LookupAddress[]>();
  const lookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => {
    const addresses = pins.get(normalise(hostname));
    if (!addresses || addresses.length === 0) {
      const error: NodeJS.ErrnoException = new Error('host name was not checked by the endpoint policy');
      error.code = 'ENOTCHECKED';
      callback(error, []);
      return;
    }
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]?.address ?? '', addresses[0]?.family);
  };
  const agent = new (undici().Agent)({ connect: { lookup } });
  return {
    dispatcher: agent,
    pin(hostname, addresses) {
      const host = normalise(hostname);
      pins.delete(host);
      pins.set(host, addresses.map((address) => ({ address, family: isIP(address) })));
      if (pins.size > MAX_PINS) pins.delete(pins.keys().next().value as string);
    },
    close: () => agent.close(),
  };
}
