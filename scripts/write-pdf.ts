/**
 * The print PDF: each chapter printed as its own document (in parallel, cached), page numbers read back
 * from marker links, the front matter printed with those numbers, then everything assembled, stamped
 * and boxed with pdf-lib and written atomically.
 */
import { availableParallelism } from 'node:os';
import type { PDFDocument } from 'pdf-lib';
import { toString } from 'hast-util-to-string';
import type { ChapterTree } from './book-model.ts';
import { MARKER_SCHEME, renderChapter } from './render-chapter.ts';
import { loadLabels } from './labels.ts';
import { bookFonts, fontRoots } from './fonts.ts';
import { charsPerLine, gutterFits, pageGeometry, type PageGeometry } from './pdf/page-geometry.ts';
import { printCss } from './pdf/print-css.ts';
import { printDocuments, type PrintJob } from './pdf/print-documents.ts';
import { placeMarkers, readMarkers, removeAnnotations } from './pdf/markers.ts';
import { cutAtMarkers, cutChapters, groupChapters, range } from './pdf/print-body.ts';
import { bodyJobs } from './pdf/chapter-prints.ts';
import { planPages } from './pdf/plan-pages.ts';
import { chapterLeaves, worksheetPages } from './pdf/leaves.ts';
import { frontMatter } from './pdf/front-matter.ts';
import { assembleBook, type AssemblyPart } from './pdf/assemble-book.ts';
import { headStyle } from './pdf/head-style.ts';
import { fillPageSlots, pageSlot } from './pdf/page-slots.ts';
import { loadHyphenator } from './transforms/hyphenate.ts';
import { cachedRenderer } from './render-cache.ts';
import type { PdfInput, PdfResult } from './pdf/pdf-input.ts';
import { savePdf } from './pdf/save-pdf.ts';
import { printedReader } from './pdf/read-printed.ts';
import { manuscriptFingerprint, type PageMap, type PrintPage } from './pdf/page-map.ts';

/** Body documents a book of more than about 40 pages is cut into at the least. */
const BODY_DOCUMENTS = 3;
/**
 * Documents printed side by side: one per core, three at most. Chromium's printing keeps every core busy:
 * on two cores, three at a time printed the 10x book no faster than two (16.8-19.8 s against 17.2-17.7 s,
 * alternating runs) and a third renderer raised the peak memory from 1451-1489 MB to 1591-1680 MB.
 */
const PRINT_CONCURRENCY = Math.max(1, Math.min(3, availableParallelism()));
/**
 * The most chapter tree (JSON characters, about 2 kB a page) one body document holds: about 75 pages.
 * Longer books get more documents, so that an edit re-prints 75 pages, not a third of the book, and
 * no page of the browser holds a thousand-page layout in memory. Not fewer pages: every document loads
 * the fonts and styles again (about 0.4 s in Chromium), which at 30 pages made the 30× book's cold
 * build 37 % slower than at 700.
 */
const DOCUMENT_SIZE = 150_000;
/**
 * The least one body document of a short book holds: about 20 pages. Printing side by side pays only
 * when each document is longer than what it costs to start one: a 14-page book printed as three
 * documents took 1.9–2.1 s, as one 1.4–1.5 s (in-process, browser running).
 */
const MIN_DOCUMENT_SIZE = 40_000;

/**
 * The body documents: the last build's when it had the same chapters in the same order (an edit then
 * changes one document only, where sizes measured again could move every boundary), else chapters
 * grouped by size: one document per core when each still holds about 20 pages, fewer for a short book.
 */
function bodyGroups(chapters: ChapterTree[], hint: string[][] | undefined): ChapterTree[][] {
  if (hint && hint.flat().join('\n') === chapters.map((c) => c.id).join('\n')) {
    const groups: ChapterTree[][] = [];
    let at = 0;
    for (const group of hint) {
      groups.push(chapters.slice(at, at + group.length));
      at += group.length;
    }
    return groups;
  }
  const size = (c: ChapterTree) => JSON.stringify(c.hast).length;
  const total = chapters.reduce((n, c) => n + size(c), 0);
  const sideBySide = Math.min(BODY_DOCUMENTS, Math.ceil(total / MIN_DOCUMENT_SIZE));
  return groupChapters(chapters, size, Math.max(1, sideBySide, Math.ceil(total / DOCUMENT_SIZE)));
}

