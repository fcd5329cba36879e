/** The cover: wrap geometry for KDP (pure), the template's words, and the real browser's PDF and PNG. */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { coverGeometry } from '../scripts/cover/cover-geometry.ts';
import { backCoverText, coverHtml, typographic } from '../scripts/cover/cover-html.ts';
import { loadBook } from '../scripts/load-book.ts';
import { createTemplateSet, templateDirs } from '../scripts/render-template.ts';
import { parseTrim } from '../scripts/print-rules.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { kindredIn, tempDir, ROOT, type CliResult } from './support/cli.ts';

const SIX_BY_NINE = parseTrim('6x9')!;

describe('cover geometry', () => {
  // KDP: spine = pages × 0.002252 in on white, × 0.0025 in on cream; wrap = 0.125 + 6 + spine + 6 + 0.125.
  const cases = [
    { pages: 100, paper: 'white', spine: 0.225, width: 12.475 },
    { pages: 200, paper: 'white', spine: 0.45, width: 12.7 },
    { pages: 300, paper: 'white', spine: 0.676, width: 12.926 },
    { pages: 100, paper: 'cream', spine: 0.25, width: 12.5 },
    { pages: 200, paper: 'cream', spine: 0.5, width: 12.75 },
    { pages: 300, paper: 'cream', spine: 0.75, width: 13 },
  ] as const;
  for (const c of cases) {
    it(`${c.pages} pages on ${c.paper} paper: spine ${c.spine} in, wrap ${c.width} × 9.25 in`, () => {
      const g = coverGeometry(SIX_BY_NINE, c.pages, c.paper);
      expect(g.spineIn).toBeCloseTo(c.spine, 3);
      expect(g.widthIn).toBeCloseTo(c.width, 3);
      expect(g.heightIn).toBeCloseTo(9.25, 3);
      expect(g.front.xIn).toBeCloseTo(0.125 + 6 + c.spine, 3);
      expect(g.front.xIn + g.front.widthIn + g.bleedIn).toBeCloseTo(g.widthIn, 6);
    });
  }

  it('allows spine text from 79 pages, sized to stay 0.0625 in from each fold', () => {
    expect(coverGeometry(SIX_BY_NINE, 78, 'white').spineText).toBe(false);
    const g = coverGeometry(SIX_BY_NINE, 79, 'white');
    expect(g.spineText).toBe(true);
    expect(g.spineFontPt / 72).toBeLessThanOrEqual(g.spineIn - 2 * 0.0625);
    expect(coverGeometry(SIX_BY_NINE, 600, 'cream').spineFontPt).toBe(18);
  });
});

describe('cover text', () => {
  it('sets quotes and apostrophes as a typographer would', () => {
    expect(typographic(`Couples' "best" work isn't 'easy'`)).toBe('Couples’ “best” work isn’t ‘easy’');
  });

  it('makes the first sentence of the back-cover text its lede', () => {
    expect(backCoverText('One thing. Two things.\n\nThree.')).toEqual({ lede: 'One thing.', paragraphs: ['Two things.', 'Three.'] });
    expect(backCoverText(undefined)).toEqual({ paragraphs: [] });
  });

  it('renders title, subtitle, author, back text and barcode area, escaped', () => {
    const book = { ...loadBook(join(ROOT, 'manuscript')), title: 'Us & <Them>' };
    const templates = createTemplateSet(templateDirs());
    const html = coverHtml(book, templates, { kind: 'wrap', geometry: coverGeometry(book.trim, 120, 'cream') });
    expect(html).toContain('<h1 class="title">Us &amp; &lt;Them&gt;</h1>');
    expect(html).toContain('A Couples’ Workbook on Intimacy');
    expect(html).toContain('class="barcode-area"');
    expect(html).toContain('class="spine-text"');
    expect(html).toContain('Start with one real conversation today.');
    expect(html).toMatch(/--spine-width: 0\.3in;/);
  });
});

describe('kindred cover', () => {
  const out = tempDir('kindred-cover-');
  let result: CliResult;
  beforeAll(async () => {
    result = await kindredIn(['cover', '--out', out, '--pages', '120', '--paper', 'cream']);
  });

  it('writes the wrap at the KDP size with its page boxes', async () => {
    expect(result.stderr).not.toMatch(/warning|error/);
    expect(result.code).toBe(0);
    // 8.5 × 11 in trim, 120 pages on cream: spine 0.3 in, wrap 0.125 + 8.5 + 0.3 + 8.5 + 0.125 = 17.55 in.
    expect(result.stdout).toContain('closer-cover.pdf  (17.550 × 11.250 in with 0.125 in bleed; spine 0.300 in; spine text at 11.3 pt;');
    const doc = await PDFDocument.load(readFileSync(join(out, 'closer-cover.pdf')));
    expect(doc.getPageCount()).toBe(1);
    const page = doc.getPage(0);
    expect(page.getMediaBox().width / 72).toBeCloseTo(17.55, 3);
    expect(page.getMediaBox().height / 72).toBeCloseTo(11.25, 3);
    const trim = page.getTrimBox();
    expect([trim.x, trim.y, trim.width / 72, trim.height / 72]).toEqual([9, 9, expect.closeTo(17.3, 3), expect.closeTo(11, 3)]);
  });

  it('embeds its fonts, none Type 3', () => {
    const fonts = pdfFonts(join(out, 'closer-cover.pdf'));
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
  });

  it('writes the front cover as an opaque RGB PNG of 1600 × 2560 px', () => {
    const png = readFileSync(join(out, 'closer-cover.png'));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 2560]);
    expect([png[24], png[25]]).toEqual([8, 2]); // 8 bits, colour type 2: RGB, no alpha
  });

  it('asks for the interior first when it cannot count the pages', async () => {
    const empty = tempDir('kindred-cover-empty-');
    const r = await kindredIn(['cover', '--out', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the spine width needs its page count');
    expect(r.stderr).toContain('Run `kindred build` first, or give the page count: kindred cover --pages 120');
  });
});
