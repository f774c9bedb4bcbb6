import { describe, expect, test } from 'vitest';
import { postJson } from '../server/channels/http.ts';
import {
  classifyAddress,
  createEndpointPolicy,
  createPinnedConnections,
  type LookupFunction,
  type SendContext,
  validateEndpointUrl,
} from '../server/channels/index.ts';
import { test as receiverTest } from './support/receivers.ts';

/** A resolver that answers from a table, and records what it was asked. */
function fakeDns(table: Record<string, string[]>) {
  const asked: string[] = [];
  const lookup: LookupFunction = async (hostname) => {
    asked.push(hostname);
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { lookup, asked };
}

const REFUSED = [
  ['http://127.0.0.1/hook', 'loopback'],
  ['http://127.8.9.10:8080/hook', 'loopback'],
  ['http://10.1.2.3/hook', 'private'],
  ['http://172.16.5.4/hook', 'private'],
  ['http://192.168.1.1/hook', 'private'],
  ['http://169.254.169.254/latest/meta-data', 'link-local'],
  ['http://100.64.0.1/hook', 'carrier-grade NAT'],
  ['http://0.0.0.0/hook', 'unspecified'],
  ['http://224.0.0.1/hook', 'multicast'],
  ['http://[::1]/hook', 'loopback'],
  ['http://[::]/hook', 'unspecified'],
  ['http://[fc00::1]/hook', 'unique-local'],
  ['http://[fd12:3456::1]/hook', 'unique-local'],
  ['http://[fe80::1]/hook', 'link-local'],
  ['http://[ff02::1]/hook', 'multicast'],
  ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
  ['http://[::ffff:a00:1]/hook', 'private'],
  ['http://[64:ff9b::a9fe:a9fe]/hook', 'link-local'],
  // 6to4 (2002:aabb:ccdd::/48 carries aa.bb.cc.dd) and SIIT (::ffff:0:a.b.c.d).
  ['http://[2002:7f00:1::]/hook', 'loopback'],
  ['http://[2002:a00:1::1]/hook', 'private'],
  ['http://[::ffff:0:7f00:1]/hook', 'loopback'],
  ['http://[::ffff:0:a9fe:a9fe]/hook', 'link-local'],
  // Odd spellings of 127.0.0.1 that URL parsing normalises.
  ['http://2130706433/hook', 'loopback'],
  ['http://0x7f.1/hook', 'loopback'],
] as const;

describe('endpoint policy', () => {
  const policy = createEndpointPolicy({ lookup: fakeDns({}).lookup });

  test.each(REFUSED)('refuses %s (%s)', async (url, kind) => {
    const result = await policy.check(url);
    expect(result).toMatchObject({ ok: false, retryable: false });
    if (!result.ok) {
      expect(result.error).toContain(kind);
      expect(result.error).not.toContain('/hook');
    }
  });

  test('allows public addresses and names that resolve to them', async () => {
    const dns = fakeDns({ 'hooks.slack.com': ['52.1.2.3', '2600:1f18::1'] });
    const p = createEndpointPolicy({ lookup: dns.lookup });
    expect(await p.check('https://hooks.slack.com/services/T/B/x')).toMatchObject({ ok: true, addresses: ['52.1.2.3', '2600:1f18::1'] });
    expect(await p.check('https://93.184.216.34/hook')).toMatchObject({ ok: true });
    expect(await p.check('https://[2606:4700::1111]/hook')).toMatchObject({ ok: true });
    expect(dns.asked).toEqual(['hooks.slack.com']);
  });

  test('a name resolving to a private address is refused, even when only one of its addresses is', async () => {
    const dns = fakeDns({ 'evil.example': ['52.1.2.3', '10.0.0.5'], 'localhost': ['127.0.0.1'] });
    const p = createEndpointPolicy({ lookup: dns.lookup });
    const evil = await p.check('https://evil.example/x');
    expect(evil).toMatchObject({ ok: false, retryable: false });
    // The error says no more than "not public": what a name resolves to is not the user's to learn.
    if (!evil.ok) {
      expect(evil.error).toBe('endpoint host evil.example is not a public address; an administrator can permit it in the endpoint allow-list');
    }
    const mapped = await createEndpointPolicy({ lookup: fakeDns({ 'six.example': ['2002:a00:1::1'] }).lookup }).check('https://six.example/');
    expect(mapped.ok).toBe(false);
    if (!mapped.ok) expect(mapped.error).not.toMatch(/2002|10\.0|private/);
    expect(await p.check('http://localhost:3000/x')).toMatchObject({ ok: false, retryable: false });
  });

  test('an allow-list lets addresses, ranges and host names through', async () => {
    const dns = fakeDns({ 'hooks.internal.example': ['10.20.30.40'], 'a.corp.example': ['192.168.7.7'], 'other.example': ['10.9.9.9'] });
    const p = createEndpointPolicy({
      allow: ['127.0.0.1', '::1', '172.16.0.0/12', 'fd00::/8', 'hooks.internal.example', '*.corp.example'],
      lookup: dns.lookup,
    });
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://[::ffff:127.0.0.1]/x',
      'http://[::1]/x',
      'http://172.20.1.1/x',
      'http://[fd00::5]/x',
      'http://hooks.internal.example/x',
      'http://a.corp.example/x',
    ]) {
      expect(await p.check(url), url).toMatchObject({ ok: true });
    }
    // Only what was listed.
    for (const url of ['http://127.0.0.2/x', 'http://10.0.0.1/x', 'http://[fc00::1]/x', 'http://other.example/x', 'http://corp.example.evil/x']) {
      expect(await p.check(url), url).toMatchObject({ ok: false });
    }
  });

  test('only http and https', async () => {
    for (const url of ['ftp://example.com/x', 'file:///etc/passwd', 'gopher://example.com/', 'javascript:alert(1)', 'data:text/plain,x']) {
      const result = await policy.check(url);
      expect(result, url).toMatchObject({ ok: false, retryable: false });
      if (!result.ok) expect(result.error).toMatch(/http or https/);
    }
  });

  test('a name that does not resolve is retryable (DNS can be down)', async () => {
    const result = await policy.check('https://nowhere.example/x');
    expect(result).toMatchObject({ ok: false, retryable: true });
    if (!result.ok) expect(result.error).toContain('ENOTFOUND');
  });

  test('a bad allow-list entry fails at creation, naming the entry', () => {
    expect(() => createEndpointPolicy({ allow: ['10.0.0.0/33'] })).toThrow(/10\.0\.0\.0\/33/);
    expect(() => createEndpointPolicy({ allow: ['not a host!'] })).toThrow(/not a host!/);
    expect(() => createEndpointPolicy({ allow: ['http://x.example/'] })).toThrow();
  });
});

