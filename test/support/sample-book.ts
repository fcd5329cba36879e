/**
 * The sample book (manuscript/) as test/global-setup.ts builds it once per run, in the background: a
 * test file that reads it waits here, in its beforeAll, until the build has ended.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, inject } from 'vitest';

/** Written into the book's folder when its build ends: `{ code, log }`. */
export const READY_FILE = '.kindred-test-ready.json';

/** The folder with closer.pdf and closer.epub, and the build's log; throws if the build failed. */
async function sampleBook(): Promise<{ dir: string; log: string }> {
  const dir = inject('bookDir');
  const marker = join(dir, READY_FILE);
  while (!existsSync(marker)) await sleep(100);
  const { code, log } = JSON.parse(readFileSync(marker, 'utf8')) as { code: number; log: string };
  if (code !== 0) throw new Error(`building the sample book failed (exit ${code}):\n${log}`);
  return { dir, log };
}

/**
 * For a test file that reads the book: a beforeAll that waits for it, and the object that then holds
 * its folder and log.
 */
export function useSampleBook(): { dir: string; log: string } {
  const book = { dir: '', log: '' };
  beforeAll(async () => {
    Object.assign(book, await sampleBook());
  }, 300_000);
  return book;
}
