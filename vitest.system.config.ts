import { defineConfig } from 'vitest/config';

/**
 * System tests: real server processes against a libsql server (sqld) or an embedded file, killed and restarted,
 * probed with security tools. Slow and process-heavy, so one file at a time; run by `npm run test:system` and CI.
 */
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'hono/jsx' } },
  test: {
    include: ['test/system/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    passWithNoTests: true,
  },
});
