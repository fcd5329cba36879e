/**
 * A second design, test/fixtures/themes/literata (its own fonts.yaml, tokens and theme CSS), builds a
 * book with --templates and nothing changed in scripts/: the PDF is set in Literata, cleanly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { build } from '../scripts/build.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { manuscript } from './support/manuscript.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';

const THEME = join(import.meta.dirname, 'fixtures/themes/literata');
const BOOK = `title: A Themed Book
author: Test Author
description: A book set in another design.
identifier: urn:uuid:00000000-0000-4000-8000-000000000002
trim: 6x9
chapters:
  - 01-one.md
  - 02-two.md
`;
const para = 'Couples who talk about small things every day find it easier to talk about the large ones when they come, and they come to every couple sooner or later.';
const chapter = (title: string) => `# ${title}\n\n${para} ${para}\n\n## A section\n\n${para} *In italics,* **in bold** and \`in code\`.\n\n### A smaller heading\n\n- one thing\n- another thing\n\n${para}\n`;

describe('a second theme', () => {
  const out = tempDir('kindred-theme-out-');
  const log: string[] = [];
  let dir: string;
  let pdf: string;
  let epub: string;

  beforeAll(async () => {
    dir = manuscript({ 'book.yaml': BOOK, '01-one.md': chapter('Talking'), '02-two.md': chapter('Listening') });
    const outputs = await build({ browser: sharedBrowser(), manuscriptDir: dir, templatesDir: THEME, outDir: out, formats: ['pdf', 'epub'], profile: 'print', log: (l) => log.push(l) });
    pdf = outputs.find((o) => o.format === 'pdf')!.path;
    epub = outputs.find((o) => o.format === 'epub')!.path;
  });
  afterAll(async () => {
    await closeSharedBrowser();
    rmSync(out, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('builds without a warning', () => {
    expect(log.filter((l) => /warning|error/i.test(l))).toEqual([]);
  });

  it('sets the text in Literata, embedded as TrueType, never Type 3', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
    const literata = fonts.filter((f) => /Literata/.test(f.name));
    expect(literata.length).toBeGreaterThanOrEqual(3); // roman, italic, bold at least
    expect(literata.every((f) => f.type === 'CID TrueType')).toBe(true);
    // Body text is no longer Source Serif 4 (only pdf-lib's folios still use it).
    const text = execFileSync('pdftotext', ['-f', '5', pdf, '-'], { encoding: 'utf8' }).replace(/\u00AD/g, '');
    expect(text).toContain('Couples who talk about small things');
  });

  it('opens chapters with the theme\'s own opener template, in print and in the EPUB', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const chapter = await zip.file('OEBPS/chapter-1.xhtml')!.async('string');
    expect(chapter).toMatch(/<header class="chapter-opener opener-ruled"><div class="opener-rule" aria-hidden="true"(?:\/>|><\/div>)(?:<span [^>]*doc-pagebreak[^>]*\/>)?<h1 id="talking"[^>]*>Talking<\/h1><p class="chapter-number">Chapter 1<\/p><\/header>/);
    // In print the number now follows the title.
    const opener = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).split('\f').find((page) => /Talking/.test(page) && /CHAPTER 1|Chapter 1/.test(page))!;
    expect(opener.indexOf('Talking')).toBeLessThan(opener.search(/CHAPTER 1|Chapter 1/));
  });

  it('embeds Literata in the EPUB as TrueType with its licence, and epubcheck passes it', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const names = Object.keys(zip.files);
    expect(names.filter((n) => /fonts\/literata-.*\.ttf$/.test(n)).length).toBeGreaterThan(0);
    expect(names).toContain('OEBPS/fonts/Literata-LICENSE.txt');
    expect(await zip.file('OEBPS/style.css')!.async('string')).toContain('font-family: "Literata"');
    expect((await epubcheckFile(epub)).output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 300_000); // epubcheck's JVM is slow on a busy machine
});
