/**
 * PDF/X-1a:2001 from the real book (converted in-process: the CLI path is covered in outputs.test.ts):
 * the identification pdfinfo reads, black text on the K plate alone, the text layer intact, the boxes kept.
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, rgb } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { fontBytes } from '../scripts/fonts.ts';
import { toPdfx } from '../scripts/pdf/pdfx.ts';
import { missingInOrder, seedSentences } from './support/seed.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { kindred, tempDir } from './support/cli.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

/** Per page C, M, Y, K coverage from Ghostscript's inkcov device. */
function inkCoverage(file: string): number[][] {
  const out = execFileSync('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', file], { encoding: 'utf8' });
  return out.trim().split('\n').map((line) => line.trim().split(/\s+/).slice(0, 4).map(Number));
}

const boxes = async (file: string) =>
  (await PDFDocument.load(readFileSync(file))).getPages().map((p) => [p.getMediaBox(), p.getTrimBox(), p.getBleedBox()].map((b) => [b.x, b.y, b.width, b.height].map((v) => Math.round(v * 100) / 100)));

describe('--pdfx on the black-and-white book', () => {
  const dir = tempDir('kindred-pdfx-');
  const source = () => join(sample.dir, 'closer.pdf');
  const out = join(dir, 'closer-x1a.pdf');
  beforeAll(async () => {
    writeFileSync(out, await toPdfx(readFileSync(source()), { title: 'Closer', gray: true }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is PDF/X-1a:2001: PDF 1.3, the ISO 15930-1 keys, an output intent with its profile', async () => {
    const info = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    // ISO 15930-1: a PDF/X-1a:2001 file says GTS_PDFXVersion (PDF/X-1:2001) and GTS_PDFXConformance (PDF/X-1a:2001).
    expect(info).toMatch(/PDF subtype:\s+PDF\/X-1:2001/);
    expect(info).toMatch(/Part 1: Complete exchange using CMYK data \(PDF\/X-1 and PDF\/X-1a\)/);
    expect(info).toMatch(/PDF version:\s+1\.3/);
    const doc = await PDFDocument.load(readFileSync(out));
    const infoDict = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
    expect(infoDict.get(PDFName.of('GTS_PDFXConformance'))?.toString()).toBe('(PDF/X-1a:2001)');
    expect(infoDict.get(PDFName.of('GTS_PDFXVersion'))?.toString()).toBe('(PDF/X-1:2001)');
    const intent = doc.context.lookup(doc.catalog.lookup(PDFName.of('OutputIntents'), PDFArray).get(0), PDFDict);
    expect(intent.get(PDFName.of('S'))?.toString()).toBe('/GTS_PDFX');
    expect(intent.get(PDFName.of('OutputConditionIdentifier'))?.toString()).toBe('(CGATS TR 001)');
    expect(intent.has(PDFName.of('DestOutputProfile'))).toBe(true);
  });

  it('has every stream whole: qpdf warns of nothing, Ghostscript reads it without a zlib error', () => {
    const check = spawnSync('qpdf', ['--check', out], { encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout + check.stderr).not.toMatch(/WARNING/);
    expect(execFileSync('gs', ['-q', '-o', '-', '-sDEVICE=inkcov', out], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })).not.toMatch(/error/i);
  });

  it('prints every page on the black plate alone (inkcov: no C, M or Y)', () => {
    const pages = inkCoverage(out);
    expect(pages.length).toBeGreaterThan(40);
    const coloured = pages.flatMap(([c, m, y], i) => (c + m + y > 0 ? [i + 1] : []));
    expect(coloured).toEqual([]);
    expect(pages.filter(([, , , k]) => k > 0.01).length).toBeGreaterThan(40);
  });

  it('keeps the text layer: the seed sentences the source PDF has, en dashes and curly quotes intact', () => {
    const text = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    const before = execFileSync('pdftotext', [source(), '-'], { encoding: 'utf8' });
    // The conversion loses nothing: whatever the interior's own text layer lacks is its matter, not PDF/X's.
    const missing = missingInOrder(seedSentences(), text);
    expect(missing).toEqual(missingInOrder(seedSentences(), before));
    expect(missing.length).toBeLessThan(seedSentences().length / 4);
    expect(text).toContain('1. Emotional Intimacy – The Power of Vulnerability');
    expect(text).toMatch(/“inti\u00ad?macy,”/);
    expect(text).not.toMatch(/Intimacy 3 The Power/);
  });

  it('embeds every font, none Type 3, and keeps the page boxes', async () => {
    expect(pdfFonts(out).filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
    expect(await boxes(out)).toEqual(await boxes(source()));
  });

  it('passes kindred check, which names the standard and the black text', () => {
    const r = kindred(['check', out]);
    expect(r.stdout).toContain('✓ PDF/X: PDF/X-1a:2001 (PDF 1.3, output intent CGATS TR 001)');
    expect(r.stdout).toContain('✓ text colour: text in 100 % black on');
    expect(r.stdout).toContain('✓ total ink: at most 100 %');
    expect(r.code, r.stdout).toBe(0);
  });
});

describe('--pdfx on a colour book', () => {
  it('converts colours to CMYK but keeps black text and neutral greys on K; bleed and trim boxes kept', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(await fontBytes('Source Serif 4', 400, 'normal'));
    // 6 × 9 in with 0.125 in bleed on the outside, top and bottom (KDP).
    for (let n = 0; n < 2; n++) {
      const page = doc.addPage([441, 666]);
      page.setTrimBox(0, 9, 432, 648);
      page.setBleedBox(0, 0, 441, 666);
      for (let y = 600; y > 80; y -= 14) page.drawText('Black text – “quoted” – on the black plate.', { x: 60, y, size: 10, font, color: rgb(0, 0, 0) });
      if (n === 1) page.drawRectangle({ x: 0, y: 0, width: 441, height: 80, color: rgb(0.478, 0.231, 0.231) });
    }
    const dir = tempDir('kindred-pdfx-colour-');
    const file = join(dir, 'colour.pdf');
    writeFileSync(file, await toPdfx(await doc.save(), { title: 'Colour', gray: false }));
    const [textOnly, withColour] = inkCoverage(file);
    expect(textOnly.slice(0, 3)).toEqual([0, 0, 0]);
    expect(textOnly[3]).toBeGreaterThan(0.01);
    expect(withColour[0] + withColour[1] + withColour[2]).toBeGreaterThan(0.01);
    const page = (await PDFDocument.load(readFileSync(file))).getPage(0);
    expect([page.getTrimBox(), page.getBleedBox()].map((b) => [b.x, b.y, b.width, b.height])).toEqual([
      [0, 9, 432, 648],
      [0, 0, 441, 666],
    ]);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Black text – “quoted” – on the black plate.');
    rmSync(dir, { recursive: true, force: true });
  });
});