function documentHtml(input: PdfInput, css: string, content: string, bodyClass: string): string {
  return input.templates.render('layouts/print-document.hbs', { book: input.book, css, content, bodyClass });
}

async function printParts(input: PdfInput, g: PageGeometry) {
  const { book, chapters, worksheets, templates } = input;
  const css = printCss(templates, g, input.log);
  const allowRoots = [...fontRoots(bookFonts(templates)), book.manuscriptDir, ...templates.dirs];
  // Each printed document is read as soon as it is printed, while the browser prints the others.
  const reader = printedReader(input.cache);
  const read = reader.read;
  const print = (jobs: PrintJob[]) =>
    printDocuments(input.browser, jobs, { allowRoots, cache: input.cache, concurrency: PRINT_CONCURRENCY, onFile: input.onFile, onPrinted: (i, bytes) => void read(bytes, i > 0) });

  const hyphenate = await loadHyphenator(book.language);
  const measure = charsPerLine(g, bookFonts(templates).averageCharEm);
  const render = cachedRenderer(input.cache, templates, worksheets, `print markers ${book.language} ${measure}`, (c) => renderChapter(c, 'print', worksheets, templates, { markers: true, hyphenate, charsPerLine: measure }));
  const chapterHtml = (c: ChapterTree) => render(c).html;
  // Sizes from the chapter trees' text, so that no chapter is rendered before its document is printed.
  const groups = bodyGroups(chapters, input.lastLayout?.groups);

  // The front matter prints alongside the body: its page numbers go into slots afterwards. It is one
  // document, cut into its parts at markers placed at each part's top.
  const front = frontMatter(book, chapters, worksheets, templates, pageSlot);
  // The notes page prints last in the same document; it is copied wherever a worksheet needs one before it.
  const printedParts = [...front, { name: 'notes', content: templates.render('layouts/notes-page.hbs', { book, labels: loadLabels(templates, book) }) }];
  const frontHtml = printedParts.map((d) => `<div class="front-part front-${d.name}"><a class="kindred-marker part-marker" href="${MARKER_SCHEME}part-${d.name}"></a>${d.content}</div>`).join('\n');
  const identity = input.cache ? await input.browser.identity() : '';
  const bodyPrint = bodyJobs(groups, { chapterHtml, document: (content) => documentHtml(input, css, content, 'body'), cache: input.cache, identity, onFile: input.onFile });
  const [frontBytes, ...printed] = await print([{ name: 'front-matter', html: documentHtml(input, css, frontHtml, 'front') }, ...bodyPrint.jobs]);
  const places = bodyPrint.place(printed);
  const loaded = new Map<Uint8Array, { doc: PDFDocument; words: string[] }>();
  for (const { bytes } of places) if (!loaded.has(bytes)) loaded.set(bytes, await read(bytes, true));
  const body = cutChapters(
    input.chapters,
    places.map(({ bytes, starts, at }) => ({ pdf: loaded.get(bytes)!.doc, starts, at })),
  );
  // Worksheets placed for the open book (notes pages and blank backs added), then body pages numbered
  // from 1 on the first chapter's opening (right-hand) page.
  const leaves = body.map((c) => chapterLeaves(c.pageIndices.length, worksheetPages(c.markers)));
  const bodyPlan = planPages(leaves.map((l) => ({ pages: l.length, startOn: 'recto' as const })), { evenTotal: true });
  const pageNumbers = new Map<string, number>();
  body.forEach((c, i) => {
    for (const [id, index] of c.markers) pageNumbers.set(id, bodyPlan.starts[i] + leaves[i].indexOf(index) + 1);
  });

  // The first words of every body page, for the EPUB's page-break markers: leaf k of chapter i is body page starts[i] + k.
  const firstWords = new Map([...loaded.values()].map(({ doc, words }) => [doc, words]));
  const mapPages: PrintPage[] = Array.from({ length: bodyPlan.total }, (_, i) => ({ folio: String(i + 1), chapterId: '', text: '', anchors: [] }));
  body.forEach((c, i) => {
    leaves[i].forEach((leaf, k) => {
      const at = bodyPlan.starts[i] + k;
      if (typeof leaf !== 'number') {
        mapPages[at].chapterId = c.chapter.id;
        return;
      }
      const anchors = [...c.markers].filter(([, index]) => index === leaf).map(([id]) => id);
      mapPages[at] = { folio: String(at + 1), chapterId: c.chapter.id, text: firstWords.get(c.pdf)?.[c.pageIndices[leaf]] ?? '', anchors };
    });
  });
  // Blank pages belong to the chapter they precede (the last one's trailing blank to it).
  for (let i = mapPages.length - 1, next = body.at(-1)?.chapter.id ?? ''; i >= 0; i--) {
    if (mapPages[i].chapterId) next = mapPages[i].chapterId;
    else mapPages[i].chapterId = next;
  }
  const pageMap: PageMap = { fingerprint: manuscriptFingerprint(chapters), pages: mapPages };

  if (!frontBytes) throw new Error('the front matter was not printed');
  const frontPdf = (await read(frontBytes, false)).doc;
  await fillPageSlots(frontPdf, (id) => String(pageNumbers.get(id) ?? ''));
  const frontRanges = cutAtMarkers(placeMarkers(readMarkers(frontPdf)), printedParts.map((d) => `part-${d.name}`), frontPdf.getPageCount());
  const notesPage = { pdf: frontPdf, index: frontRanges[front.length].start };
  const parts: AssemblyPart[] = [
    ...front.map((d, i) => ({ pdf: frontPdf, pageIndices: range(frontRanges[i]), startOn: 'recto' as const, folio: d.folio, plainPages: 0 })),
    ...body.map((c, i) => ({
      pdf: c.pdf,
      pageIndices: leaves[i].map((leaf) => (typeof leaf === 'number' ? c.pageIndices[leaf] : leaf)),
      startOn: 'recto' as const,
      folio: 'arabic' as const,
      heads: { verso: book.title, recto: c.chapter.title },
      plainPages: 1,
      chapter: c.chapter.number,
    })),
  ];
  reader.keep();
  return { parts, pageNumbers, notesPage, pageMap, groups: groups.map((group) => group.map((c) => c.id)) };
}

