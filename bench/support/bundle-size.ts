/**
 * What a page downloads to show `<stockbell-bell>`: the entry module, every chunk it imports
 * statically (transitively; the lazily imported inbox and subscription chunks are not fetched for a
 * bell), and the stylesheet. Each file is its own response, so each is gzipped on its own (level 9).
 * Imports are read with Vite's own parser, from the files as built.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseAst } from 'vite';

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}

export function bellBundle(dir: string, entry = 'stockbell.js', stylesheet = 'stockbell.css'): BundleFile[] {
  const files: string[] = [];
  const visit = (file: string) => {
    if (files.includes(file)) return;
    files.push(file);
    for (const specifier of staticImports(readFileSync(join(dir, file), 'utf8'))) {
      if (!specifier.startsWith('./')) throw new Error(`${file} imports ${specifier}: not part of the bundle`);
      visit(specifier.slice(2));
    }
  };
  visit(entry);
  files.push(stylesheet);
  return files.map((file) => {
    const content = readFileSync(join(dir, file));
    return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
  });
}

function staticImports(code: string): string[] {
  const specifiers: string[] = [];
  for (const node of parseAst(code).body) {
    const isReexport = node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration';
    if ((node.type === 'ImportDeclaration' || isReexport) && node.source && typeof node.source.value === 'string') {
      specifiers.push(node.source.value);
    }
  }
  return specifiers;
}

/** The newest source under `sourceDir` that is newer than the built entry, if any (a stale build). */
export function newerSource(dir: string, sourceDir: string, entry = 'stockbell.js'): string | null {
  const built = statSync(join(dir, entry)).mtimeMs;
  let newest: { file: string; mtime: number } | null = null;
  for (const dirent of readdirSync(sourceDir, { recursive: true, withFileTypes: true })) {
    if (!dirent.isFile()) continue;
    const file = join(dirent.parentPath, dirent.name);
    const mtime = statSync(file).mtimeMs;
    if (mtime > built && (!newest || mtime > newest.mtime)) newest = { file, mtime };
  }
  return newest?.file ?? null;
}
