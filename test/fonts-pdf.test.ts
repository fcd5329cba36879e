/**
 * Fonts in the printed book and the EPUB: real small caps on the sample book's openers (built once by
 * the global setup), and a book in several scripts, built once here, whose every character prints in
 * an embedded TrueType face, whose EPUB carries TrueType subsets with their licences, and whose
 * missing glyphs are reported with file, line and script.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { build } from '../scripts/build.ts';
import { epubcheckFile } from './support/epubcheck.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { manuscript } from './support/manuscript.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const pdftotext = (path: string, page?: number) =>
  execFileSync('pdftotext', [...(page ? ['-f', String(page), '-l', String(page)] : []), path, '-'], { encoding: 'utf8' });

describe('small caps on the chapter openers of the sample book', () => {
  const pdf = () => join(sample.dir, 'closer.pdf');

  it('sets the lead-in line in the text face\'s own small caps, at body size, extracting as words', async () => {
    const doc = await getDocument({ data: new Uint8Array(readFileSync(pdf())), useSystemFonts: false, verbosity: 0 }).promise;
    let found = false;
    for (let n = 1; n <= doc.numPages && !found; n++) {
      const page = await doc.getPage(n);
      const items = (await page.getTextContent()).items.filter((i): i is typeof i & { str: string; transform: number[]; fontName: string } => 'str' in i && i.str.trim() !== '');
      const title = items.findIndex((i) => i.str === 'Types of Intimacy');
      if (title < 0 || !items.some((i) => /CHAPTER/.test(i.str.replace(/\s/g, '')))) continue;
      found = true;
      // The line after the title is the small-caps lead-in; the next lines are ordinary body text.
      const rows = new Map<number, typeof items>();
      for (const item of items.slice(title + 1)) rows.set(Math.round(item.transform[5]), [...(rows.get(Math.round(item.transform[5])) ?? []), item]);
      const [lead, body] = [...rows.values()];
      expect(lead.map((i) => i.str).join('')).toMatch(/^Inti\u00AD?macy\s*isn.t\s*a\s*one/); // small-caps glyphs of lower-case letters
      // What search, copy and screen readers get (poppler): the words as written, in their case.
      expect(pdftotext(pdf(), n).replace(/\u00AD/g, '')).toContain('Intimacy isn’t a one-size-fits-all concept. It reveals');
      // Synthesised small caps are capitals drawn smaller; real ones are glyphs of the font at body size.
      const size = (i: (typeof items)[number]) => Math.hypot(i.transform[0], i.transform[1]);
      for (const item of lead) expect(size(item)).toBeCloseTo(size(body[0]), 1);
      expect(new Set(lead.map((i) => i.fontName))).toEqual(new Set([body[0].fontName]));
    }
    await doc.destroy();
    expect(found).toBe(true);
  });

  it('embeds Adobe\'s Source faces as CID TrueType, never Type 3', () => {
    const fonts = pdfFonts(pdf());
    expect(fonts.filter((f) => /Type 3/.test(f.type) || !f.embedded)).toEqual([]);
    expect(fonts.filter((f) => /SourceSerif4-Regular$/.test(f.name)).every((f) => f.type === 'CID TrueType')).toBe(true);
    expect(fonts.some((f) => /SourceSerif4-Regular$/.test(f.name))).toBe(true);
  });
});

const BOOK = `title: Ελληνικά και 中文
author: Test Author
description: A book in several scripts.
identifier: urn:uuid:00000000-0000-4000-8000-000000000001
trim: 6x9
chapters:
  - 01-scripts.md
  - 02-more.md
`;

const CHAPTER_1 = `# Scripts

Latin Extended: Łódź, Ærøskøbing, Đặng Việt, Şişli.

Greek: Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.

Cyrillic: Москва — столица России.

Chinese: 亲密关系需要时间和耐心。
`;

const CHAPTER_2 = `# More scripts

Arabic: مرحبا بالعالم

Hebrew: שלום עולם

**Bold 中文** and *italic 中文*.

Thai: สวัสดี
`;

describe('a book in several scripts', () => {
  const out = tempDir('kindred-fonts-out-');
  const log: string[] = [];
  let dir: string;
  let pdf: string;
  let epub: string;

  beforeAll(async () => {
    dir = manuscript({ 'book.yaml': BOOK, '01-scripts.md': CHAPTER_1, '02-more.md': CHAPTER_2 });
    const outputs = await build({ browser: sharedBrowser(), manuscriptDir: dir, outDir: out, formats: ['pdf', 'epub'], profile: 'print', log: (l) => log.push(l) });
    pdf = outputs.find((o) => o.format === 'pdf')!.path;
    epub = outputs.find((o) => o.format === 'epub')!.path;
  });
  afterAll(async () => {
    await closeSharedBrowser();
    rmSync(out, { recursive: true, force: true });
    rmSync(dir, { recursive: true, force: true });
  });

  it('names its files after the title in its own scripts', () => {
    // The print PDF's page map (for the EPUB's print page numbers) is named after the PDF.
    expect(readdirSync(out).sort()).toEqual(['ελληνικα-και-中文.epub', 'ελληνικα-και-中文.pages.json', 'ελληνικα-και-中文.pdf']);
  });

  it('warns about the one script no font has, naming the file, line and script', () => {
    const warnings = log.filter((l) => /no font of the book has a glyph/.test(l));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/02-more\.md:9:\d+: no font of the book has a glyph for 5 Thai characters/);
  });

  it('prints every other character from an embedded TrueType face: fallbacks only for the scripts used', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.filter((f) => !f.embedded || f.type !== 'CID TrueType')).toEqual([]);
    const families = new Set(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '').replace(/-\d+$/, '').replace(/Thin|-.*$/g, '')));
    expect([...families].sort()).toEqual(expect.arrayContaining(['NotoSansArabic', 'NotoSansHebrew', 'NotoSansSC', 'SourceSans3', 'SourceSerif4']));
    expect([...families].filter((f) => /JP|KR|TC/.test(f))).toEqual([]);
    const text = pdftotext(pdf).replace(/\u00AD/g, '');
    for (const words of ['Łódź, Ærøskøbing, Đặng Việt, Şişli', 'Η Αθήνα είναι η πρωτεύουσα', 'Москва — столица России', '亲密关系需要时间和耐心。', 'Bold 中文', 'italic 中文']) {
      expect(text).toContain(words);
    }
    for (const char of 'مرحبا') expect(text).toContain(char);
    for (const char of 'שלום') expect(text).toContain(char);
  });

  it('ships TrueType subsets with their licences in an EPUB that epubcheck passes', async () => {
    const zip = await JSZip.loadAsync(readFileSync(epub));
    const names = Object.keys(zip.files);
    expect(names.filter((n) => /\.woff2?$/.test(n))).toEqual([]);
    expect(names.filter((n) => /^OEBPS\/fonts\/.*\.ttf$/.test(n)).length).toBeGreaterThanOrEqual(11);
    expect(names.filter((n) => /LICENSE\.txt$/.test(n))).toHaveLength(3);
    expect(await zip.file('OEBPS/content.opf')!.async('string')).toMatch(/media-type="font\/ttf"/);
    expect((await epubcheckFile(epub)).output).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 300_000); // epubcheck's JVM is slow on a busy machine
});
