/**
 * The demo as a real process (`node demo/main.ts`, Stockbell from source), on an ephemeral loopback
 * port, and what a browser does against it: sign in, call the API with the cookie, hold a WebSocket.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { SESSION_COOKIE } from '../../demo/session.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FROM_SOURCE = fileURLToPath(new URL('./stockbell-from-source.ts', import.meta.url));
const STARTED = /^Stockbell demo on (http:\/\/127\.0\.0\.1:\d+) /;

export interface DemoProcess {
  origin: string;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Starts `node demo/main.ts` with these environment variables; resolves once it listens. */
export function startDemoProcess(env: Record<string, string>): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--import', FROM_SOURCE, 'demo/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error('did not start within 60 s')), 60_000);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`demo process: ${error.message}\n${output.slice(-20).join('')}`));
    };
    child.once('exit', (code) => fail(new Error(`exited with ${code} before listening`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(`${line}\n`);
      const origin = STARTED.exec(logMessage(line))?.[1];
      if (!origin) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ origin, stop: () => stop(child) });
    });
  });
}

function logMessage(line: string): string {
  try {
    return String((JSON.parse(line) as { msg?: unknown }).msg ?? '');
  } catch {
    return line;
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** `POST /demo/login` on one instance; returns the Cookie header. */
export async function signIn(origin: string, username: string): Promise<string> {
  const response = await fetch(`${origin}/demo/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username }),
  });
  if (response.status !== 200) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0] as string;
}

/** A JSON request with the session cookie; answers status and parsed body. */
export async function call(origin: string, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${origin}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
}

export interface LiveSocket {
  /** Every frame received, in order. */
  frames: { type: string; [key: string]: any }[];
  close(): void;
}

/**
 * Opens Stockbell's WebSocket on one instance as a browser would (its cookie, and the Origin of the
 * page it runs in: the instance's own unless the demo was started with a PUBLIC_URL).
 */
export async function openSocket(origin: string, cookie: string, page = origin, prefix = '/plugins/stockbell'): Promise<LiveSocket> {
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}${prefix}/ws`, { headers: { cookie, origin: page } });
  const frames: LiveSocket['frames'] = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data))));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
  });
  return { frames, close: () => socket.close() };
}

/** Polls until `check` holds (every 20 ms, up to `ms`); fails with `what` otherwise. */
export async function until(what: string, check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
