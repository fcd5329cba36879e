/**
 * Books written by others (test/fixtures/real-books/<book>/, each with its licence and SOURCE.md):
 * raw-HTML figures, code, tables, links to files that are not in the book. Each builds in-process with
 * one shared browser and must exit 0 with an EPUB that epubcheck passes with no errors and no warnings,
 * a PDF whose fonts are all embedded (none a stand-in for a missing glyph), and all of its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { toString } from 'hast-util-to-string';
import { build, loadProject } from '../scripts/build.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';
import { bodyText, pdfFonts, readPages } from './support/pdf-text.ts';
import { normalise } from './support/seed.ts';

const BOOKS = resolve(import.meta.dirname, 'fixtures', 'real-books');
const run = promisify(execFile);
const books = readdirSync(BOOKS)
  .filter((name) => existsSync(join(BOOKS, name, 'book.yaml')))
  .sort();

interface Built {
  log: string;
  pdf: string;
  epub: string;
  /** Each chapter's text as the book holds it, normalised. */
  chapters: string[];
  epubcheck: string;
  error?: string;
}

const built = new Map<string, Built>();
const scratch = tempDir('kindred-real-books-');

beforeAll(async () => {
  for (const name of books) {
    const log: string[] = [];
    const manuscriptDir = join(BOOKS, name);
    try {
      const { prepared } = loadProject({ manuscriptDir, log: () => {} });
      const outputs = await build({ manuscriptDir, outDir: join(scratch, name), formats: ['pdf', 'epub'], profile: 'print', browser: sharedBrowser(), log: (l) => log.push(l) });
      built.set(name, {
        log: log.join('\n'),
        pdf: outputs.find((o) => o.format === 'pdf')!.path,
        epub: outputs.find((o) => o.format === 'epub')!.path,
        chapters: prepared.chapters.map((c) => normalise(toString(c.hast))),
        epubcheck: '',
      });
    } catch (error) {
      built.set(name, { log: log.join('\n'), pdf: '', epub: '', chapters: [], epubcheck: '', error: String((error as Error).stack ?? error) });
    }
  }
  await closeSharedBrowser();
  await Promise.all(
    [...built.values()]
      .filter((b) => b.epub)
      .map(async (b) => {
        b.epubcheck = await run('java', ['-jar', '/usr/share/java/epubcheck.jar', b.epub]).then(
          (r) => r.stdout + r.stderr,
          (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
        );
      }),
  );
}, 1_500_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(books)('real book: %s', (name) => {
  const book = () => built.get(name)!;

  it('builds (exit 0) with no unexpected failure', () => {
    expect(book().error, book().log).toBeUndefined();
    expect(book().log).not.toMatch(/this is a bug|blocked a request|could not load/);
  });

  it('writes an EPUB that passes epubcheck with no errors and no warnings', () => {
    expect(book().epubcheck).toMatch(/No errors or warnings detected/);
  });

  it('embeds every font of the PDF, and only the book’s own faces', () => {
    const fonts = pdfFonts(book().pdf);
    expect(fonts.filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
    // A character no book font has would print in a system stand-in (or as a box): none may appear.
    const strangers = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).filter((n) => !/^(SourceSerif4|SourceSans3|DejaVuSansMono)/.test(n));
    expect(strangers).toEqual([]);
  });

  it('prints all of the text of every chapter', async () => {
    // Without the running heads and folios, which would split a sentence that crosses a page.
    const text = normalise((await readPages(book().pdf)).map((p) => bodyText(p, 50)).join(' '));
    expect(text).not.toContain('\uFFFD');
    for (const [i, chapter] of book().chapters.entries()) {
      // Every 200-character stretch of the chapter appears in the PDF (images' alt text aside).
      const missing = [];
      for (let at = 0; at + 40 <= chapter.length; at += 200) if (!text.includes(chapter.slice(at, at + 40))) missing.push(chapter.slice(at, at + 40));
      expect(missing, `chapter ${i + 1}`).toEqual([]);
    }
  });
});
