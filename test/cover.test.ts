/** The cover: wrap geometry for KDP (pure), the template's words, and the real browser's PDF and PNG. */
import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { withCoverPage } from '../scripts/cover/cover-page.ts';
import { writeCover } from '../scripts/cover/write-cover.ts';
import { FRONT_COVER_PX } from '../scripts/cover/front-cover-png.ts';
import { coverRules } from '../scripts/preflight/cover-rules.ts';
import { inspectCover } from '../scripts/preflight/inspect-cover.ts';
import { coverGeometry } from '../scripts/cover/cover-geometry.ts';
import { backCoverText, coverHtml, typographic } from '../scripts/cover/cover-html.ts';
import { loadBook } from '../scripts/load-book.ts';
import { createTemplateSet, templateDirs } from '../scripts/render-template.ts';
import { parseTrim } from '../scripts/print-rules.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { kindred, kindredIn, sharedBrowser, tempDir, ROOT, type CliResult } from './support/cli.ts';
import { manuscript, MINIMAL_BOOK } from './support/manuscript.ts';
import type { KindredError } from '../scripts/errors.ts';

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
    expect(html).toContain('<h1 class="title" data-fit data-fit-lines="3">Us &amp; &lt;Them&gt;</h1>');
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

  it('passes kindred check --cover: the wrap formula to 0.01 in, text in the safe area, the barcode area clear', () => {
    const r = kindred(['check', '--cover', join(out, 'closer-cover.pdf'), '--pages', '120', '--paper', 'cream']);
    expect(r.code, r.stdout).toBe(0);
    // 0.125 + 8.5 + 120 × 0.0025 + 8.5 + 0.125 = 17.55 in by 11 + 0.25 in.
    expect(r.stdout).toContain('✓ size: sheet 17.550 × 11.250 in, trim 17.300 × 11.000 in');
    expect(r.stdout).toMatch(/✓ safe area: all \d+ pieces of text 0\.125 in inside the trim and 0\.0625 in from the spine folds/);
    expect(r.stdout).toContain('✓ barcode area: clear');
    // The same wrap checked against a 6 × 9 in interior is the wrong size.
    const wrong = kindred(['check', '--cover', join(out, 'closer-cover.pdf'), '--pages', '120', '--paper', 'cream', '--trim', '6x9']);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('✗ size: sheet 17.550 × 11.250 in, but 12.550 × 9.250 in');
  });

  it('refuses an unknown --trim before starting the browser', () => {
    const r = kindred(['cover', '--out', out, '--pages', '120', '--trim', '6by9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('unknown trim size "6by9"');
  });

  it('asks for the interior first when it cannot count the pages', async () => {
    const empty = tempDir('kindred-cover-empty-');
    const r = await kindredIn(['cover', '--out', empty]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the spine width needs its page count');
    expect(r.stderr).toContain('Run `kindred build` first, or give the page count: kindred cover --pages 120');
  });
});

describe('a cover made for the interior it wraps', () => {
  it('takes the trim and page count from a 6 × 9 in interior and passes check --cover', async () => {
    const out = tempDir('kindred-cover-6x9-');
    const interior = await PDFDocument.create();
    for (let i = 0; i < 100; i++) interior.addPage([432, 648]).setTrimBox(0, 0, 432, 648);
    writeFileSync(join(out, 'closer.pdf'), await interior.save());
    const r = kindred(['cover', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    // 0.125 + 6 + 100 × 0.002252 + 6 + 0.125 = 12.475 in; 9.25 in tall.
    const width = 0.125 + 6 + 100 * 0.002252 + 6 + 0.125;
    const page = (await PDFDocument.load(readFileSync(join(out, 'closer-cover.pdf')))).getPage(0);
    expect(Math.abs(page.getMediaBox().width / 72 - width)).toBeLessThan(0.01);
    expect(Math.abs(page.getMediaBox().height / 72 - 9.25)).toBeLessThan(0.01);
    const check = kindred(['check', '--cover', join(out, 'closer-cover.pdf'), join(out, 'closer.pdf')]);
    expect(check.code, check.stdout).toBe(0);
    expect(check.stdout).toContain('(0.125 + 6 + spine 0.225 + 6 + 0.125 in wide, 100 pages on white paper)');
    rmSync(out, { recursive: true, force: true });
  });
});

describe('a 60-character title', () => {
  const TITLE = 'The Long Conversation: Communication and Intimacy for Us Two';
  const book = { ...loadBook(join(ROOT, 'manuscript')), title: TITLE, cover: { authorBio: 'Maya Ellison is a couples counselor who has spent fifteen years helping partners talk, listen and find their way back to each other.' } };
  const templates = createTemplateSet(templateDirs());
  const roots = { templates, manuscriptDir: book.manuscriptDir };

  it('is 60 characters long', () => expect(TITLE.length).toBe(60));

  it('fits the e-book front cover: no line wider than its box, nothing past the padding', async () => {
    const width = FRONT_COVER_PX.width / 2;
    const height = FRONT_COVER_PX.height / 2;
    const html = coverHtml(book, templates, { kind: 'front', widthPx: width, heightPx: height });
    const m = await withCoverPage(sharedBrowser(), html, roots, (page) =>
      page.evaluate(() => {
        const inner = document.querySelector('.front-inner')!;
        const style = getComputedStyle(inner);
        const r = inner.getBoundingClientRect();
        const box = { left: r.left + Number.parseFloat(style.paddingLeft), right: r.right - Number.parseFloat(style.paddingRight), top: r.top, bottom: r.bottom };
        return ['.title', '.subtitle', '.author'].map((sel) => {
          const el = document.querySelector<HTMLElement>(sel)!;
          const range = document.createRange();
          range.selectNodeContents(el);
          const ink = range.getBoundingClientRect();
          return { sel, ink: [ink.left, ink.right, ink.top, ink.bottom], box, overflow: el.scrollWidth - el.clientWidth, inside: ink.left >= box.left - 0.5 && ink.right <= box.right + 0.5 && ink.top >= box.top && ink.bottom <= box.bottom, lines: Math.round(el.getBoundingClientRect().height / Number.parseFloat(getComputedStyle(el).lineHeight)), size: Number.parseFloat(getComputedStyle(el).fontSize) };
        });
      }),
      { width, height, deviceScaleFactor: 1 },
    );
    for (const e of m) {
      expect(e.overflow, e.sel).toBeLessThanOrEqual(0);
      expect(e.inside, JSON.stringify(e)).toBe(true);
    }
    const title = m.find((e) => e.sel === '.title')!;
    expect(title.lines).toBeLessThanOrEqual(3);
    expect(title.size).toBeGreaterThan(40); // still display type, not shrunk to nothing
  });

  it('fits the printed front at 6 × 9 in: kindred check --cover finds every piece of text in the safe area', async () => {
    const dir = tempDir('kindred-cover-long-');
    const g = coverGeometry(SIX_BY_NINE, 120, 'white');
    const file = join(dir, 'long-cover.pdf');
    await writeCover(sharedBrowser(), book, templates, g, file);
    const facts = await inspectCover(file);
    const findings = coverRules(facts, g);
    expect(findings.filter((f) => !f.ok)).toEqual([]);
    // The whole title is on the front, set in full: every word of it is there.
    const frontText = facts.text.filter((t) => t.box.x0 > g.front.xIn * 72).map((t) => t.str).join(' ');
    for (const word of TITLE.split(/\s+/)) expect(frontText).toContain(word);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('cover fields in book.yaml', () => {
  const withCover = (cover: string) => manuscript({ 'book.yaml': `${MINIMAL_BOOK}cover:\n${cover}`, '01-one.md': '# One\n\nText.\n' });
  const error = (dir: string) => {
    try {
      loadBook(dir);
    } catch (e) {
      return (e as KindredError).format(dir);
    }
    return '';
  };

  it('names the line of an image that is not an image or not there, and of an unknown field', () => {
    expect(error(withCover('  image: art.gif\n'))).toMatch(/book\.yaml:8:10: field "cover\.image": must name a JPEG, PNG, WebP or SVG file/);
    expect(error(withCover('  authorPhoto: me.jpg\n'))).toMatch(/book\.yaml:8:16: cover image not found: me\.jpg/);
    expect(error(withCover('  blurb: Hello\n'))).toMatch(/book\.yaml:8:3: unknown field "cover\.blurb"/);
  });

  it('accepts an author bio, photo and publisher mark that exist', () => {
    const dir = withCover('  authorBio: A counselor.\n  authorPhoto: me.png\n  publisherLogo: mark.svg\n');
    writeFileSync(join(dir, 'me.png'), Buffer.from('x'));
    writeFileSync(join(dir, 'mark.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const book = loadBook(dir);
    expect(book.cover).toEqual({ authorBio: 'A counselor.', authorPhoto: 'me.png', publisherLogo: 'mark.svg' });
    const html = coverHtml(book, createTemplateSet(templateDirs()), { kind: 'wrap', geometry: coverGeometry(SIX_BY_NINE, 120, 'white') });
    expect(html).toContain('About the author');
    expect(html).toMatch(/<img class="author-photo" src="file:\/\/[^"]+\/me\.png"/);
    expect(html).toMatch(/<img class="publisher-logo" src="file:\/\/[^"]+\/mark\.svg"/);
  });
});
