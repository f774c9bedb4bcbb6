/**
 * Crash safety with a real process: a worker sending 1,000 webhook jobs is killed with SIGKILL
 * half-way; after a restart every job is delivered and none is lost. Delivery is at-least-once,
 * so the receiver counts distinct Idempotency-Keys, as a real receiver would dedupe.
 */
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CRASH_ROLE, CRASH_USERS, readCrashDatabase, seedCrashDatabase } from './support/crash-host.ts';
import { crashScenes, until } from './support/crash-scene.ts';
import type { HttpReceiver } from './support/receivers.ts';

const CHILD = new URL('./support/delivery-child.ts', import.meta.url).pathname;

/** Writes 1,000 notifications, each with a webhook job to its user's endpoint, then closes. */
async function seed(database: string, receiver: HttpReceiver): Promise<void> {
  const app = await seedCrashDatabase(database, (userId) => receiver.url(`/${userId}`));
  const outcome = await app.stockbell.send({ to: { role: CRASH_ROLE }, subject: 'Stocktake' });
  expect(outcome.notified).toBe(CRASH_USERS);
  await app.close();
}

function statuses(database: string): Record<string, number> {
  const rows = readCrashDatabase<{ status: string; n: number }>(database, 'select status, count(*) as n from stockbell_deliveries group by status');
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

describe('a worker process killed mid-send', () => {
  const openScene = crashScenes();

  it('loses nothing: after SIGKILL and a restart, all 1,000 webhook jobs are delivered', { timeout: 60_000 }, async () => {
    const scene = await openScene('stockbell-crash-', 5);
    const { database, receiver } = scene;
    await seed(database, receiver);
    expect(statuses(database)).toEqual({ pending: CRASH_USERS });

    const distinct = scene.distinctKeys;
    const first = scene.spawnChild(CHILD, [database]);
    await until('the first deliveries', 20_000, () => distinct() >= 150);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = distinct();
    expect(atKill).toBeLessThan(CRASH_USERS);
    const afterKill = statuses(database);
    expect(afterKill.sent ?? 0).toBeLessThan(CRASH_USERS);

    const second = scene.spawnChild(CHILD, [database]);
    await until('every delivery', 40_000, () => distinct() === CRASH_USERS);
    await until('every job recorded as sent', 10_000, () => statuses(database).sent === CRASH_USERS);
    second.kill('SIGTERM');
    const [code] = await once(second, 'exit');
    expect(code).toBe(0);

    const keys = readCrashDatabase<{ k: string }>(database, 'select idempotency_key as k from stockbell_deliveries').map((r) => r.k);
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set(keys));
    expect(statuses(database)).toEqual({ sent: CRASH_USERS });
    // At-least-once: anything in flight at the kill may have arrived twice, never zero times.
    expect(receiver.requests.length).toBeGreaterThanOrEqual(CRASH_USERS);
  });
});
