/**
 * The delivery options fail boot naming the option; without SMTP, mail is written to the app log
 * instead of sent; and the pure parts (backoff, local time, the effective-value rule) on their own.
 */
import { Writable } from 'node:stream';
import websocket from '@fastify/websocket';
import fc from 'fast-check';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { backoffDelay, retryDelay } from '../server/delivery/backoff.ts';
import { isTimeZone, localTime } from '../server/delivery/local-time.ts';
import { type Defaults, effective } from '../server/settings/matrix.ts';
import stockbell from '../server/index.ts';
import { MemoryHost } from './support/memory-host.ts';

async function register(options: Record<string, unknown>) {
  const app = Fastify();
  await app.register(websocket);
  try {
    await app.register(stockbell, { host: new MemoryHost(), database: ':memory:', ...options } as never);
    await app.ready();
  } finally {
    await app.close();
  }
}

describe('delivery options', () => {
  it.each([
    [{ delivery: { maxAttempts: 0 } }, 'delivery.maxAttempts'],
    [{ delivery: { baseDelayMs: 1.5 } }, 'delivery.baseDelayMs'],
    [{ delivery: { baseDelayMs: 10_000, maxDelayMs: 1_000 } }, 'delivery.maxDelayMs'],
    [{ delivery: { concurrency: 1_000 } }, 'delivery.concurrency'],
    [{ delivery: { leaseMs: '60s' } }, 'delivery.leaseMs'],
    [{ delivery: { leaseMs: 5_000, timeoutMs: 5_000 } }, 'delivery.leaseMs'],
    [{ delivery: { worker: 'yes' } }, 'delivery.worker'],
    [{ delivery: { retries: 3 } }, 'delivery.retries'],
    [{ smtp: 'mail.example.com:25' }, 'smtp'],
    [{ smtp: 42 }, 'smtp'],
    [{ mailFrom: 'not an address' }, 'mailFrom'],
    [{ publicUrl: 'ftp://files.example.com' }, 'publicUrl'],
    [{ endpointAllowList: ['not an address!'] }, 'endpointAllowList'],
    [{ endpointAllowList: '127.0.0.1' }, 'endpointAllowList'],
    [{ kinds: [{ id: 'Bad Kind' }] }, 'kinds[0].id'],
    [{ kinds: [{ id: 'message' }] }, 'kinds[0].id'],
    [{ kinds: [{ id: 'host.ok', label: '' }] }, 'kinds[0].label'],
  ])('rejects %o naming "%s"', async (options, name) => {
    await expect(register(options)).rejects.toMatchObject({
      code: 'STOCKBELL_ERR_OPTION',
      message: expect.stringContaining(`option "${name}"`),
    });
  });

  it('writes mail to the app log when no SMTP is configured, and counts it as sent', async () => {
    const lines: any[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const host = new MemoryHost();
    host.addUser('ann');
    const app = Fastify({ logger: { level: 'info', stream } });
    await app.register(websocket);
    await app.register(stockbell, { host, database: ':memory:', schedule: false, delivery: { worker: false }, publicUrl: 'https://inventory.example.com' });
    await app.ready();
    await app.stockbell.send({ to: { userId: 'ann' }, subject: 'Logged, not sent', link: '/parts/1' });
    expect(await app.stockbell.delivery.runOnce()).toMatchObject({ sent: 1 });
    await app.close();
    const mail = lines.find((line) => line.mail)?.mail;
    expect(mail).toMatchObject({ to: 'ann@example.test', subject: 'Logged, not sent' });
    expect(mail.text).toContain('https://inventory.example.com/parts/1');
    expect(lines.some((line) => String(line.msg).includes('no smtp option'))).toBe(true);
  });
});

describe('backoff', () => {
  const policy = { baseDelayMs: 1_000, maxDelayMs: 60_000 };

  it('waits 0.8 to 1.2 times base × 2^(attempt-1), never more than the cap: a floor on every delay', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 60 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
      const delay = backoffDelay(attempt, policy, () => r);
      const step = Math.min(60_000, 1_000 * 2 ** (attempt - 1));
      return delay >= Math.floor(step * 0.8) && delay <= Math.min(60_000, step * 1.2);
    }));
    expect(backoffDelay(1, policy, () => 0)).toBe(800);
    expect(backoffDelay(1, policy, () => 0.999)).toBe(1_199);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(4_000);
    expect(backoffDelay(30, policy, () => 0.5)).toBe(60_000);
    expect(backoffDelay(30, policy, () => 0)).toBe(48_000);
  });

  it('waits at least Retry-After, itself capped at the backoff cap', () => {
    expect(retryDelay(1, 120_000, policy, () => 0)).toBe(60_000);
    expect(retryDelay(1, 5_000, policy, () => 0.1)).toBe(5_000);
    expect(retryDelay(8, 5_000, policy, () => 0.5)).toBe(60_000);
    expect(retryDelay(1, undefined, policy, () => 0.5)).toBe(1_000);
  });
});

