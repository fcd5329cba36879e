/**
 * Before any test file: one Chromium for the whole run, started as Kindred starts it, which every test
 * file's in-process builds connect to (test/support/cli.ts sharedBrowser), so that no file pays for a
 * cold browser; one EPUBCheck that every file's EPUBs are checked by (support/epubcheck.ts); and
 * the real book built once (PDF and EPUB, no cache) for every test file that reads it,
 * in the background.
 */
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, launch } from 'puppeteer-core';
import { browserArgs } from '../scripts/browser.ts';
import { findBrowser } from '../scripts/find-browser.ts';
import { ENDPOINT_VARIABLE, kindredIn, closeSharedBrowser } from './support/cli.ts';
import { READY_FILE } from './support/sample-book.ts';
import { EPUBCHECK_SOCKET_VARIABLE, startEpubcheckServer } from './support/epubcheck.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    bookDir: string;
  }
}

export default async function setup(project: TestProject) {
  const home = mkdtempSync(join(tmpdir(), 'kindred-test-browser-'));
  // One EPUBCheck for the run, started while the browser starts: every test file asks it over a socket.
  const checker = startEpubcheckServer(home);
  let browser: Browser;
  try {
    browser = await launch({ executablePath: await findBrowser(), args: browserArgs(), headless: true, userDataDir: join(home, 'profile'), env: { ...process.env, TMPDIR: home }, protocolTimeout: 0 });
  } catch (error) {
    // No browser, no run: the checker and the folder go too, not left behind by a setup that failed.
    (await checker)?.stop();
    rmSync(home, { recursive: true, force: true });
    throw error;
  }
  // Test files run in worker processes forked after this, which inherit the variables.
  process.env[ENDPOINT_VARIABLE] = browser.wsEndpoint();
  const epubcheck = await checker;
  if (epubcheck) process.env[EPUBCHECK_SOCKET_VARIABLE] = epubcheck.socket;

  // The book builds while the first test files run: only the files that read it wait for it
  // (test/support/sample-book.ts), through the marker file written when the build ends.
  const out = mkdtempSync(join(tmpdir(), 'kindred-book-'));
  project.provide('bookDir', out);
  const built = kindredIn(['build', '--out', out, '--no-cache'])
    .then(
      (result) => ({ code: result.code, log: result.stderr + result.stdout }),
      (error: unknown) => ({ code: -1, log: String((error as Error).stack ?? error) }),
    )
    .then(async (result) => {
      await closeSharedBrowser();
      writeFileSync(join(out, READY_FILE), JSON.stringify(result));
    });
  return async () => {
    await built;
    rmSync(out, { recursive: true, force: true });
    await browser.close();
    epubcheck?.stop();
    rmSync(home, { recursive: true, force: true });
  };
}
