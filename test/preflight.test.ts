/** Preflight: the rules on hand-made facts, then `kindred check` on PDFs made wrong on purpose and on the real book. */
import { describe, expect, it, beforeAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFString, StandardFonts, type PDFFont } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { fontBytes } from '../scripts/fonts.ts';
import { preflight, passes, type Finding } from '../scripts/preflight/preflight-rules.ts';
import { inspectPdf } from '../scripts/preflight/inspect-pdf.ts';
import type { PageFacts, PdfFacts } from '../scripts/preflight/facts.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { kindredIn, tempDir } from './support/cli.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const IN = 72;
const TRIM = { x0: 0, y0: 0, x1: 6 * IN, y1: 9 * IN };

/** Facts for a book whose text keeps `inside` in from the binding edge and 0.75 in elsewhere. */
function facts(pageCount: number, tweak: (page: PageFacts) => void = () => {}): PdfFacts {
  const pages = Array.from({ length: pageCount }, (_, i): PageFacts => {
    const odd = (i + 1) % 2 === 1;
    const [inside, outside] = [0.875 * IN, 0.75 * IN];
    const page: PageFacts = {
      number: i + 1,
      mediaBox: TRIM,
      trimBox: TRIM,
      trimBoxSet: true,
      rotate: 0,
      annotations: [],
      blank: false,
      textBox: { x0: odd ? inside : outside, x1: TRIM.x1 - (odd ? outside : inside), y0: 0.75 * IN, y1: TRIM.y1 - 0.75 * IN },
    };
    tweak(page);
    return page;
  });
  const font = { name: 'AAAAAA+SourceSerif4-Regular', subtype: 'Type0', descendant: 'CIDFontType2', embedded: true, firstPage: 1 };
  return { file: 'book.pdf', bytes: 1, pageCount, encrypted: false, pages, fonts: [font], images: [], bookmarks: 0, formFields: 0, javascript: [] };
}

const failed = (findings: Finding[]) => findings.filter((f) => !f.ok).map((f) => `${f.rule}: ${f.message}`);
const finding = (findings: Finding[], rule: string) => findings.find((f) => f.rule === rule)!;

describe('preflight rules', () => {
  it('passes a book with good margins, embedded fonts and nothing interactive', () => {
    const findings = preflight(facts(120), { paper: 'white' });
    expect(failed(findings)).toEqual([]);
    expect(passes(findings)).toBe(true);
  });

  it('reports the worst page when the gutter is too narrow for the page count', () => {
    const findings = preflight(
      facts(120, (p) => {
        if (p.number === 37) p.textBox!.x0 = 0.21 * IN;
        if (p.number === 40) p.textBox!.x1 = TRIM.x1 - 0.3 * IN;
      }),
      { paper: 'white' },
    );
    expect(finding(findings, 'gutter').message).toBe('page 37 text starts 0.21 in from the binding edge; 0.375 in needed for 120 pages (2 pages too narrow)');
    expect(passes(findings)).toBe(false);
  });

  it('needs a wider gutter as the page count grows', () => {
    // 0.45 in is enough for 150 pages, not for 151 (KDP: 0.5 in from 151 pages).
    const narrow = (p: PageFacts) => {
      if (p.number % 2) p.textBox!.x0 = 0.45 * IN;
    };
    expect(finding(preflight(facts(150, narrow), { paper: 'white' }), 'gutter').ok).toBe(true);
    expect(finding(preflight(facts(152, narrow), { paper: 'white' }), 'gutter').message).toMatch(/0\.45 in from the binding edge; 0\.5 in needed for 152 pages/);
  });

  it('measures the outer margins against 0.375 in once the pages bleed', () => {
    const bleed = (p: PageFacts) => {
      const odd = p.number % 2 === 1;
      p.mediaBox = { x0: 0, y0: 0, x1: 6.125 * IN, y1: 9.25 * IN };
      p.trimBox = { x0: odd ? 0 : 0.125 * IN, y0: 0.125 * IN, x1: (odd ? 6 : 6.125) * IN, y1: 9.125 * IN };
      p.textBox = { x0: p.trimBox.x0 + 0.875 * IN, x1: p.trimBox.x1 - 0.75 * IN, y0: p.trimBox.y0 + 0.3 * IN, y1: p.trimBox.y1 - 0.75 * IN };
      if (!odd) [p.textBox.x0, p.textBox.x1] = [p.trimBox.x0 + 0.75 * IN, p.trimBox.x1 - 0.875 * IN];
    };
    const findings = preflight(facts(24, bleed), { paper: 'white' });
    expect(finding(findings, 'bleed').message).toBe('0.125 in on the outside, top and bottom');
    expect(failed(findings)).toEqual(['margin-bottom: page 1 text comes 0.3 in from the bottom edge; 0.375 in needed with bleed (24 pages too narrow)']);
  });

  it('fails unembedded and Type 3 fonts, annotations, bookmarks, forms, JavaScript, encryption, odd page counts', () => {
    const f = facts(25, (p) => {
      if (p.number === 2) p.annotations = ['Link', 'Link', 'Widget'];
    });
    f.fonts.push({ name: 'Helvetica', subtype: 'Type1', embedded: false, firstPage: 3 }, { name: 'Type3Font', subtype: 'Type3', embedded: true, firstPage: 4 });
    Object.assign(f, { bookmarks: 3, formFields: 1, javascript: ['OpenAction'], encrypted: true });
    const rules = preflight(f, { paper: 'white' }).filter((x) => !x.ok).map((x) => x.rule);
    expect(rules).toEqual(['page-count', 'fonts-embedded', 'fonts-type3', 'annotations', 'bookmarks', 'forms', 'javascript', 'encryption']);
    expect(finding(preflight(f, { paper: 'white' }), 'annotations').message).toBe('3 annotations (2 Link, 1 Widget) on page 2; print files must have none');
  });

  it('only warns about short books, low-resolution images and runs of blank pages', () => {
    const f = facts(12, (p) => {
      if (p.number >= 4 && p.number <= 6) [p.blank, p.textBox] = [true, undefined];
    });
    f.images.push({ page: 2, id: 'img_p1_1', widthPx: 600, heightPx: 600, drawnWidthPt: 4 * IN, drawnHeightPt: 4 * IN, dpi: 150 });
    const findings = preflight(f, { paper: 'cream' });
    expect(failed(findings)).toEqual([
      'page-count-kdp: 12 pages: KDP prints paperbacks of 24 pages or more',
      'blank-pages: pages 4–6 are blank (3 in a row); KDP allows 2 in a row before the end',
      'images: 1 of 1 image below 300 DPI; the lowest on page 2: 600 × 600 px drawn 4 × 4 in = 150 DPI',
    ]);
    expect(passes(findings)).toBe(true);
    expect(finding(findings, 'spine').message).toBe('0.030 in on cream paper (12 × 0.0025 in); no spine text below 79 pages');
  });
});

