/**
 * Several Stockbell instances as separate processes on one PostgreSQL, for the multi-instance tests:
 * each test gets a schema of its own (dropped afterwards) and starts instances into it, each a child
 * process running test/support/instance.ts on an ephemeral loopback port. Tests talk to them the way
 * a browser and a host would (HTTP, WebSocket) and drive what a host's code or timers would do (the
 * clock, events, the worker) over IPC.
 *
 *   const cluster = await pgCluster();
 *   const [a, b] = await cluster.start(2, { users: [{ id: 'ann' }] });
 *   const socket = await b.connect('ann');
 *   await a.request('send', { to: { userId: 'ann' }, subject: 'hello' });
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import WebSocket from 'ws';
import type { Command, StartArgs } from './instance.ts';

const SCRIPT = new URL('./instance.ts', import.meta.url).pathname;
export const PG_URL = process.env.STOCKBELL_TEST_PG ?? 'postgresql://postgres@127.0.0.1:5432/stockbell_test';
export const hasPostgres = PG_URL !== 'off';
/** The instances stand for one host behind a load balancer: the origin of its pages, trusted by each. */
export const PAGE_ORIGIN = 'http://inventory.test';

/** Polls `ready` every 10 ms until it returns something other than null/false, or fails after `timeoutMs`. */
export async function until<T>(what: string, ready: () => T | null | false | Promise<T | null | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await ready();
    if (value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A WebSocket of one user on one instance, recording every frame. */
export interface LiveClient {
  frames: any[];
  /** Resolves once a frame matching `predicate` has arrived (earlier ones count). */
  waitFor(what: string, predicate: (frame: any) => boolean, timeoutMs?: number): Promise<any>;
  close(): void;
}

export interface Instance {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  pid: number;
  child: ChildProcess;
  request<T = unknown>(cmd: Command, args?: unknown, timeoutMs?: number): Promise<T>;
  /** An HTTP request as a user (`x-user`), under the plugin's prefix; JSON in and out. */
  as(user: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Opens a socket as `user` and waits for the server's greeting (the unread count). */
  connect(user: string): Promise<LiveClient>;
  /** Ends the process the hard way (`SIGKILL`: no close, no cleanup) and waits for it to go. */
  kill(): Promise<void>;
  /** A clean stop: the app closes, then the process exits. */
  close(): Promise<void>;
}

export interface Cluster {
  url: string;
  schema: string;
  /** Runs SQL on the cluster's schema, on a connection of the test's own. */
  sql<T = any>(text: string, params?: unknown[]): Promise<T[]>;
  /** Starts `n` instances at once on the schema (concurrent boots, as a deployment would). */
  start(n: number, args: Omit<StartArgs, 'database' | 'schema' | 'clock'> & { clock?: string }): Promise<Instance[]>;
  /** Closes every instance and client, drops the schema. */
  close(): Promise<void>;
}

export async function pgCluster(): Promise<Cluster> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const sql = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${schema}` });
  await sql.connect();
  const instances: Instance[] = [];
  const sockets: WebSocket[] = [];
  return {
    url: PG_URL,
    schema,
    sql: async (text, params = []) => (await sql.query(text, params)).rows,
    async start(n, args) {
      const started = await Promise.all(Array.from({ length: n }, () =>
        startInstance({ clock: '2026-11-23T08:00:00Z', ...args, database: PG_URL, schema }, sockets)));
      instances.push(...started);
      return started;
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await Promise.all(instances.map((instance) => instance.close()));
      await sql.query(`drop schema if exists ${schema} cascade`);
      await sql.end();
    },
  };
}

async function startInstance(args: StartArgs, sockets: WebSocket[]): Promise<Instance> {
  const child = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  child.on('message', (message: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.result);
    else waiter?.reject(new Error(message.error));
  });
  child.once('exit', (code, signal) => {
    for (const { reject } of pending.values()) reject(new Error(`instance exited (${code ?? signal}) ${stderr}`));
    pending.clear();
  });
  const request = <T>(cmd: Command | 'exit', body?: unknown, timeoutMs = 60_000) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => reject(new Error(`${cmd}: no reply within ${timeoutMs} ms ${stderr}`)), timeoutMs);
      pending.set(id, {
        resolve: (value) => { clearTimeout(timer); resolve(value as T); },
        reject: (error) => { clearTimeout(timer); reject(error); },
      });
      child.send({ id, cmd, args: body });
    });

  const { origin, pid } = await request<{ origin: string; pid: number }>('start', args, 120_000);
  const prefix = '/plugins/stockbell';
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    origin,
    pid,
    child,
    request,
    async as(user, method, path, body) {
      const response = await fetch(`${origin}${prefix}${path}`, {
        method,
        headers: { ...(user ? { 'x-user': user } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: text ? JSON.parse(text) : null };
    },
    async connect(user) {
      const socket = new WebSocket(`${origin.replace('http', 'ws')}${prefix}/ws`, { headers: { 'x-user': user, origin: PAGE_ORIGIN } });
      sockets.push(socket);
      const frames: any[] = [];
      socket.on('message', (data) => frames.push(JSON.parse(String(data))));
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      const client: LiveClient = {
        frames,
        waitFor: (what, predicate, timeoutMs = 10_000) =>
          until(`${what} at ${user}'s socket on ${origin} (got ${JSON.stringify(frames).slice(0, 500)})`, () => frames.find(predicate) ?? null, timeoutMs),
        close: () => socket.close(),
      };
      await client.waitFor('the greeting', (frame) => frame.type === 'unread');
      return client;
    },
    async kill() {
      if (alive()) child.kill('SIGKILL');
      await exited;
    },
    async close() {
      if (alive()) await request('exit', undefined, 30_000).catch(() => child.kill('SIGKILL'));
      await exited;
    },
  };
}
