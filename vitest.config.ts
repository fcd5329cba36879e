import { basename } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The longest files (measured on two workers), started first so that none is left running alone at the
 * end; a fresh clone has no timings of its own and would start the largest files, not the slowest. The
 * files that read the sample book come later: it is still building in the background at the start.
 */
const LONGEST_FIRST = ['real-books', 'handouts', 'handouts-web', 'bench', 'hostile', 'faults', 'trim-sizes', 'interior', 'locale', 'preview'];

class LongestFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const at = LONGEST_FIRST.indexOf(basename(file.moduleId, '.test.ts'));
      return at < 0 ? LONGEST_FIRST.length : at;
    };
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/load-pdfjs.ts', 'test/support/cleanup.ts'],
    // Real browsers and real PDFs: generous timeouts. Two files at a time on two cores, with the shared
    // Chromium beside them: the whole suite took 274 s so, 320 s with three workers, 325 s with one.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    maxWorkers: 2,
    // Each worker loads pdf-lib, pdfjs, puppeteer and the pipeline once, not once per file (about 60
    // CPU-seconds a run). Test files keep no state in modules: temp folders and the browser handle are
    // released after each file (test/support/cleanup.ts), and environment variables are restored.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    reporters: ['default'],
  },
});
