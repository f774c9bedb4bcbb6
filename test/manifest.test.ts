/** The install story: the manifest validates against its schema and tells the truth about the package. */
import { existsSync, readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../server/settings/global-settings.ts';

const read = (file: string) => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
const manifest = read('plugin.manifest.json');
const schema = read('plugin.manifest.schema.json');
const pkg = read('package.json');

describe('plugin.manifest.json', () => {
  it('validates against plugin.manifest.schema.json', () => {
    const validate = new Ajv2020.default({ allErrors: true, strict: false }).compile(schema);
    expect(validate(manifest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('is rejected by the schema when a widget names an unknown slot', () => {
    const validate = new Ajv2020.default({ strict: false }).compile(schema);
    const broken = structuredClone(manifest);
    broken.widgets[0].slot = 'footer';
    expect(validate(broken)).toBe(false);
  });

  it('agrees with package.json and the built files', () => {
    expect(manifest.name).toBe(pkg.name);
    expect(manifest.version).toBe(pkg.version);
    expect(pkg.exports['.'].default).toBe(manifest.server.entry);
    expect(pkg.exports['.'].types).toBe(manifest.server.types);
    for (const file of [manifest.server.entry, manifest.client.module, manifest.client.stylesheet, manifest.migrations.folder]) {
      expect(existsSync(new URL(`../${file}`, import.meta.url)), `${file} (run npm run build)`).toBe(true);
    }
  });

  it('declares every global setting with its real default', () => {
    const defaults = defaultSettings() as unknown as Record<string, unknown>;
    expect(Object.keys(manifest.settings).sort()).toEqual(Object.keys(defaults).sort());
    for (const [key, setting] of Object.entries<{ default: unknown }>(manifest.settings)) {
      expect(setting.default, key).toEqual(defaults[key]);
    }
  });
});
