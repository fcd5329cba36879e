import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    // Real browsers and real PDFs: generous timeouts, and files in parallel only as far as 2 cores allow.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
