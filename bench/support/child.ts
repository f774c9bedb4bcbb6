/**
 * The benchmark's processes. The parent (bench/live.ts) spawns each part — a server, a crowd of
 * client sockets — as a Node child and talks to it with request/reply messages over IPC.
 *
 * Children start through `/bin/sh -c 'ulimit -n 65536; exec node …'`: Node cannot raise its own
 * open-files limit, and 10,000 sockets need more than the usual 1,024. Where the hard limit is lower
 * and cannot be raised (a container), the attempt fails quietly; no process here needs more than
 * one variant's sockets (~10,200 descriptors), and `requireFdLimit` says so before it is too late.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const FD_LIMIT = 65_536;

interface Request {
  id: number;
  cmd: string;
  args: unknown;
}

interface Reply {
  id: number;
  ok: boolean;
  result?: unknown;
  error?: string;
}

export interface Child {
  request<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to clean up and exit, and waits until it has. */
  close(): Promise<void>;
}

/** Milliseconds on CLOCK_MONOTONIC: one clock for every process on the machine (unlike performance.now()). */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function spawnChild(script: URL, options: { nodeArgs?: string[]; args?: string[] } = {}): Child {
  const argv = [...(options.nodeArgs ?? []), fileURLToPath(script), ...(options.args ?? [])];
  const child = spawn('/bin/sh', ['-c', `ulimit -n ${FD_LIMIT} 2>/dev/null; exec "$0" "$@"`, process.execPath, ...argv], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      for (const { reject } of pending.values()) reject(new Error(`${script.pathname} exited (${code ?? signal})`));
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    if (!waiter) return;
    pending.delete(message.id);
    if (message.ok) waiter.resolve(message.result);
    else waiter.reject(new Error(message.error));
  });
  return {
    request<T>(cmd: string, args?: unknown, timeoutMs = 110_000): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${cmd}: no reply from ${script.pathname} within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value as T);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        });
        child.send({ id, cmd, args } satisfies Request);
      });
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        await this.request('exit', undefined, 30_000).catch(() => child.kill('SIGKILL'));
      }
      await exited;
    },
  };
}

type Handler = (args: any) => unknown;

/** The child's side: runs `handlers[cmd]` for each request; `exit` runs `cleanup` and ends the process. */
export function serve(handlers: Record<string, Handler>, cleanup: () => Promise<void> = async () => {}): void {
  const reply = (message: Reply) => process.send?.(message);
  let exiting = false;
  const exit = async () => {
    if (exiting) return;
    exiting = true;
    await cleanup().catch((error) => console.error(error));
    process.exit(0);
  };
  process.on('message', async ({ id, cmd, args }: Request) => {
    if (cmd === 'exit') {
      reply({ id, ok: true });
      await exit();
      return;
    }
    try {
      const handler = handlers[cmd];
      if (!handler) throw new Error(`unknown command ${cmd}`);
      reply({ id, ok: true, result: await handler(args) });
    } catch (error) {
      reply({ id, ok: false, error: (error as Error).stack ?? String(error) });
    }
  });
  // The parent went away (Ctrl-C, a crash): do not linger with thousands of sockets open.
  process.on('disconnect', () => void exit());
}

/** Fails early, with the fix, when the process cannot hold the sockets it is about to open. */
export function requireFdLimit(needed: number): void {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = Number(line?.split(/\s{2,}/)[1]);
  if (Number.isFinite(soft) && soft < needed) {
    throw new Error(`open-files limit is ${soft}, this step needs about ${needed}: run \`ulimit -n ${FD_LIMIT}\` (as root) first`);
  }
}