// ---- PDFs made wrong on purpose -------------------------------------------------------------

type Flaw = 'none' | 'helvetica' | 'gutter' | 'link' | 'odd' | 'bookmarks' | 'lowres';

/** A tiny RGB PNG (solid colour), for the low-resolution image fixture. */
function png(size: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    let c = 0xffffffff;
    for (const b of body) {
      c ^= b;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE((c ^ 0xffffffff) >>> 0);
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.concat(Array.from({ length: size }, () => Buffer.from([0, ...Array(size * 3).fill(128)])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A 6 × 9 in book of 24 pages (25 for 'odd'), text 0.875 in from the binding edge, with one flaw. */
async function makePdf(flaw: Flaw): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  // Source Serif 4 as WOFF 1.0: fontkit reads it and pdf-lib embeds a TrueType subset (FontFile2).
  const serif = await doc.embedFont(await fontBytes('Source Serif 4', 400, 'normal'), { subset: false });
  const helvetica = await doc.embedFont(StandardFonts.Helvetica);
  const count = flaw === 'odd' ? 25 : 24;
  for (let n = 1; n <= count; n++) {
    const page = doc.addPage([6 * IN, 9 * IN]);
    page.setTrimBox(0, 0, 6 * IN, 9 * IN);
    const font: PDFFont = flaw === 'helvetica' && n === 5 ? helvetica : serif;
    const line = `Page ${n}: closeness is built one honest moment at a time.`;
    const width = font.widthOfTextAtSize(line, 10);
    const inside = flaw === 'gutter' && n === 3 ? 0.1 * IN : 0.875 * IN;
    const x = n % 2 === 1 ? inside : 6 * IN - inside - width;
    for (let y = 8 * IN; y > 1 * IN; y -= 14) page.drawText(line, { x, y, size: 10, font });
    if (flaw === 'lowres' && n === 2) page.drawImage(await doc.embedPng(png(150)), { x: 1 * IN, y: 3 * IN, width: 4 * IN, height: 4 * IN });
    if (flaw === 'link' && n === 7) {
      const link = doc.context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [72, 72, 200, 90], Border: [0, 0, 0], A: { S: 'URI', URI: PDFString.of('https://example.com') } });
      page.node.set(PDFName.of('Annots'), doc.context.obj([doc.context.register(link)]));
    }
  }
  if (flaw === 'bookmarks') {
    const outlines = doc.context.nextRef();
    const item = doc.context.register(doc.context.obj({ Title: PDFString.of('Chapter 1'), Parent: outlines, Dest: [doc.getPage(0).ref, PDFName.of('Fit')] }));
    doc.context.assign(outlines, doc.context.obj({ Type: 'Outlines', First: item, Last: item, Count: 1 }));
    doc.catalog.set(PDFName.of('Outlines'), outlines);
  }
  return doc.save();
}

describe('kindred check on PDFs made wrong on purpose', () => {
  const dir = tempDir('kindred-preflight-');
  const file = (flaw: Flaw) => join(dir, `${flaw}.pdf`);
  beforeAll(async () => {
    for (const flaw of ['none', 'helvetica', 'gutter', 'link', 'odd', 'bookmarks', 'lowres'] as Flaw[]) writeFileSync(file(flaw), await makePdf(flaw));
  });
  const check = (flaw: Flaw) => kindredIn(['check', file(flaw)]);

  it('passes the good one, with every check listed', async () => {
    const result = await check('none');
    // Only the progress line on stderr: no warning, no error.
    expect(result.stderr.trim()).toMatch(/^• checking \S+none\.pdf$/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ page size: trim 6 × 9 in (TrimBox), sheet 6 × 9 in, the same on all 24 pages');
    expect(result.stdout).toContain('✓ gutter: text keeps 0.875 in from the binding edge at the least (page ');
    expect(result.stdout).toContain('); 0.375 in needed for 24 pages');
    expect(result.stdout).toMatch(/✓ fonts embedded: the only font embedded \(1 Type0\/CIDFontType2\)/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('ready for print-on-demand');
  });

  it('fails an unembedded font (pdf-lib standard Helvetica), as pdffonts sees it too', async () => {
    expect(pdfFonts(file('helvetica')).find((f) => f.name === 'Helvetica')?.embedded).toBe(false);
    const result = await check('helvetica');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ fonts embedded: 1 of 2 fonts not embedded: Helvetica (Type1, page 5)');
  });

  it('fails text 0.1 in from the inside edge', async () => {
    const result = await check('gutter');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ gutter: page 3 text starts 0.1 in from the binding edge; 0.375 in needed for 24 pages');
  });

  it('fails a link annotation', async () => {
    const result = await check('link');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ annotations: 1 annotation (1 Link) on page 7; print files must have none');
  });

  it('fails an odd page count and bookmarks', async () => {
    const odd = await check('odd');
    expect(odd.stdout).toContain('✗ page count: 25 pages: print-on-demand needs an even page count (add a blank last page)');
    expect(odd.code).toBe(1);
    expect((await check('bookmarks')).stdout).toContain('✗ bookmarks: 1 top-level bookmark;');
  });

  it('warns about a 150 DPI image but passes', async () => {
    const result = await check('lowres');
    expect(result.stdout).toContain('! image resolution: 1 of 1 image below 300 DPI; the lowest on page 2: 150 × 150 px drawn 4 × 4 in = 38 DPI');
    expect(result.code).toBe(0);
  });

  it.skipIf(!spawnSync('gs', ['--version']).stdout)('fails an encrypted file', async () => {
    const encrypted = join(dir, 'encrypted.pdf');
    execFileSync('gs', ['-q', '-dNOPAUSE', '-dBATCH', '-sDEVICE=pdfwrite', '-sOwnerPassword=owner', '-sUserPassword=', '-o', encrypted, file('none')]);
    const result = await kindredIn(['check', encrypted]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ encryption: the PDF is encrypted');
  });

  it('prints facts and findings as JSON', async () => {
    const result = await kindredIn(['check', file('link'), '--json']);
    const json = JSON.parse(result.stdout);
    expect(json.ok).toBe(false);
    expect(json.facts.pages[6].annotations).toEqual(['Link']);
    expect(json.findings.find((f: Finding) => f.rule === 'annotations').ok).toBe(false);
  });

  it('says what to do when there is no PDF', async () => {
    const result = await kindredIn(['check', join(dir, 'missing.pdf')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/error: no PDF at .*missing\.pdf\n {2}Run `kindred build` first/);
  });
});

describe('kindred check on the built book', () => {
  it('passes every print-on-demand rule', async () => {
    const pdf = join(sample.dir, 'closer.pdf');
    const result = await kindredIn(['check', pdf]);
    expect(result.stdout).not.toContain('✗');
    expect(result.code).toBe(0);
    const f = await inspectPdf(pdf);
    expect(f.fonts.every((font) => font.embedded && font.subtype !== 'Type3')).toBe(true);
  });
});
