/**
 * Where chat and webhook channels may send. Endpoint URLs are typed in by users and admins, so a
 * request to one must not become a way into the server's own network (SSRF): only http(s), and
 * no private, loopback, link-local, unique-local, CGNAT, multicast, reserved or unspecified
 * address, IPv4 or IPv6 (IPv4-mapped, SIIT, NAT64 and 6to4 forms included), unless an admin allow-list
 * entry permits that address, range or host name.
 *
 * Every address the host name resolves to must pass: a connection may go to any of them. The
 * connection itself is pinned to the addresses checked here (pinned-connections.ts).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { OptionError } from '../errors.ts';

export type LookupFunction = (
  hostname: string,
  options: { all: true },
) => Promise<readonly { address: string; family: number }[]>;

export interface EndpointPolicyOptions {
  /** Addresses (`127.0.0.1`, `::1`), CIDR ranges (`10.0.0.0/8`, `fd00::/8`) and host names
   * (`hooks.internal.example`, `*.internal.example`) that may be reached although private. */
  allow?: readonly string[];
  /** Name resolution (default `dns.promises.lookup`); tests inject their own. */
  lookup?: LookupFunction;
}

export type EndpointCheck =
  | { ok: true; url: URL; addresses: string[] }
  | { ok: false; retryable: boolean; error: string };

export interface EndpointPolicy {
  /** Validates the URL and where it resolves to. Never throws; errors never contain the URL. */
  check(url: string): Promise<EndpointCheck>;
}

export const MAX_ENDPOINT_URL_LENGTH = 2048;

/**
 * Input validation for an endpoint URL (routes, settings): syntax only, no DNS. The error names
 * the problem, never the URL (endpoint URLs are secrets).
 */
export function validateEndpointUrl(url: unknown): { ok: true; url: URL } | { ok: false; error: string } {
  if (typeof url !== 'string' || url.trim() === '') return { ok: false, error: 'endpoint URL is empty' };
  if (url.length > MAX_ENDPOINT_URL_LENGTH) {
    return { ok: false, error: `endpoint URL is longer than ${MAX_ENDPOINT_URL_LENGTH} characters` };
  }
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return { ok: false, error: 'endpoint URL is not a valid absolute URL' };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, error: `endpoint URL must use http or https, not ${parsed.protocol.slice(0, 20)}` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { ok: false, error: 'endpoint URL must not contain a user name or password' };
  }
  if (parsed.hostname === '') return { ok: false, error: 'endpoint URL has no host' };
  return { ok: true, url: parsed };
}

// Not reachable from the public internet, or not an address at all. Labels appear in errors.
const DENIED: readonly [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'unspecified'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'reserved'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.88.99.0', 24, 'ipv4', 'reserved'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['255.255.255.255', 32, 'ipv4', 'broadcast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['100::', 64, 'ipv6', 'discard'],
  ['64:ff9b:1::', 48, 'ipv6', 'reserved'],
  ['2001::', 23, 'ipv6', 'reserved'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['fc00::', 7, 'ipv6', 'unique-local'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const deniedLists = DENIED.map(([net, prefix, family, label]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, family);
  return { list, family, label };
});

/** 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let a = address.toLowerCase();
  const zone = a.indexOf('%');
  if (zone >= 0) a = a.slice(0, zone);
  // A trailing dotted quad (::ffff:1.2.3.4) becomes two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (quad) {
    const [b0, b1, b2, b3] = quad.slice(1).map(Number) as [number, number, number, number];
    a = `${a.slice(0, quad.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const [head = '', tail] = a.split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - h.length - t.length;
  const groups = [...h, ...Array<string>(zeros).fill('0'), ...t].map((g) => Number.parseInt(g, 16));
  return groups.length === 8 ? groups : null;
}

/**
 * The IPv4 address an IPv6 address stands for: IPv4-mapped (`::ffff:a.b.c.d`), SIIT's
 * IPv4-translated (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), NAT64 well-known prefix
 * (`64:ff9b::a.b.c.d`) and 6to4 (`2002:aabb:ccdd::/48` carries `aa.bb.cc.dd`). Null otherwise.
 */
export function embeddedIPv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const [g0, g1 = 0, g2 = 0, g3, g4, g5, g6 = 0, g7 = 0] = g;
  const quad = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (g0 === 0x2002) return quad(g1, g2);
  const zeroHead = g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0;
  const mapped = zeroHead && g4 === 0 && g5 === 0xffff;
  const translated = zeroHead && g4 === 0xffff && g5 === 0;
  const compatible = zeroHead && g4 === 0 && g5 === 0 && (g6 !== 0 || g7 > 1);
  const nat64 = g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0;
  return mapped || translated || compatible || nat64 ? quad(g6, g7) : null;
}

/**
 * What kind of non-public address this is (`loopback`, `private`, `link-local`, …), or null for
 * a public one. Embedded IPv4 addresses are judged as the IPv4 address they carry.
 */
export function classifyAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return 'invalid';
  const v4 = family === 6 ? embeddedIPv4(address) : address;
  const [ip, type] = v4 ? [v4, 'ipv4' as const] : [address, 'ipv6' as const];
  for (const d of deniedLists) {
    if (d.family === type && d.list.check(ip, type)) return d.label;
  }
  return null;
}

