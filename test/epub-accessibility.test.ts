/**
 * The EPUB for every reader, on the book the global setup built (print PDF and EPUB in one run):
 * axe-core over every document, the layout at e-reader and phone sizes, the semantics, the print page
 * numbers against the print PDF, and the second validator. Then a manuscript that skips a heading level.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBrowser } from '../scripts/browser.ts';
import { loadProject } from '../scripts/load-project.ts';
import { renderChapter } from '../scripts/render-chapter.ts';
import { bookFonts } from '../scripts/fonts.ts';
import { writeEpub } from '../scripts/write-epub.ts';
import { readCss } from '../scripts/pdf/print-css.ts';
import { ROOT, tempDir } from './support/cli.ts';
import { normalise } from './support/seed.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const dir = tempDir('kindred-epub-a11y-');
const file = (name: string) => readFileSync(join(dir, 'OEBPS', name), 'utf8');
let spine: string[] = [];
let opf: string;
/** One browser for this file: the build's axe check and the rendering checks. */
const browser = createBrowser();
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

beforeAll(async () => {
  const zip = await JSZip.loadAsync(readFileSync(join(sample.dir, 'closer.epub')));
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    mkdirSync(dirname(join(dir, entry.name)), { recursive: true });
    writeFileSync(join(dir, entry.name), await entry.async('uint8array'));
  }
  opf = file('content.opf');
  const manifest = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]));
  spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => manifest.get(m[1])!);
});
afterAll(async () => {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (name: string) => pathToFileURL(join(dir, 'OEBPS', name)).href;

describe('the sample book as EPUB', () => {
  it('claims WCAG 2.2 AA after its checks found nothing, and axe-core agrees', async () => {
    expect(opf).toContain('<meta property="dcterms:conformsTo" id="conformance">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>');
    expect(opf).toMatch(/accessibilitySummary">[^<]*Checked with axe-core/);
    expect(sample.log).not.toMatch(/accessibility problem|\[heading-order\]/);
    const violations = await browser.withPage({ allowRoots: [dir] }, async (page) => {
      const found: string[] = [];
      // The build ran axe over every document (its claim above says so); this runs it again, independently, over one of each kind.
      for (const name of ['cover.xhtml', 'title-page.xhtml', 'toc.xhtml', 'chapter-5.xhtml', 'chapter-6.xhtml']) {
        await page.goto(url(name), { waitUntil: 'load' });
        await page.evaluate(axeSource);
        const ids = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<{ violations: { id: string }[] }> } }).axe;
          const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, rules: { 'heading-order': { enabled: true } } });
          return result.violations.map((v) => v.id);
        });
        found.push(...ids.map((id) => `${name}: ${id}`));
      }
      return found;
    });
    expect(spine.length).toBeGreaterThan(10);
    expect(violations).toEqual([]);
  });

  it('fits e-reader and phone screens: the whole cover visible, nothing wider than the screen, even at 320 px in large type', async () => {
    const sizes = [
      { width: 600, height: 800, fontSize: '' },
      { width: 390, height: 844, fontSize: '' },
      { width: 320, height: 640, fontSize: '200%' },
    ];
    const problems = await browser.withPage({ allowRoots: [dir] }, async (page) => {
      const out: string[] = [];
      for (const size of sizes) {
        await page.setViewport({ width: size.width, height: size.height });
        // Chapters 6 and 7 hold the longest words and the widest worksheets.
        const docs = size.fontSize ? ['chapter-6.xhtml', 'chapter-7.xhtml'] : ['cover.xhtml', 'chapter-5.xhtml', 'chapter-7.xhtml'];
        for (const name of docs) {
          await page.goto(url(name), { waitUntil: 'load' });
          const m = await page.evaluate((fontSize) => {
            if (fontSize) document.documentElement.style.fontSize = fontSize;
            const svg = document.querySelector('svg')?.getBoundingClientRect();
            return { scrollWidth: document.documentElement.scrollWidth, scrollHeight: document.documentElement.scrollHeight, svg: svg && { top: svg.top, bottom: svg.bottom, width: svg.width } };
          }, size.fontSize);
          const at = `${name} at ${size.width}×${size.height}${size.fontSize ? ` ${size.fontSize}` : ''}`;
          if (m.scrollWidth > size.width) out.push(`${at}: ${m.scrollWidth} px wide`);
          if (name === 'cover.xhtml') {
            if (!m.svg || m.svg.top < 0 || m.svg.bottom > size.height || m.svg.width > size.width) out.push(`${at}: cover box ${JSON.stringify(m.svg)}`);
            if (m.scrollHeight > size.height) out.push(`${at}: cover page ${m.scrollHeight} px tall`);
          }
        }
      }
      return out;
    });
    expect(problems).toEqual([]);
    expect(file('cover.xhtml')).toMatch(/<svg [^>]*viewBox="0 0 1600 2560" preserveAspectRatio="xMidYMid meet"/);
    expect(opf).toMatch(/href="cover\.xhtml" media-type="application\/xhtml\+xml" properties="svg"/);
  });

  it('says what things are: named callouts, the pull quote as a quotation, a title-page heading, landmarks, one title', () => {
    const chapter5 = file('chapter-5.xhtml');
    expect(chapter5).toMatch(/<section class="callout callout-example" aria-labelledby="(chapter-5-callout-2)"><p class="callout-label" id="\1">Example<\/p>/);
    // A page that begins with a callout has its marker before the label, outside the callout's name.
    expect(chapter5).not.toMatch(/class="callout-label"[^>]*><span[^>]*pagebreak/);
    // The pull quote is a quotation, not a labelled box: no "Quote" label to read out.
    expect(chapter5).toMatch(/<blockquote class="callout callout-quote"><p>&#x201C;True intimacy happens/);
    expect(chapter5).not.toMatch(/>Quote</);
    expect(chapter5).not.toMatch(/<div class="callout/);
    expect(chapter5).toContain('A sign you recognise here is not a verdict');
    expect(chapter5).not.toContain('A tick here');
    expect(file('title-page.xhtml')).toMatch(/<h1 class="title">Closer<\/h1>/);
    const nav = file('toc.xhtml');
    for (const [type, href] of [['copyright-page', 'copyright.xhtml'], ['lot', 'worksheets.xhtml'], ['titlepage', 'title-page.xhtml']]) expect(nav).toContain(`<a epub:type="${type}" href="${href}">`);
    const title = /<dc:title id="title">([^<]+)<\/dc:title>/.exec(opf)![1];
    expect(file('toc.ncx')).toContain(`<docTitle><text>${title}</text></docTitle>`);
    const css = file('style.css');
    expect(css).toMatch(/body \{[^}]*hyphens: auto;[^}]*overflow-wrap: break-word/);
    expect(css).toMatch(/h1, h2, h3, h4 \{[^}]*hyphens: none/);
  });

  it('marks every printed body page where it begins, with the folio the print PDF shows there', () => {
    const pdf = join(sample.dir, 'closer.pdf');
    const pdfPages = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 }).split('\f').slice(0, -1);
    // The folio sits at the outer end of the head line, two or more spaces from the running head.
    const folios = pdfPages.map((text) => {
      const head = text.split('\n').find((l) => l.trim()) ?? '';
      const m = /^\s*(\d+)\s{2,}\S/.exec(head) ?? /\S\s{2,}(\d+)\s*$/.exec(head);
      return m ? Number(m[1]) : undefined;
    });
    const numbered = folios.map((f, i) => ({ f, i })).filter((p): p is { f: number; i: number } => p.f !== undefined);
    const offset = numbered[0].i + 1 - numbered[0].f;
    expect(numbered.every((p) => p.i + 1 - p.f === offset)).toBe(true);
    const bodyPages = pdfPages.length - offset;

    const nav = file('toc.xhtml');
    const list = /<nav epub:type="page-list"[\s\S]*?<\/nav>/.exec(nav)![0];
    const entries = [...list.matchAll(/<a href="([^"#]+)#([^"]+)">([^<]+)<\/a>/g)].map((m) => ({ file: m[1], id: m[2], label: m[3] }));
    expect(entries.map((e) => Number(e.label))).toEqual(Array.from({ length: bodyPages }, (_, i) => i + 1));
    const ncx = file('toc.ncx');
    expect(ncx).toContain(`<meta name="dtb:totalPageCount" content="${bodyPages}"/>`);
    expect(ncx.match(/<pageTarget /g)).toHaveLength(bodyPages);
    expect(opf).toMatch(/<dc:source id="page-source">[^<]+print edition[^<]*<\/dc:source>\s*<meta refines="#page-source" property="source-of">pagination<\/meta>/);

    const text = (xhtml: string) => normalise(xhtml.replace(/<[^>]+>/g, ' ').replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16))));
    let exact = 0;
    let printOnlyPages = 0;
    const misplaced: string[] = [];
    for (const { f, i } of numbered) {
      const entry = entries[f - 1];
      const xhtml = file(entry.file);
      const marker = new RegExp(`<span id="${entry.id}" epub:type="pagebreak" role="doc-pagebreak" title="(\\d+)"[^>]*/>`).exec(xhtml);
      expect(marker?.[1], `page ${f}`).toBe(String(f));
      // The words after the marker are on that page of the print PDF, unless the page starts with words
      // the EPUB does not have (a worksheet's print-only grid or second copy).
      const after = text(xhtml.slice(marker!.index + marker![0].length)).slice(0, 20);
      const printed = normalise(pdfPages[i]);
      const pageStart = normalise(pdfPages[i].split('\n').filter((l) => l.trim()).slice(1).join(' ')).slice(0, 20);
      // A notes page has only its heading; cut-out cards print at the chapter's end but stay where the
      // author put them in the EPUB, whose page list must keep reading order.
      const printOnly = pageStart === 'notes' || /^worksheet\d+conversationcards/.test(pageStart);
      if (printOnly) printOnlyPages++;
      if (printed.includes(after)) exact++;
      else if (!printOnly && text(xhtml).includes(pageStart)) misplaced.push(`page ${f}: marker before “${after}”, page starts “${pageStart}”`);
    }
    expect(misplaced).toEqual([]);
    expect(exact / (numbered.length - printOnlyPages)).toBeGreaterThan(0.75);
  });

  it('passes epubcheck-ts (EPUBCheck 5 rules) with no errors and no warnings', () => {
    const json = join(dir, 'epubcheck-ts.json');
    const result = spawnSync(process.execPath, [resolve(ROOT, 'node_modules/@likecoin/epubcheck-ts/bin/epubcheck.js'), join(sample.dir, 'closer.epub'), '-j', json], { encoding: 'utf8' });
    const report = JSON.parse(readFileSync(json, 'utf8'));
    expect(report.messages, result.stdout).toEqual([]);
    expect([report.fatals, report.errors, report.warnings]).toEqual([0, 0, 0]);
  });
});

