/**
 * Crash loop (issue #14): a Stockbell process raising events (each a fan-out to 1,000 users with a
 * webhook endpoint each) while its worker delivers is killed with SIGKILL at random moments, many
 * times (at most CRASHES kills, within BUDGET_MS), then run to the end. Afterwards every recipient
 * has exactly one inbox row per event, every job is sent, and the receiver has every idempotency
 * key; repeats (at-least-once) are counted and listed with their keys.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CRASH_USERS, readCrashDatabase, seedCrashDatabase } from './support/crash-host.ts';
import { type CrashScene, crashScenes, until } from './support/crash-scene.ts';
import type { HttpReceiver } from './support/receivers.ts';

const CHILD = new URL('./support/crash-loop-child.ts', import.meta.url).pathname;
const EVENTS = 6;
const CRASHES = Number(process.env.CRASHES ?? 12);
const BUDGET_MS = 45_000;

/** A seeded generator: the kill moments are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 4_294_967_296;
  };
}

async function seed(database: string, receiver: HttpReceiver): Promise<void> {
  await (await seedCrashDatabase(database, (userId) => receiver.url(`/${userId}`))).close();
}

describe('a process killed again and again during fan-out and delivery', () => {
  const openScene = crashScenes();

  function start(scene: CrashScene): { child: ChildProcess; lines: string[] } {
    const child = scene.spawnChild(CHILD, [scene.database, String(EVENTS)]);
    const lines: string[] = [];
    let partial = '';
    child.stdout?.on('data', (chunk) => {
      const parts = (partial + String(chunk)).split('\n');
      partial = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
    return { child, lines };
  }

  it('loses nothing and writes no inbox row twice: every recipient one row per event, every job delivered', { timeout: 180_000 }, async () => {
    const scene = await openScene('stockbell-crash-loop-', 2);
    const { database, receiver } = scene;
    await seed(database, receiver);

    const random = seeded(14);
    const began = Date.now();
    let crashes = 0;
    const killedAt: string[] = [];
    while (crashes < CRASHES && Date.now() - began < BUDGET_MS) {
      const { child, lines } = start(scene);
      await until('the child to be ready', 20_000, () => lines.includes('ready'));
      await new Promise((resolve) => setTimeout(resolve, Math.floor(random() * 1_500)));
      const raised = lines.filter((line) => line.startsWith('raised')).length;
      const sent = scene.distinctKeys();
      child.kill('SIGKILL');
      await once(child, 'exit');
      crashes++;
      killedAt.push(`${raised} raised/${sent} delivered`);
    }

    // The last run goes to the end.
    const { child, lines } = start(scene);
    await until('every event raised', 60_000, () => lines.includes(`raised ${EVENTS - 1}`));
    const total = EVENTS * CRASH_USERS;
    await until('every delivery', 90_000, () => scene.distinctKeys() === total).catch((error) => {
      const states = readCrashDatabase(database, 'select status, attempts, count(*) as n, min(last_error) as e from stockbell_deliveries group by status, attempts');
      throw new Error(`${(error as Error).message}: ${scene.distinctKeys()} of ${total}; jobs ${JSON.stringify(states)}; child ${lines.slice(-6).join(' | ')}; sending ${JSON.stringify(readCrashDatabase(database, "select id, lease_until, updated_at from stockbell_deliveries where status = 'sending' limit 2"))} now ${new Date().toISOString()}`);
    });
    await until('every job recorded as sent', 20_000, () => readCrashDatabase<{ n: number }>(database, "select count(*) as n from stockbell_deliveries where status = 'sent'")[0]?.n === total);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);

    const perEvent = readCrashDatabase<{ key: string; rows: number; users: number }>(
      database,
      `select e.key as key, count(*) as rows, count(distinct n.user_id) as users
       from stockbell_events e join stockbell_notifications n on n.event_id = e.id group by e.key order by e.key`,
    );
    expect(perEvent).toEqual(Array.from({ length: EVENTS }, (_, i) => ({ key: `evt-${i}`, rows: CRASH_USERS, users: CRASH_USERS })));
    expect(readCrashDatabase<{ n: number }>(database, 'select count(*) as n from stockbell_events')[0]?.n).toBe(EVENTS);
    expect(readCrashDatabase<{ status: string; n: number }>(database, 'select status, count(*) as n from stockbell_deliveries group by status')).toEqual([{ status: 'sent', n: total }]);

    const seen = new Map<string, number>();
    for (const r of receiver.requests) {
      const key = String(r.headers['idempotency-key']);
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const repeats = [...seen.entries()].filter(([, n]) => n > 1);
    const jobKeys = new Set(readCrashDatabase<{ k: string }>(database, 'select idempotency_key as k from stockbell_deliveries').map((r) => r.k));
    expect(new Set(seen.keys())).toEqual(jobKeys);
    console.log(
      `crash loop: ${crashes} SIGKILLs survived in ${((Date.now() - began) / 1_000).toFixed(1)} s (killed at ${killedAt.join('; ')}); ` +
        `${EVENTS} events × ${CRASH_USERS} users: one inbox row each; ${total} jobs all sent; ` +
        `${receiver.requests.length - seen.size} repeated sends over ${repeats.length} keys` +
        (repeats.length ? ` (${repeats.slice(0, 10).map(([k, n]) => `${k} ×${n}`).join(', ')}${repeats.length > 10 ? ', …' : ''})` : ''),
    );
    expect(crashes).toBeGreaterThanOrEqual(5);
  });
});
