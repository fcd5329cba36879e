/** Small throwaway manuscripts for tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect } from 'vitest';
import { KindredErrors } from '../../scripts/errors.ts';
import { loadProject } from '../../scripts/load-project.ts';
import { tempDir } from './cli.ts';

export const MINIMAL_BOOK = `title: Test Book
author: Test Author
description: A book made by a test.
identifier: urn:uuid:00000000-0000-4000-8000-000000000000
chapters:
  - 01-one.md
`;

/** Writes files (path → text) into a new temp folder and returns it. */
export function manuscript(files: Record<string, string>): string {
  const dir = tempDir('kindred-ms-');
  for (const [path, text] of Object.entries({ 'book.yaml': MINIMAL_BOOK, ...files })) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** The errors loading the manuscript in `dir` must raise (it fails the test when loading succeeds or throws anything else). */
export function loadErrors(dir: string): KindredErrors {
  let error: unknown;
  try {
    loadProject({ manuscriptDir: dir, log: () => {} });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(KindredErrors);
  return error as KindredErrors;
}
