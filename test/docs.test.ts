/**
 * The docs a host developer reads say what the code does: every option in the README's table, every
 * error code a host can meet in docs/integration.md's troubleshooting, every export of the public
 * entry described there, and its adapter example type-checks against the real types.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { OptionsSchema } from '../server/options.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(join(REPO, path), 'utf8');
const README = read('README.md');
const GUIDE = read('docs/integration.md');

/** Every file under server/, as text. */
function serverSources(): string[] {
  return readdirSync(join(REPO, 'server'), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

describe('the docs a host developer reads', () => {
  it("list every plugin option in the README's option table", () => {
    const start = README.indexOf('| option | default | what |');
    const table = README.slice(start, README.indexOf('\n\n', start));
    const documented = [...table.matchAll(/^\| (`[^|]+`(?:, `[^|]+`)*) \|/gm)].flatMap((m) => [...(m[1] ?? '').matchAll(/`([\w.]+)/g)].map((n) => n[1]?.split('.')[0]));
    expect(new Set(documented)).toEqual(new Set(Object.keys(OptionsSchema.properties)));
    expect(table).toMatch(/\| `hostToken` \|[^\n]*at least 16 characters/);
  });

  it('explain every error code Stockbell raises, in the troubleshooting of docs/integration.md', () => {
    const codes = new Set(serverSources().flatMap((source) => [...source.matchAll(/'(STOCKBELL_ERR[A-Z_]*)'/g)].map((m) => m[1])));
    expect(codes.size).toBeGreaterThan(10);
    const troubleshooting = GUIDE.slice(GUIDE.indexOf('## 8. Troubleshooting'));
    for (const code of codes) expect(troubleshooting, code).toContain(`\`${code}\``);
    // The host's side of registration, from Fastify itself.
    for (const code of ['FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED', 'FST_ERR_DEC_ALREADY_PRESENT', 'FST_ERR_PLUGIN_TIMEOUT']) {
      expect(troubleshooting, code).toContain(code);
    }
  });

  it('describe every export of the public entry', () => {
    const entry = read('server/index.ts');
    const exported = [...entry.matchAll(/^export (?:type )?\{([^}]+)\}/gm)].flatMap((m) =>
      (m[1] ?? '').split(',').map((name) => name.trim().split(/\s+as\s+/).at(-1) ?? '').filter(Boolean),
    );
    expect(exported).toEqual(expect.arrayContaining(['InventoryHost', 'StockbellOptions', 'signWebhook', 'verifyWebhook', 'HostRole']));
    const section = GUIDE.slice(GUIDE.indexOf('### What the package exports'), GUIDE.indexOf('## 2. The adapter'));
    for (const name of exported) expect(section, name).toContain(`\`${name}`);
  });

  it("has an adapter example that type-checks against Stockbell's types", () => {
    const example = /```ts\n(\/\/ adapter\.ts[\s\S]*?)```/.exec(GUIDE)?.[1];
    expect(example).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'stockbell-docs-'));
    try {
      symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
      writeFileSync(join(dir, 'adapter.ts'), example ?? '');
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          target: 'es2023', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noUncheckedIndexedAccess: true,
          noEmit: true, skipLibCheck: true, allowImportingTsExtensions: true, types: ['node'],
          // The adapter's types, without type-checking the whole server behind the entry (the
          // test above checks the entry exports them): seconds instead of a minute on a busy machine.
          paths: { stockbell: [join(REPO, 'server', 'host.ts')] },
        },
        files: ['adapter.ts'],
      }));
      execFileSync(join(REPO, 'node_modules', '.bin', 'tsc'), ['-p', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (error) {
      throw new Error(`the adapter example does not type-check:\n${(error as { stdout?: string }).stdout ?? error}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