describe('validateEndpointUrl', () => {
  test('accepts http(s) URLs', () => {
    expect(validateEndpointUrl('https://hooks.slack.com/services/T/B/x')).toMatchObject({ ok: true });
    expect(validateEndpointUrl('http://127.0.0.1:9000/hook')).toMatchObject({ ok: true });
  });

  test('refuses anything else, naming the problem but not the URL', () => {
    const cases: [unknown, RegExp][] = [
      ['', /empty/],
      [42, /empty/],
      ['hooks.slack.com/services/x', /not a valid absolute URL/],
      ['ftp://files.example.com/secret-path', /http or https, not ftp:/],
      ['file:///etc/passwd', /http or https, not file:/],
      ['https://user:hunter2@example.com/secret-path', /user name or password/],
      [`https://example.com/${'a'.repeat(3000)}`, /longer than/],
    ];
    for (const [url, message] of cases) {
      const result = validateEndpointUrl(url);
      expect(result, String(url)).toMatchObject({ ok: false });
      if (!result.ok) {
        expect(result.error).toMatch(message);
        expect(result.error).not.toContain('secret-path');
        expect(result.error).not.toContain('hunter2');
      }
    }
  });
});

describe('classifyAddress', () => {
  test('public addresses are null, the rest are named', () => {
    expect(classifyAddress('8.8.8.8')).toBeNull();
    expect(classifyAddress('2001:4860:4860::8888')).toBeNull();
    expect(classifyAddress('::ffff:8.8.8.8')).toBeNull();
    expect(classifyAddress('2002:808:808::1')).toBeNull();
    expect(classifyAddress('::ffff:0:808:808')).toBeNull();
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('link-local');
    expect(classifyAddress('255.255.255.255')).toBe('broadcast');
    expect(classifyAddress('240.0.0.1')).toBe('reserved');
    expect(classifyAddress('fe80::1%eth0')).toBe('link-local');
    expect(classifyAddress('nonsense')).toBe('invalid');
  });
});

describe('the connection is pinned to the checked address', () => {
  // A resolver that answers the allowed loopback receiver first and somewhere else afterwards:
  // DNS rebinding. `rebind.test` exists in no real DNS, so a second, real resolution would fail too.
  function rebindingDns() {
    let calls = 0;
    const lookup: LookupFunction = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '10.0.0.1', family: 4 }];
    };
    return { lookup, calls: () => calls };
  }

  receiverTest('one resolution: the request reaches the address that was checked', async ({ http }) => {
    const dns = rebindingDns();
    const ctx: SendContext = { clock: { now: () => new Date() }, endpointPolicy: createEndpointPolicy({ allow: ['127.0.0.1'], lookup: dns.lookup }) };
    const result = await postJson({ url: `http://rebind.test:${http.port}/hook` }, ctx, { label: 'webhook', body: '{}' });
    expect(result).toEqual({ ok: true });
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]?.headers.host).toBe(`rebind.test:${http.port}`);
    expect(dns.calls()).toBe(1);
  });

  receiverTest('a batch shares one pool; a host name the policy never checked gets no connection', async ({ http }) => {
    const connections = createPinnedConnections();
    try {
      const dns = rebindingDns();
      const ctx: SendContext = { clock: { now: () => new Date() }, connections, endpointPolicy: createEndpointPolicy({ allow: ['127.0.0.1'], lookup: dns.lookup }) };
      expect(await postJson({ url: `http://rebind.test:${http.port}/a` }, ctx, { label: 'webhook', body: '{}' })).toEqual({ ok: true });
      const { fetch } = await import('undici');
      await expect(fetch(`http://unchecked.test:${http.port}/b`, { dispatcher: connections.dispatcher })).rejects.toThrow();
      expect(http.requests.map((r) => r.url)).toEqual(['/a']);
    } finally {
      await connections.close();
    }
  });
});
