/**
 * The package as a host developer gets it (issue #9), with real processes and nothing mocked: a copy
 * of the repository as a fresh clone has it (its files, no dist/), `npm pack` there (prepack builds),
 * the tarball installed with its peers from the npm registry into a scratch host outside the
 * repository by the README's own `npm install` line, and the README's own `server.js` run on Node 24
 * and on the machine's Node 20. Built and installed once per run (beforeAll); each test reads that.
 *
 * Each stumble of the issue has its check here: an empty package (1), the README's `./data` folder
 * (2), Node 20 (4), the websocket peer (6), LICENSE, maps and links (7), the public surface (8).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const SYSTEM_NODE = '/usr/bin/node';
/** Node 24 (this process) first on PATH for npm and its scripts, as scripts/env.sh arranges. */
const ENV = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH}`, npm_config_update_notifier: 'false' };

let work: string;
let host: string;
let installed: string;
let packed: { files: { path: string; size: number }[]; size: number; unpackedSize: number; entryCount: number };
const timings: Record<string, number> = {};

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, env: ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

function timed<T>(name: string, step: () => T): T {
  const start = performance.now();
  try {
    return step();
  } finally {
    timings[name] = Math.round(performance.now() - start);
  }
}

/** The fenced block of `language` in the README's "Install it in a host" section that `test` picks. */
function readmeBlock(language: string, test: (code: string) => boolean = () => true): string {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Install it in a host'), readme.indexOf('\n## ', readme.indexOf('## Install it in a host') + 3));
  const blocks = [...section.matchAll(/```(\w+)\n([\s\S]*?)```/g)].filter((m) => m[1] === language).map((m) => m[2] ?? '');
  const block = blocks.find(test);
  if (!block) throw new Error(`no \`\`\`${language} block in README's install section`);
  return block;
}

beforeAll(async () => {
  const started = performance.now();
  work = mkdtempSync(join(tmpdir(), 'stockbell-install-'));

  // A fresh clone: every file git would check out (and new ones not yet committed), no dist/.
  const source = join(work, 'source');
  timed('copy', () => {
    const files = run('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], REPO).split('\0').filter(Boolean);
    for (const file of files) {
      if (!existsSync(join(REPO, file))) continue;
      mkdirSync(dirname(join(source, file)), { recursive: true });
      cpSync(join(REPO, file), join(source, file));
    }
    symlinkSync(join(REPO, 'node_modules'), join(source, 'node_modules'), 'dir');
  });
  expect(existsSync(join(source, 'dist'))).toBe(false);

  const output = timed('npm pack (prepack: clean, tsc, vite)', () => run('npm', ['pack', '--json', '--pack-destination', work], source));
  [packed] = JSON.parse(output.slice(output.indexOf('['))) as [typeof packed & { filename: string }];
  const tarball = join(work, (packed as typeof packed & { filename: string }).filename);

  // The README's install line, with the tarball in place of the registry's `stockbell`.
  host = join(work, 'host');
  mkdirSync(host);
  writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'scratch-host', private: true, type: 'module' }));
  const install = readmeBlock('sh', (code) => code.trimStart().startsWith('npm install')).trim().split(/\s+/);
  expect(install).toEqual(['npm', 'install', 'stockbell', 'fastify', '@fastify/websocket']);
  const args = install.slice(1).map((word) => (word === 'stockbell' ? tarball : word));
  timed('npm install (tarball, fastify, @fastify/websocket)', () => run('npm', [...args, '--no-audit', '--no-fund'], host));
  installed = join(host, 'node_modules', 'stockbell');
  writeFileSync(join(host, 'server.js'), readmeBlock('js', (code) => code.includes("from 'stockbell'")));
  timings.total = Math.round(performance.now() - started);
}, 900_000);

