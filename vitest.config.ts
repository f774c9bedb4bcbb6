import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The demo imports the plugin by its package name; tests run it from source.
    alias: { stockbell: fileURLToPath(new URL('./server/index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browser and PostgreSQL suites share one machine with 2 cores: keep files from starving each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
