/**
 * undici, loaded on first use rather than at import. On a Node.js older than it supports (20), it
 * throws while loading (`zstd` is undefined), which would crash a host's `import 'stockbell'` before
 * the plugin's own check could say which Node.js it needs (STOCKBELL_ERR_NODE_VERSION).
 */
import { createRequire } from 'node:module';
import type * as Undici from 'undici';

const require = createRequire(import.meta.url);
let loaded: typeof Undici | undefined;

export function undici(): typeof Undici {
  loaded ??= require('undici') as typeof Undici;
  return loaded;
}
