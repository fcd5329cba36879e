/** Colour: the content-stream reader, the rewrites made before PDF/X, and `kindred check`'s colour rules. */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cmyk, grayscale, PDFDict, PDFDocument, PDFName, PDFString, rgb, type Color } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { fontBytes } from '../scripts/fonts.ts';
import { parseContentStream } from '../scripts/pdf/content-stream.ts';
import { neutralRgbToGray } from '../scripts/pdf/neutral-to-gray.ts';
import { parseToUnicode, writeToUnicode } from '../scripts/pdf/to-unicode.ts';
import { textColourKind } from '../scripts/preflight/inspect-drawing.ts';
import { inkRule, pdfxRule, textColourRule } from '../scripts/preflight/colour-rules.ts';
import type { ColourFacts } from '../scripts/preflight/facts.ts';
import { inspectPdf } from '../scripts/preflight/inspect-pdf.ts';
import { passes, preflight } from '../scripts/preflight/preflight-rules.ts';
import { formatReport } from '../scripts/preflight/report.ts';
import type { Paper } from '../scripts/print-rules.ts';
import { tempDir } from './support/cli.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));

describe('content streams', () => {
  it('reads operators with their operands, skipping strings, dictionaries and inline images', () => {
    const ops = parseContentStream(bytes('q 0.5 0.5 0.5 rg BT /F1 10 Tf (1 1 1 rg \\) ) Tj [<0041> -20 (B)] TJ ET /P <</MCID 3>> BDC EMC BI /W 1 /H 1 ID \x00 rg EI Q'));
    expect(ops.map((o) => o.operator)).toEqual(['q', 'rg', 'BT', 'Tf', 'Tj', 'TJ', 'ET', 'BDC', 'EMC', 'BI', 'ID', 'EI', 'Q']);
    expect(ops[1].operands).toEqual([0.5, 0.5, 0.5]);
    expect(ops[4].operands).toEqual(['1 1 1 rg \\) ']);
    expect(ops[5].operands).toEqual([[{ hex: '0041' }, -20, 'B']]);
  });

  it('rewrites neutral RGB as grey and leaves colours alone', () => {
    const out = neutralRgbToGray(bytes('.102 .102 .102 rg 0 0 0 RG .4784 .2314 .2314 rg (.5 .5 .5 rg) Tj'));
    expect(Buffer.from(out!).toString('latin1')).toBe('0.102 g 0 G .4784 .2314 .2314 rg (.5 .5 .5 rg) Tj');
    expect(neutralRgbToGray(bytes('1 0 0 rg'))).toBeUndefined();
  });

  it('spells a ToUnicode map out as bfchar entries, ranges and arrays expanded', () => {
    // Chromium's map for an en and an em dash, as Ghostscript 10.0 garbles it.
    const cmap = '1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfchar\n<0001> <0020>\nendbfchar\n2 beginbfrange\n<00B3> <00B4> <2013>\n<00C0> <00C1> [<201C> <0066006C>]\nendbfrange';
    const { codespace, map } = parseToUnicode(cmap);
    expect(Object.fromEntries(map)).toEqual({ '0001': '0020', '00B3': '2013', '00B4': '2014', '00C0': '201C', '00C1': '0066006C' });
    const written = writeToUnicode(codespace, map);
    expect(written).toContain('5 beginbfchar\n<0001> <0020>\n<00B3> <2013>\n<00B4> <2014>\n<00C0> <201C>\n<00C1> <0066006C>\nendbfchar');
    expect(written).not.toContain('bfrange');
    // More than 100 entries go in blocks of 100, as the CMap format requires.
    const big = new Map(Array.from({ length: 250 }, (_, i) => [i.toString(16).padStart(4, '0'), '0041']));
    expect(writeToUnicode(codespace, big).match(/\d+ beginbfchar/g)).toEqual(['100 beginbfchar', '100 beginbfchar', '50 beginbfchar']);
  });
});

