/**
 * The browser bundle: `npx vite build` → dist/client/stockbell.js (one ES module, Preact inside)
 * and dist/client/stockbell.css. The server build (tsc) writes dist/server and is left alone.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: fileURLToPath(new URL('./dist/client', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    minify: 'oxc',
    sourcemap: true,
    copyPublicDir: false,
    lib: {
      entry: fileURLToPath(new URL('./client/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: () => 'stockbell.js',
      cssFileName: 'stockbell',
    },
    rolldownOptions: {
      // Library mode keeps ES output readable (for re-bundling); this file goes to browsers as is.
      output: {
        minify: true,
        // Everything the entry needs at once goes into one content-hashed chunk; the lazily loaded
        // widgets import it from there. (See docs/widgets.md, "Files and caching".)
        codeSplitting: { groups: [{ name: 'stockbell-runtime', tags: ['$initial'] }] },
        // What the settings and admin widgets share (matrix, endpoints, forms, their messages) is a
        // chunk named after one of its modules (settings-widget.tsx, messages/settings.ts): call it
        // settings-common, so it is not mistaken for the settings widget's own chunk.
        chunkFileNames: (chunk) =>
          !chunk.isDynamicEntry && chunk.moduleIds.some((id) => id.endsWith('/messages/settings.ts'))
            ? 'settings-common-[hash].js'
            : '[name]-[hash].js',
      },
    },
  },
});
