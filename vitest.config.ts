import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/cleanup.ts'],
    // Real browsers and real PDFs: generous timeouts. Two files at a time on two cores, with the shared
    // Chromium beside them: the whole suite took 274 s so, 320 s with three workers, 325 s with one.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
    // Each worker loads pdf-lib, pdfjs, puppeteer and the pipeline once, not once per file (about 60
    // CPU-seconds a run). Test files keep no state in modules: temp folders and the browser handle are
    // released after each file (test/support/cleanup.ts), and environment variables are restored.
    isolate: false,
    reporters: ['default'],
  },
});
