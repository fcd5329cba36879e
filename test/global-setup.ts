/** Builds the real book once (PDF and EPUB, no cache) for every test file that reads it. */
import type { TestProject } from 'vitest/node';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kindred } from './support/cli.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    bookDir: string;
    bookLog: string;
  }
}

export default function setup(project: TestProject) {
  const out = mkdtempSync(join(tmpdir(), 'kindred-book-'));
  const result = kindred(['build', '--out', out, '--no-cache']);
  if (result.code !== 0) throw new Error(`building the book failed (exit ${result.code}):\n${result.stderr}\n${result.stdout}`);
  project.provide('bookDir', out);
  project.provide('bookLog', result.stderr + result.stdout);
  return () => rmSync(out, { recursive: true, force: true });
}
