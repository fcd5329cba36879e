/**
 * Before any test file: one Chromium for the whole run, started as Kindred starts it, which every test
 * file's in-process builds connect to (test/support/cli.ts sharedBrowser), so that no file pays for a
 * cold browser; and the real book built once (PDF and EPUB, no cache) for every test file that reads it.
 */
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch } from 'puppeteer-core';
import { browserArgs } from '../scripts/browser.ts';
import { findBrowser } from '../scripts/find-browser.ts';
import { ENDPOINT_VARIABLE, kindredIn, closeSharedBrowser } from './support/cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    bookDir: string;
    bookLog: string;
  }
}

export default async function setup(project: TestProject) {
  const home = mkdtempSync(join(tmpdir(), 'kindred-test-browser-'));
  const browser = await launch({ executablePath: await findBrowser(), args: browserArgs(), headless: true, userDataDir: join(home, 'profile'), env: { ...process.env, TMPDIR: home }, protocolTimeout: 0 });
  // Test files run in worker processes forked after this, which inherit the variable.
  process.env[ENDPOINT_VARIABLE] = browser.wsEndpoint();

  const out = mkdtempSync(join(tmpdir(), 'kindred-book-'));
  const result = await kindredIn(['build', '--out', out, '--no-cache']);
  await closeSharedBrowser();
  if (result.code !== 0) throw new Error(`building the book failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  project.provide('bookDir', out);
  project.provide('bookLog', result.stderr + result.stdout);
  return async () => {
    rmSync(out, { recursive: true, force: true });
    await browser.close();
    rmSync(home, { recursive: true, force: true });
  };
}