describe('local time', () => {
  it('knows the date and hour in a zone, across DST changes', () => {
    expect(localTime(new Date('2026-11-23T07:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-11-23', hour: 8, minutes: 480 });
    expect(localTime(new Date('2026-07-01T06:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-07-01', hour: 8, minutes: 480 });
    expect(localTime(new Date('2026-11-23T23:30:00Z'), 'Asia/Tokyo')).toEqual({ date: '2026-11-24', hour: 8, minutes: 510 });
    expect(localTime(new Date('2026-11-23T03:00:00Z'), 'America/Los_Angeles')).toEqual({ date: '2026-11-22', hour: 19, minutes: 1140 });
    expect(localTime(new Date('2026-11-23T00:00:00Z'), 'UTC')).toEqual({ date: '2026-11-23', hour: 0, minutes: 0 });
    expect(localTime(new Date('2026-11-23T00:00:00Z'), 'Nowhere/Special')).toEqual({ date: '2026-11-23', hour: 0, minutes: 0 });
  });

  it('accepts the zones Intl knows, and UTC', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Europe/Atlantis')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});

describe('the effective-value rule', () => {
  const defaults: Defaults = {
    global: { message: { slack: true } },
    roles: { buyers: { message: { email: false, webhook: true } }, readers: { message: { webhook: false, teams: false } } },
  };

  it.each([
    ['inbox', undefined, [], { enabled: true, source: 'global' }],
    ['inbox', { message: { inbox: false } }, [], { enabled: true, source: 'global' }],
    ['email', undefined, [], { enabled: true, source: 'global' }],
    ['slack', undefined, [], { enabled: true, source: 'global' }],
    ['email', undefined, ['buyers'], { enabled: false, source: 'role' }],
    ['email', { message: { email: true } }, ['buyers'], { enabled: true, source: 'user' }],
    ['webhook', undefined, ['readers', 'buyers'], { enabled: true, source: 'role' }],
    ['teams', undefined, ['readers', 'buyers'], { enabled: false, source: 'role' }],
    ['teams', undefined, ['auditors'], { enabled: false, source: 'global' }],
    ['webhook', { message: { webhook: false } }, ['buyers'], { enabled: false, source: 'user' }],
  ] as const)('%s with user %j and roles %j is %j', (channel, user, roles, expected) => {
    expect(effective('message', channel, user as never, roles, defaults)).toEqual(expected);
  });

  it('keeps build.created out of email and chat out of everything by default', () => {
    const none: Defaults = { global: {}, roles: {} };
    expect(effective('build.created', 'email', undefined, [], none).enabled).toBe(false);
    expect(effective('part.low_stock', 'email', undefined, [], none).enabled).toBe(true);
    expect(effective('host.anything', 'email', undefined, [], none).enabled).toBe(true);
    for (const channel of ['slack', 'discord', 'teams', 'webhook']) expect(effective('part.low_stock', channel, undefined, [], none).enabled).toBe(false);
  });

  it('reads only cells that were set: a kind or role named like an Object method finds nothing inherited', () => {
    const none: Defaults = { global: {}, roles: {} };
    expect(effective('constructor', 'email', {}, ['toString', 'constructor'], none)).toEqual({ enabled: true, source: 'global' });
    expect(effective('message', 'valueOf', { message: {} }, ['hasOwnProperty'], none)).toEqual({ enabled: false, source: 'global' });
  });
});
