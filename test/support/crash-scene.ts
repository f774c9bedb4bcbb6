/**
 * What a crash suite sets up and must leave clean (test-side only; the child processes import
 * crash-host.ts, not this): a temp folder for the SQLite file, a webhook receiver answering 200
 * after a delay, and the children it spawns, SIGKILLed after the test if still alive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { type HttpReceiver, startHttpReceiver } from './receivers.ts';

export interface CrashScene {
  database: string;
  receiver: HttpReceiver;
  /** Distinct Idempotency-Keys the receiver has seen (delivery is at-least-once; a receiver dedupes). */
  distinctKeys(): number;
  /** Starts a child on `script`; its stderr is printed if it dies other than by our SIGKILL. */
  spawnChild(script: string, args: string[]): ChildProcess;
}

/** Registers the clean-up; the function it returns opens one scene per test. */
export function crashScenes(): (prefix: string, delayMs: number) => Promise<CrashScene> {
  const open: { dir: string; receiver?: HttpReceiver; children: ChildProcess[] }[] = [];
  afterEach(async () => {
    for (const { dir, receiver, children } of open.splice(0)) {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await receiver?.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (prefix, delayMs) => {
    const scene: (typeof open)[number] = { dir: mkdtempSync(join(tmpdir(), prefix)), children: [] };
    open.push(scene);
    const receiver = await startHttpReceiver();
    scene.receiver = receiver;
    // A little latency per request, so a kill lands while sends are in flight.
    receiver.respondWith([], { status: 200, delayMs });
    return {
      database: join(scene.dir, 'stockbell.sqlite'),
      receiver,
      distinctKeys: () => new Set(receiver.requests.map((r) => r.headers['idempotency-key'])).size,
      spawnChild(script, args) {
        const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr?.on('data', (chunk) => {
          stderr += String(chunk);
        });
        child.on('exit', (code, signal) => {
          if (code !== 0 && signal !== 'SIGKILL' && stderr) console.error(`${script} exited ${code ?? signal}:\n${stderr}`);
        });
        scene.children.push(child);
        return child;
      },
    };
  };
}

/** Polls `done` until it holds, or fails naming `what`. */
export async function until(what: string, timeoutMs: number, done: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
