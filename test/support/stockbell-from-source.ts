/**
 * `node --import ./test/support/stockbell-from-source.ts demo/main.ts`: the demo as a separate process
 * with `stockbell` resolved to server/index.ts, as vitest and tsc alias it, so tests need no build.
 */
import { registerHooks } from 'node:module';

const SOURCE = new URL('../../server/index.ts', import.meta.url).href;

registerHooks({
  resolve(specifier, context, nextResolve) {
    return specifier === 'stockbell' ? { url: SOURCE, shortCircuit: true } : nextResolve(specifier, context);
  },
});
