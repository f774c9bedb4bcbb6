/**
 * Where the package's own files are, and who it is: the folder holding Stockbell's package.json.
 * The same code runs from source (server/http/) and installed (dist/server/http/), at different
 * depths, so it is found by walking up rather than by a fixed relative path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackageInfo {
  root: string;
  name: string;
  version: string;
  description: string;
}

let found: PackageInfo | undefined;

export function packageInfo(): PackageInfo {
  if (found) return found;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as Partial<PackageInfo>;
      if (pkg.name === 'stockbell') {
        found = { root: dir, name: pkg.name, version: pkg.version ?? '0.0.0', description: pkg.description ?? '' };
        return found;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('stockbell: cannot find its own package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
