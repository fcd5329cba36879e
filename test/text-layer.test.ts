/**
 * The text layer Kindred reads from content streams (scripts/pdf/text-layer.ts, shown-text.ts): checked
 * against what pdf-lib drew, and against pdfjs's text content of the sample book's real Chromium PDF.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, PDFName, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { pageStarts } from '../scripts/pdf/page-map.ts';
import { ShownText } from '../scripts/pdf/shown-text.ts';
import { stringBytes } from '../scripts/pdf/text-layer.ts';
import { drawingOfPage } from '../scripts/preflight/inspect-drawing.ts';
import { useSampleBook } from './support/sample-book.ts';

const FONT = join(import.meta.dirname, '..', 'node_modules', 'source-sans', 'TTF', 'SourceSans3-Regular.ttf');

function shown(doc: PDFDocument, index = 0, options: { maxChars?: number; words?: boolean } = { maxChars: 500, words: true }) {
  const text = new ShownText(options);
  drawingOfPage(doc, index, text.glyph);
  return text;
}

describe('text layer', () => {
  it('places an embedded font’s text where pdf-lib drew it, words apart, with its Unicode text', async () => {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(readFileSync(FONT), { subset: true });
    const page = doc.addPage([300, 200]);
    page.drawText('Hello, wörld', { x: 20, y: 100, size: 12, font });
    page.drawText('Ψ Кириллица', { x: 40, y: 50, size: 20, font });
    const text = shown(await PDFDocument.load(await doc.save()));
    expect(text.text).toBe('Hello, wörld Ψ Кириллица');
    expect(text.words!.map((w) => w.str)).toEqual(['Hello,', 'wörld', 'Ψ', 'Кириллица']);
    const first = text.words![0].box;
    expect(first.x0).toBeCloseTo(20, 3);
    expect(first.y0).toBeCloseTo(100 - 0.25 * 12, 3);
    expect(first.y1).toBeCloseTo(100 + 0.75 * 12, 3);
    expect(first.x1).toBeCloseTo(20 + font.widthOfTextAtSize('Hello,', 12), 2);
    expect(text.box!.x1).toBeCloseTo(40 + font.widthOfTextAtSize('Ψ Кириллица', 20), 2);
    expect(text.box!.y0).toBeCloseTo(50 - 0.25 * 20, 3);
  });

  it('follows TJ adjustments, Tz, Tc, rise, q/Q and literal-string escapes', async () => {
    const doc = await PDFDocument.create();
    const helvetica = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([300, 200]);
    page.node.setFontDictionary(PDFName.of('F1'), helvetica.ref);
    // Helvetica left unembedded has no /Widths: half an em a glyph. 10 pt: each glyph 5 pt, Tz 50 halves it.
    const ops = 'BT /F1 10 Tf 10 20 Td (a\\(b\\)) Tj [(c) -1000 (d)] TJ ET q 2 0 0 2 0 0 cm BT /F1 10 Tf 50 0 Td 50 Tz 2 Tc 3 Ts (xy) Tj ET Q';
    page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream(ops)));
    const text = shown(await PDFDocument.load(await doc.save()));
    // a ( b ) c: 5 glyphs, 25 pt; then 10 pt of TJ gap before d, a word apart.
    expect(text.words!.map((w) => [w.str, Math.round(w.box.x0), Math.round(w.box.x1)])).toEqual([
      ['a(b)c', 10, 35],
      ['d', 45, 50],
      // In user space scaled 2×, from x 50: x is 2.5 wide at Tz 50, Tc 2 adds 1 (scaled by Tz too), so y starts at 53.5.
      ['xy', 100, 100 + 2 * (2.5 + 1 + 2.5)],
    ]);
    expect(text.words![2].box.y0).toBeCloseTo(2 * (3 - 2.5), 3);
    const bytes = (operand: Parameters<typeof stringBytes>[0]) => [...(stringBytes(operand) ?? [])];
    expect(bytes('\\101\\n\\\\x')).toEqual([0x41, 10, 0x5c, 0x78]);
    expect(bytes({ hex: '4142F' })).toEqual([0x41, 0x42, 0xf0]);
  });

  describe('on the sample book’s print PDF, against pdfjs', () => {
    const sample = useSampleBook();

    it('gives every page the same text box and the same first words', async () => {
      const data = new Uint8Array(readFileSync(join(sample.dir, 'closer.pdf')));
      const doc = await PDFDocument.load(data);
      const pdf = await getDocument({ data: new Uint8Array(data), verbosity: 0, useSystemFonts: false, disableFontFace: true }).promise;
      const starts = pageStarts(doc);
      const letters = (s: string) => s.normalize('NFKC').replace(/[^\p{L}\p{N}]/gu, '');
      let withText = 0;
      for (let i = 0; i < doc.getPageCount(); i++) {
        const items = (await (await pdf.getPage(i + 1)).getTextContent()).items.filter((t) => 'str' in t);
        let box: { x0: number; y0: number; x1: number; y1: number } | undefined;
        for (const item of items) {
          const visible = item.str.trimEnd();
          if (!visible.trim()) continue;
          const [a, b, c, d, e, f] = item.transform;
          const run = Math.hypot(a, b) || 1;
          const width = item.width * (visible.length / item.str.length);
          for (const [t, s] of [[0, -0.25], [0, 0.75], [1, -0.25], [1, 0.75]]) {
            const x = e + (t * a * width) / run + s * c;
            const y = f + (t * b * width) / run + s * d;
            box = box ? { x0: Math.min(box.x0, x), y0: Math.min(box.y0, y), x1: Math.max(box.x1, x), y1: Math.max(box.y1, y) } : { x0: x, y0: y, x1: x, y1: y };
          }
        }
        const mine = shown(doc, i, {}).box;
        expect(!!mine, `page ${i + 1} has text`).toBe(!!box);
        if (!box || !mine) continue;
        withText++;
        for (const k of ['x0', 'y0', 'x1', 'y1'] as const) expect(Math.abs(mine[k] - box[k]), `page ${i + 1} ${k}`).toBeLessThan(0.05);
        const text = items.map((t) => t.str + (t.hasEOL ? ' ' : '')).join('');
        expect(letters(starts[i]).slice(0, 120), `page ${i + 1}`).toBe(letters(text).slice(0, 120));
      }
      await pdf.destroy();
      expect(withText).toBeGreaterThan(50);
    });
  });
});