const HOST_ENTRY = /^(\*\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*$/i;

function normaliseHost(hostname: string): string {
  let h = hostname.toLowerCase();
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  return h;
}

export function createEndpointPolicy(options: EndpointPolicyOptions = {}): EndpointPolicy {
  const lookup = options.lookup ?? (dnsLookup as LookupFunction);
  const allowAddresses = new BlockList();
  const allowHosts = new Set<string>();
  const allowSuffixes: string[] = [];
  for (const raw of options.allow ?? []) {
    const entry = typeof raw === 'string' ? raw.trim() : '';
    const slash = entry.indexOf('/');
    if (slash >= 0) {
      const net = entry.slice(0, slash);
      const bits = entry.slice(slash + 1);
      const family = isIP(net);
      const prefix = /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
      if (family === 0 || !(prefix >= 0 && prefix <= (family === 4 ? 32 : 128))) {
        throw new OptionError('endpoint allow-list', `entry "${entry}" is not a valid CIDR range`);
      }
      allowAddresses.addSubnet(net, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (isIP(normaliseHost(entry))) {
      const ip = normaliseHost(entry);
      allowAddresses.addAddress(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6');
      const v4 = embeddedIPv4(ip);
      if (v4) allowAddresses.addAddress(v4, 'ipv4');
    } else if (HOST_ENTRY.test(entry)) {
      const host = normaliseHost(entry);
      if (host.startsWith('*.')) allowSuffixes.push(host.slice(1));
      else allowHosts.add(host);
    } else {
      throw new OptionError('endpoint allow-list', `entry "${entry}" is not an IP address, CIDR range or host name`);
    }
  }

  const hostAllowed = (host: string) => allowHosts.has(host) || allowSuffixes.some((s) => host.endsWith(s));
  const addressAllowed = (ip: string) => {
    const type = isIP(ip) === 4 ? 'ipv4' : 'ipv6';
    if (allowAddresses.check(ip, type)) return true;
    const v4 = type === 'ipv6' ? embeddedIPv4(ip) : null;
    return v4 !== null && allowAddresses.check(v4, 'ipv4');
  };

  return {
    async check(url) {
      const valid = validateEndpointUrl(url);
      if (!valid.ok) return { ok: false, retryable: false, error: valid.error };
      const host = normaliseHost(valid.url.hostname);
      let addresses: string[];
      if (isIP(host)) {
        addresses = [host];
      } else {
        try {
          addresses = (await lookup(host, { all: true })).map((a) => a.address);
        } catch (err) {
          const code = (err as { code?: unknown }).code;
          return {
            ok: false,
            retryable: true,
            error: `could not resolve endpoint host ${host}${typeof code === 'string' ? ` (${code})` : ''}`,
          };
        }
        if (addresses.length === 0) {
          return { ok: false, retryable: true, error: `endpoint host ${host} resolves to no address` };
        }
      }
      // An allow-listed name may resolve anywhere; it is still resolved here, once, so the
      // connection goes to these addresses (pinned-connections.ts).
      if (hostAllowed(host)) return { ok: true, url: valid.url, addresses };
      for (const address of addresses) {
        const kind = classifyAddress(address);
        if (kind === null || addressAllowed(address)) continue;
        // Never say what a name resolves to: that would make this a map of the internal network.
        const what = address === host ? `endpoint address ${address} is a ${kind} address` : `endpoint host ${host} is not a public address`;
        return { ok: false, retryable: false, error: `${what}; an administrator can permit it in the endpoint allow-list` };
      }
      return { ok: true, url: valid.url, addresses };
    },
  };
}
