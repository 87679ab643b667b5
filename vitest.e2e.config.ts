import { defineConfig } from 'vitest/config';

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/e2e/**/*.test.ts'],
    // the Nu Html Checker over every page each file's browsers loaded (test/helpers/html-check.ts)
    setupFiles: ['test/helpers/html-check-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // one browser and one server at a time keeps a 2-core machine responsive
    fileParallelism: false,
  },
});
