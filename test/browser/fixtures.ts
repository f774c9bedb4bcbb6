/**
 * Real-browser fixtures: the system Chromium driven by playwright-core (never `playwright install`),
 * launched once per test file; the demo host on an ephemeral loopback port with its own data
 * directory; sign-in through `POST /demo/login` in a browser context so the page carries the cookie.
 *
 * The widget bundle is built (`vite build` → dist/client) before the first test of a run when it is
 * missing or older than any file under client/; a lock directory keeps parallel files from building
 * over each other.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { DemoOptions } from '../../demo/app.ts';
import { contextOf } from '../../server/internals.ts';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { test as base, expect, vi } from 'vitest';

// Real Chromium against a real server, two files at once on two cores that other suites share: a
// page load can take seconds, and a test of several pages (axe at three widths, a keyboard walk)
// outgrows the global 20 s meant for unit tests. Each browser file takes a minute per test.
vi.setConfig({ testTimeout: 60_000 });

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CLIENT_DIR = join(ROOT, 'client');
export const BUNDLE_DIR = join(ROOT, 'dist', 'client');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function bundleIsFresh(): boolean {
  try {
    const built = statSync(join(BUNDLE_DIR, 'stockbell.js')).mtimeMs;
    return built >= newestMtime(CLIENT_DIR) && built >= statSync(join(ROOT, 'vite.config.ts')).mtimeMs;
  } catch {
    return false;
  }
}

/** Build dist/client unless it is already newer than the sources. Safe to call from parallel files. */
export async function ensureBundle(): Promise<void> {
  if (bundleIsFresh()) return;
  const lock = join(ROOT, 'dist', '.client-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() - started > 60_000) rmSync(lock, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  try {
    if (bundleIsFresh()) return;
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The demo's clock: the real time until a test moves it forward (and then that far ahead of it). */
export interface DemoClock {
  now(): Date;
  advance(ms: number): void;
}

export function demoClock(): DemoClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    advance: (ms) => {
      offset += ms;
    },
  };
}

export interface DemoHost {
  app: FastifyInstance;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  dataDir: string;
  /** The time Stockbell reads in this demo (snooze returns, quiet hours, due jobs): tests move it. */
  clock: DemoClock;
}

/**
 * The demo host on an ephemeral loopback port with its own data directory and a clock tests move;
 * `options` as `buildDemo` takes them (`smtpUrl`, …). Call `close()` when done.
 */
export async function startDemo(options: Omit<DemoOptions, 'dataDir' | 'clock'> = {}): Promise<DemoHost & { close(): Promise<void> }> {
  await ensureBundle();
  const { buildDemo } = await import('../../demo/app.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'stockbell-browser-'));
  const clock = demoClock();
  const app = await buildDemo({ ...options, dataDir, clock });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // The port is known only now: the demo's own pages are its publicUrl (trusted for the socket).
  const ctx = contextOf(app);
  await ctx.settings.write(ctx.em(), { publicUrl: address }, ctx.clock.now());
  return {
    app,
    origin: address,
    dataDir,
    clock,
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SignedIn {
  context: BrowserContext;
  page: Page;
  /** The demo's user id (Stockbell's user id for this user). */
  userId: string;
}

export interface BrowserFixtures {
  /** One Chromium per test file. */
  browser: Browser;
  /** The demo host, built fresh for each test file. */
  demo: DemoHost;
  /** A new browser context signed in as `username`; closed after the test. */
  signIn: (username: string) => Promise<SignedIn>;
}

export const test = base.extend<BrowserFixtures>({
  browser: [
    // biome-ignore lint/correctness/noEmptyPattern: vitest fixtures destructure their dependencies.
    async ({}, use) => {
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
      try {
        await use(browser);
      } finally {
        await browser.close();
      }
    },
    { scope: 'file' },
  ],
  demo: [
    // biome-ignore lint/correctness/noEmptyPattern: as above.
    async ({}, use) => {
      const { close, ...demo } = await startDemo();
      try {
        await use(demo);
      } finally {
        await close();
      }
    },
    { scope: 'file' },
  ],
  signIn: async ({ browser, demo }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (username) => {
      const context = await browser.newContext({ baseURL: demo.origin });
      contexts.push(context);
      const userId = await login(context, username);
      const page = await context.newPage();
      return { context, page, userId };
    });
    await Promise.all(contexts.map((context) => context.close()));
  },
});

/**
 * Sign a browser context in: `POST /demo/login { username }` through the context's own request API,
 * which shares the cookie jar with its pages. Returns the user's id.
 */
export async function login(context: BrowserContext, username: string): Promise<string> {
  const response = await context.request.post('/demo/login', { data: { username } });
  if (!response.ok()) throw new Error(`login ${username}: ${response.status()} ${await response.text()}`);
  return String(((await response.json()) as { id: number }).id);
}

/** Where `STOCKBELL_SCREENSHOTS=1` runs save the README's screenshots. */
export const SCREENSHOTS = process.env.STOCKBELL_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'images') : null;

/**
 * Collect uncaught page errors, console errors and failed responses, so a test can assert there
 * were none. (The browser's own favicon probe is not the page's doing and is left out.)
 */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const url = message.location().url;
    if (message.type() === 'error' && !url.endsWith('/favicon.ico')) errors.push(`console: ${message.text()} ${url}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
      errors.push(`response: ${response.status()} ${response.url()}`);
    }
  });
  return errors;
}

/** `expect.poll` with room for a loaded machine (two browser files run side by side). */
export const poll = <T>(fn: () => T | Promise<T>, timeout = 5_000) => expect.poll(fn, { timeout });

export { expect };