afterAll(() => {
  // The figures the closing note reports: how long the package takes to build and install.
  console.log(`install test: ${JSON.stringify(timings)}; package: ${packed?.entryCount} files, ${packed?.size} bytes packed, ${packed?.unpackedSize} unpacked`);
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe('the npm package', () => {
  it('holds the built plugin, its types, the widgets, the docs and the licence (npm pack on a fresh clone)', () => {
    const files = packed.files.map((file) => file.path);
    for (const needed of [
      'LICENSE',
      'README.md',
      'package.json',
      'plugin.manifest.json',
      'plugin.manifest.schema.json',
      'dist/server/index.js',
      'dist/server/index.d.ts',
      'dist/migrations/index.js',
      'dist/client/stockbell.js',
      'dist/client/stockbell.css',
      'docs/integration.md',
    ]) {
      expect(files, needed).toContain(needed);
    }
    // Every module of the server comes with its declarations.
    for (const js of files.filter((file) => /^dist\/(server|migrations)\/.*\.js$/.test(file))) {
      expect(files, `${js} has its .d.ts`).toContain(js.replace(/\.js$/, '.d.ts'));
    }
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('ships no TypeScript sources, tests, benchmarks, demo or tooling', () => {
    const files = packed.files.map((file) => file.path);
    expect(files.filter((file) => /\.tsx?$/.test(file) && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((file) => /^(test|bench|demo|client|server|migrations|scripts|\.ci|\.tools|node_modules)\//.test(file))).toEqual([]);
    expect(files.filter((file) => /(^|\/)(tsconfig.*|vite\.config\..*|vitest\.config\..*|biome\.json|package-lock\.json)$/.test(file))).toEqual([]);
    expect(files.filter((file) => /\.(test|spec)\.|\.tsbuildinfo$|\.sqlite/.test(file))).toEqual([]);
  });

  it('has source maps that resolve inside the package: each names a file that is there, or carries the source', () => {
    const files = filesUnder(installed);
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(50);
    for (const file of files.filter((f) => /\.(js|css)$/.test(f))) {
      const named = /\/[/*][#@] sourceMappingURL=([^\s*]+)/.exec(readFileSync(join(installed, file), 'utf8'))?.[1];
      if (named) expect(existsSync(resolve(installed, dirname(file), named)), `${file} → ${named}`).toBe(true);
    }
    for (const file of maps) {
      const map = JSON.parse(readFileSync(join(installed, file), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      map.sources.forEach((source, i) => {
        const there = existsSync(resolve(installed, dirname(file), source));
        expect(there || typeof map.sourcesContent?.[i] === 'string', `${file}: ${source}`).toBe(true);
      });
    }
  });

  it('has Markdown whose relative links all lead to files it ships', () => {
    const files = filesUnder(installed);
    const pages = files.filter((file) => file.endsWith('.md'));
    expect(pages).toEqual(expect.arrayContaining(['README.md', 'docs/integration.md', 'docs/widgets.md']));
    for (const page of pages) {
      const text = readFileSync(join(installed, page), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, ''); // code shows link syntax, it does not link
      for (const [, target = ''] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:|^#/.test(target)) continue;
        const path = decodeURIComponent(target.split('#')[0] ?? '');
        expect(existsSync(resolve(installed, dirname(page), path)), `${page} → ${target}`).toBe(true);
      }
    }
  });

  it('names only files it ships in package.json and the manifest, and declares @fastify/websocket a required peer', () => {
    const pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8'));
    const targets = [pkg.main, pkg.types, ...Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target as object)))];
    for (const target of targets) expect(existsSync(join(installed, target)), target).toBe(true);
    const manifest = JSON.parse(readFileSync(join(installed, 'plugin.manifest.json'), 'utf8'));
    for (const target of [manifest.server.entry, manifest.server.types, manifest.client.module, manifest.client.stylesheet, manifest.migrations.folder]) {
      expect(existsSync(join(installed, target)), target).toBe(true);
    }
    expect(pkg.peerDependencies).toMatchObject({ fastify: expect.any(String), '@fastify/websocket': expect.any(String) });
    expect(pkg.peerDependenciesMeta?.['@fastify/websocket']?.optional).not.toBe(true);
  });

  it('exports what docs/integration.md describes, and nothing else: no way in to the internals', () => {
    const probe = `
      const entry = await import('stockbell');
      let internals = 'importable';
      try { await import('stockbell/dist/server/internals.js'); } catch (error) { internals = error.code; }
      console.log(JSON.stringify({ exports: Object.keys(entry).sort(), internals }));`;
    const seen = JSON.parse(run(process.execPath, ['--input-type=module', '-e', probe], host));
    expect(seen).toEqual({ exports: ['default', 'signWebhook', 'verifyWebhook'], internals: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
    const guide = readFileSync(join(installed, 'docs', 'integration.md'), 'utf8');
    for (const name of ['signWebhook', 'verifyWebhook']) expect(guide).toContain(`\`${name}`);
  });

  it('type-checks a TypeScript host against the shipped declarations', () => {
    writeFileSync(join(host, 'check.ts'), TYPESCRIPT_HOST);
    writeFileSync(join(host, 'tsconfig.json'), JSON.stringify({
      compilerOptions: {
        target: 'es2023', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true,
        types: ['node'], typeRoots: [join(REPO, 'node_modules', '@types')],
      },
      files: ['check.ts'],
    }));
    timed('tsc on a TypeScript host', () => run(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', host], host));
  }, 120_000);
});

/** Uses the public types; the expected errors prove they are real types, not `any`. */
const TYPESCRIPT_HOST = `
import Fastify from 'fastify';
import stockbell, { type InventoryHost, type StockbellOptions } from 'stockbell';
// @ts-expect-error the internals are not part of the public entry
import { contextOf } from 'stockbell';

const host: InventoryHost = {
  authenticate: async () => null,
  getParts: async () => [],
  getCategories: async () => [],
  getBuild: async () => null,
  getUsers: async () => [],
  usersWithRole: async () => [],
  canView: async () => new Set<string>(),
  listRoles: async () => [{ id: 'buyers', name: 'Purchasing' }],
};
const app = Fastify();
const options: StockbellOptions = { host, database: ':memory:', allowedOrigins: ['https://inventory.example.com'] };
await app.register(stockbell, options);
const outcome = await app.stockbell.events.stockChanged('42', { key: 'stock-move-1' });
const notified: number = outcome.notified;
// @ts-expect-error a misspelled option is a type error before it is a boot error
await app.register(stockbell, { host, databse: './x.sqlite' });
export { contextOf, notified };
`;

const PAGE_ORIGIN = 'http://inventory.test';

/** `node server.js` in `cwd`, on `node`; resolves with the child and its address once it listens. */
async function startHost(node: string, cwd: string): Promise<{ child: ChildProcess; base: string; output: () => string }> {
  // The pages are served from PAGE_ORIGIN (the README's PUBLIC_URL): the WebSocket's Origin.
  const child = spawn(node, [join(host, 'server.js')], { cwd, env: { ...ENV, PORT: '0', PUBLIC_URL: PAGE_ORIGIN }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const base = await new Promise<string>((resolveBase, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      if (address) resolveBase(address);
    };
    child.stdout?.on('data', seen);
    child.stderr?.on('data', seen);
    child.once('exit', (code, signal) => reject(new Error(`server.js exited (${code ?? signal}) before listening:\n${output}`)));
  });
  return { child, base, output: () => output };
}

describe("the README's host, from the installed package", () => {
  it('on Node 24: subscribe, a stock change, the notification over HTTP and a WebSocket, openapi.json and the widgets', async () => {
    const cwd = join(work, 'run-24');
    mkdirSync(cwd);
    const { child, base } = await startHost(process.execPath, cwd);
    const socket = new WebSocket(`${base.replace('http', 'ws')}/plugins/stockbell/ws`, {
      headers: { cookie: 'session=eve-session-secret', origin: PAGE_ORIGIN },
    });
    try {
      const eve = { cookie: 'session=eve-session-secret' };
      const frames: { type: string; notification?: { kind: string; subject: string } }[] = [];
      const frame = (type: string) =>
        new Promise<(typeof frames)[number]>((found) => {
          const check = () => {
            const hit = frames.find((f) => f.type === type);
            if (hit) found(hit);
            else socket.once('message', check);
          };
          check();
        });
      socket.on('message', (data) => frames.push(JSON.parse(String(data))));
      await once(socket, 'open');
      expect(await frame('unread')).toEqual({ type: 'unread', count: 0 });

      // Its ./data folder did not exist: the SQLite file is made in it.
      expect(existsSync(join(cwd, 'data', 'stockbell.sqlite'))).toBe(true);

      const subscribed = await fetch(`${base}/plugins/stockbell/subscriptions/part/42`, { method: 'PUT', headers: eve });
      expect(subscribed.status).toBeLessThan(300);
      const moved = await fetch(`${base}/parts/42/stock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ stock: 20 }) });
      expect(moved.status).toBe(200);

      const pushed = await frame('notification');
      expect(pushed.notification).toMatchObject({ kind: 'part.low_stock', subject: expect.stringContaining('M3 screw') });
      const inbox = await (await fetch(`${base}/plugins/stockbell/notifications`, { headers: eve })).json();
      expect(inbox.items.map((n: { kind: string }) => n.kind)).toEqual(['part.low_stock']);
      expect((await fetch(`${base}/plugins/stockbell/notifications`)).status).toBe(401);

      const openapi = await fetch(`${base}/plugins/stockbell/openapi.json`);
      expect(openapi.status).toBe(200);
      expect(Object.keys((await openapi.json()).paths)).toContain('/plugins/stockbell/notifications/{id}/read');

      // The widgets come out of the installed package's dist/client.
      const entry = await fetch(`${base}/plugins/stockbell/assets/stockbell.js`);
      expect(entry.status).toBe(200);
      expect(entry.headers.get('cache-control')).toBe('no-cache');
      const runtime = /stockbell-runtime-[\w-]{8}\.js/.exec(await entry.text())?.[0];
      const chunk = await fetch(`${base}/plugins/stockbell/assets/${runtime}`);
      expect(chunk.status).toBe(200);
      expect(chunk.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    } finally {
      socket.terminate();
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  }, 120_000);

  const systemNode = existsSync(SYSTEM_NODE) ? execFileSync(SYSTEM_NODE, ['--version'], { encoding: 'utf8' }).trim() : null;
  it.skipIf(!systemNode || !/^v(1\d|20|21|22\.([0-9]|1[0-6]))\./.test(systemNode))(
    `on the machine's ${systemNode ?? 'Node 20'}: fails at registration with STOCKBELL_ERR_NODE_VERSION, not a crash`,
    async () => {
      const cwd = join(work, 'run-20');
      mkdirSync(cwd);
      const child = spawn(SYSTEM_NODE, [join(host, 'server.js')], { cwd, env: { ...ENV, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
      const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
      expect(signal, output).toBeNull(); // no SIGSEGV from the SQLite driver
      expect(code, output).toBe(1);
      expect(output).toContain('STOCKBELL_ERR_NODE_VERSION');
      expect(output).toContain(`needs Node.js 22.17.0 or newer; this process runs Node.js ${systemNode?.slice(1)}`);
      // It failed before opening anything: the database folder was never made.
      expect(existsSync(join(cwd, 'data'))).toBe(false);
    },
    60_000,
  );
});
