import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    // Real browsers and real PDFs: generous timeouts. Three files at a time on two cores: while one
    // waits for Chromium (which has a core of its own), the others work.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 3,
    // Each worker loads pdf-lib, pdfjs, puppeteer and the pipeline once, not once per file (about 60
    // CPU-seconds a run). Test files keep no state in modules: temp folders and the browser handle are
    // released after each file (test/support/cleanup.ts), and environment variables are restored.
    isolate: false,
    reporters: ['default'],
  },
});