describe('text colours', () => {
  it('tells black on K from near-black, rich black and RGB', () => {
    expect(textColourKind({ space: 'gray', values: [0] })).toBe('black');
    expect(textColourKind({ space: 'cmyk', values: [0, 0, 0, 1] })).toBe('black');
    expect(textColourKind({ space: 'gray', values: [0.102] })).toBe('near-black');
    expect(textColourKind({ space: 'gray', values: [0.5] })).toBe('gray');
    expect(textColourKind({ space: 'cmyk', values: [0.7, 0.67, 0.66, 0.78] })).toBe('rich-black');
    expect(textColourKind({ space: 'rgb', values: [0, 0, 0] })).toBe('rgb-black');
    expect(textColourKind({ space: 'rgb', values: [0.478, 0.231, 0.231] })).toBe('rgb');
  });

  const facts = (text: ColourFacts['pages'][0]['text'], extra: Partial<ColourFacts> = {}, maxInkPercent = 100): ColourFacts => ({
    outputProfile: false,
    pages: [{ number: 1, text, maxInkPercent, imageSpaces: [] }, { number: 2, text: { black: 3 }, maxInkPercent: 100, imageSpaces: [] }],
    ...extra,
  });

  it('fails rich black text in a black-and-white book, warns in a colour book', () => {
    const rich = facts({ 'rich-black': 12 });
    expect(textColourRule(rich, 'white')).toMatchObject({ ok: false, severity: 'error' });
    expect(textColourRule(rich, 'white').message).toMatch(/^rich black text \(K with C, M and Y under it\) on page 1:/);
    expect(textColourRule(rich, 'color')).toMatchObject({ ok: false, severity: 'warning' });
    expect(textColourRule(facts({ 'near-black': 4 }), 'cream').message).toMatch(/^near-black text .* on page 1: a one-colour press screens it/);
    expect(textColourRule(facts({ 'rgb-black': 4 }), 'white')).toMatchObject({ ok: true, message: 'text in RGB black, 100 % black on 2 pages; no rich black' });
  });

  it('names the PDF/X flavour and holds PDF/X-1a to its promises', () => {
    const x1a = { pdfVersion: '1.3', pdfxVersion: 'PDF/X-1:2001', pdfxConformance: 'PDF/X-1a:2001', outputIntent: 'CGATS TR 001', outputProfile: true };
    expect(pdfxRule(facts({ black: 1 }, x1a), [true, true])).toMatchObject({ ok: true, message: 'PDF/X-1a:2001 (PDF 1.3, output intent CGATS TR 001)' });
    const bad = pdfxRule(facts({ 'rgb-black': 1 }, { ...x1a, pdfVersion: '1.4' }), [true, false]);
    expect(bad.ok).toBe(false);
    expect(bad.message).toBe('claims PDF/X-1a:2001 (PDF 1.4, output intent CGATS TR 001), but PDF 1.4 where PDF/X-1a:2001 allows 1.3 at most; no TrimBox on page 2; RGB or device-independent colour on page 1 (only CMYK, grey and spot colours are allowed)');
    expect(pdfxRule(facts({}, { pdfxVersion: 'PDF/X-3:2002', pdfVersion: '1.3' }), [true, true])).toMatchObject({ ok: false, severity: 'warning' });
    expect(pdfxRule(facts({}), [true, true])).toMatchObject({ ok: true, severity: 'warning' });
  });

  it('fails total ink above 300 %', () => {
    expect(inkRule(facts({}, {}, 340))).toMatchObject({ ok: false, message: '340 % total ink on page 1; printers allow 300 % (page 1 over)' });
    expect(inkRule(facts({}, {}, 280)).ok).toBe(true);
  });
});

describe('kindred check reads the colours of a PDF (in-process: the CLI is run on the PDF/X book)', () => {
  const dir = tempDir('kindred-colour-');
  const file = (name: string) => join(dir, `${name}.pdf`);
  const check = async (name: string, paper: Paper = 'white') => {
    const facts = await inspectPdf(file(name));
    const findings = preflight(facts, { paper });
    return { ok: passes(findings), stdout: formatReport(facts, findings).join('\n') };
  };

  /** Two 6 × 9 in pages of serif text in the given colour, with an optional filled square. */
  async function make(name: string, text: Color, square?: Color, pdfx = false) {
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(await fontBytes('Source Serif 4', 400, 'normal'), { subset: false });
    for (let n = 0; n < 24; n++) {
      const page = doc.addPage([432, 648]);
      page.setTrimBox(0, 0, 432, 648);
      for (let y = 560; y > 80; y -= 14) page.drawText('Closeness is built one honest moment at a time.', { x: 63, y, size: 10, font, color: text });
      if (square && n === 1) page.drawRectangle({ x: 100, y: 100, width: 50, height: 50, color: square });
    }
    if (pdfx) {
      const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict);
      info.set(PDFName.of('GTS_PDFXVersion'), PDFString.of('PDF/X-1:2001'));
      info.set(PDFName.of('GTS_PDFXConformance'), PDFString.of('PDF/X-1a:2001'));
    }
    writeFileSync(file(name), await doc.save());
  }

  beforeAll(async () => {
    await make('rich', cmyk(0.7, 0.67, 0.66, 0.78));
    await make('ink', grayscale(0), cmyk(1, 0.9, 0.9, 0.8));
    await make('claims-x', rgb(0, 0, 0), undefined, true);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fails rich-black text and names the pages', async () => {
    const r = await check('rich');
    expect(r.ok).toBe(false);
    expect(r.stdout).toContain('✗ text colour: rich black text (K with C, M and Y under it) on pages 1, 2, 3, 4, 5, 6 and 18 more');
    expect(r.stdout).toContain('✓ total ink: at most 281 % (page 1); 300 % allowed');
  });

  it('fails a fill of 360 % ink and passes black text', async () => {
    const r = await check('ink');
    expect(r.stdout).toContain('✗ total ink: 360 % total ink on page 2; printers allow 300 % (page 2 over)');
    expect(r.stdout).toContain('✓ text colour: text in 100 % black on 24 pages; no rich black');
  });

  it('fails a file that claims PDF/X-1a but has RGB text, no output intent and PDF 1.7', async () => {
    const r = await check('claims-x');
    expect(r.ok).toBe(false);
    expect(r.stdout).toMatch(/✗ PDF\/X: claims PDF\/X-1a:2001 \(PDF 1\.7, no output intent\), but PDF 1\.7 where PDF\/X-1a:2001 allows 1\.3 at most; the output intent or its ICC profile is missing; RGB or device-independent colour on pages 1, 2/);
  });
});