/**
 * About how many pages the book will have, to choose the gutter before the first layout: the last
 * build's count when known, else the text at this measure plus openers, worksheets and front matter.
 * The gutter changes only at 150, 300, 500 and 700 pages, so a rough figure is final nearly always.
 */
export function estimatePages(input: PdfInput): number {
  if (input.lastLayout?.pages) return input.lastLayout.pages;
  const g = pageGeometry(input.book.trim, input.book.bleedPt, 150);
  const chars = input.chapters.reduce((n, c) => n + toString(c.hast).length, 0);
  const linesPerPage = (g.trim.heightPt - g.top - g.bottom) / g.lineHeight;
  const body = chars / (charsPerLine(g, bookFonts(input.templates).averageCharEm) * linesPerPage * 0.8); // headings, paragraph ends and spacing fill the rest
  return Math.round(body + input.chapters.length * 1.5 + input.worksheets.length * 3.5 + 8); // 1× book at 8.5×11: 67 estimated, 70 printed
}

/** The print PDF: laid out once for the estimated page count, again only when the gutter turns out too narrow. */
export async function writePrintPdf(input: PdfInput): Promise<PdfResult> {
  let g = pageGeometry(input.book.trim, input.book.bleedPt, estimatePages(input));
  for (let attempt = 0; ; attempt++) {
    const { parts, pageNumbers, notesPage, pageMap, groups } = await printParts(input, g);
    const { doc, pages } = await assembleBook(parts, g, { cropMarks: input.cropMarks, style: headStyle(input.templates), notesPage, fonts: bookFonts(input.templates) });
    // The gutter depends on the page count, which depends on the gutter: widen and print again if needed.
    if (!gutterFits(g, pages.length) && attempt < 3) {
      input.log(`  ${pages.length} pages need a wider gutter; laying out again`);
      g = pageGeometry(input.book.trim, input.book.bleedPt, pages.length);
      continue;
    }
    removeAnnotations(doc, { keepLinks: false });
    return { ...(await savePdf(input, doc, pageNumbers, pageMap)), groups };
  }
}