describe('a manuscript that skips a heading level', () => {
  it('builds an EPUB without a conformance claim and says where the problem is', async () => {
    const out = tempDir('kindred-skipped-');
    const log: string[] = [];
    const manuscriptDir = join(ROOT, 'test/fixtures/epub/skipped-heading');
    const { book, templates, prepared } = loadProject({ manuscriptDir, log: (l) => log.push(l) });
    await writeEpub({
      book,
      templates,
      chapters: prepared.chapters.map((c) => renderChapter(c, 'epub', prepared.worksheets, templates)),
      worksheets: prepared.worksheets,
      css: readCss(templates, ['epub.css', 'worksheets-epub.css']),
      fonts: bookFonts(templates),
      outPath: join(out, 'book.epub'),
      log: (l) => log.push(l),
      browser,
    });
    const zip = await JSZip.loadAsync(readFileSync(join(out, 'book.epub')));
    const packageDoc = await zip.file('OEBPS/content.opf')!.async('string');
    rmSync(out, { recursive: true, force: true });
    expect(packageDoc).not.toContain('dcterms:conformsTo');
    expect(packageDoc).not.toContain('structuralNavigation');
    expect(packageDoc).toMatch(/found problems \(heading-order\), so no WCAG conformance is claimed/);
    expect(log).toContain('warning: test/fixtures/epub/skipped-heading/01-one.md:5:1: a level-3 heading follows a level-1 one; heading levels should go down one at a time (use ##) [heading-order]');
    expect(log).toContainEqual(expect.stringMatching(/^warning: chapter-1\.xhtml:\d+ \(from test\/fixtures\/epub\/skipped-heading\/01-one\.md\): Heading levels should only increase by one \[heading-order\]$/));
  });
});
