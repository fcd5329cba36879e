/**
 * The print PDF: each chapter printed as its own document (in parallel, cached), page numbers read back
 * from marker links, the front matter printed with those numbers, then everything assembled, stamped
 * and boxed with pdf-lib and written atomically.
 */
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Book } from './load-book.ts';
import type { ChapterTree } from './book-model.ts';
import type { TemplateSet } from './render-template.ts';
import type { WorksheetInstance } from './worksheets/prepare-worksheets.ts';
import { MARKER_SCHEME, renderChapter } from './render-chapter.ts';
import { fontRoots } from './fonts.ts';
import { writeAtomic } from './write-atomic.ts';
import { charsPerLine, gutterFits, pageGeometry, type PageGeometry } from './pdf/page-geometry.ts';
import { printCss } from './pdf/print-css.ts';
import { printDocuments, type PrintJob } from './pdf/print-documents.ts';
import { placeMarkers, readMarkers, removeAnnotations } from './pdf/markers.ts';
import { cutAtMarkers, groupChapters, range, splitChapters } from './pdf/print-body.ts';
import { planPages } from './pdf/plan-pages.ts';
import { frontMatter } from './pdf/front-matter.ts';
import { assembleBook, type AssemblyPart } from './pdf/assemble-book.ts';
import { setMetadata } from './pdf/metadata.ts';
import { fillPageSlots, pageSlot } from './pdf/page-slots.ts';
import { loadHyphenator } from './transforms/hyphenate.ts';

export type PdfProfile = 'print' | 'screen';

/** Body documents printed side by side: one per core of the machines this runs on. */
const BODY_DOCUMENTS = 3;

export interface PdfInput {
  book: Book;
  chapters: ChapterTree[];
  worksheets: WorksheetInstance[];
  templates: TemplateSet;
  outPath: string;
  profile: PdfProfile;
  cropMarks?: boolean;
  /** Convert to PDF/X-1a:2001 with Ghostscript (grey for a black-and-white book, else CMYK). */
  pdfx?: boolean;
  cacheDir?: string;
  log: (line: string) => void;
}

export interface PdfResult {
  path: string;
  pages: number;
  bytes: number;
  /** Arabic page number of every marked heading and worksheet, by id. */
  pageNumbers: Map<string, number>;
}

function documentHtml(input: PdfInput, css: string, content: string, bodyClass: string): string {
  return input.templates.render('layouts/print-document.hbs', { book: input.book, css, content, bodyClass });
}

async function printParts(input: PdfInput, g: PageGeometry) {
  const { book, chapters, worksheets, templates } = input;
  const css = printCss(templates, g);
  const allowRoots = [...fontRoots(), book.manuscriptDir, ...templates.dirs];
  const print = (jobs: PrintJob[]) => printDocuments(jobs, { allowRoots, cacheDir: input.cacheDir, concurrency: BODY_DOCUMENTS });

  const hyphenate = await loadHyphenator(book.language);
  const chapterHtml = (c: ChapterTree) => renderChapter(c, 'print', worksheets, templates, { markers: true, hyphenate, charsPerLine: charsPerLine(g) }).html;
  // Sizes from the chapter trees' text, so that no chapter is rendered before its document is printed.
  const groups = groupChapters(chapters, (c) => JSON.stringify(c.hast).length, BODY_DOCUMENTS);

  // The front matter prints alongside the body: its page numbers go into slots afterwards. It is one
  // document, cut into its parts at markers placed at each part's top.
  const front = frontMatter(book, chapters, worksheets, templates, pageSlot);
  const frontHtml = front.map((d) => `<div class="front-part front-${d.name}"><a class="kindred-marker part-marker" href="${MARKER_SCHEME}part-${d.name}"></a>${d.content}</div>`).join('\n');
  const [frontBytes, ...printed] = await print([
    { name: 'front-matter', html: documentHtml(input, css, frontHtml, 'front') },
    ...groups.map((group, i) => ({ name: `body-${i + 1}`, html: () => documentHtml(input, css, group.map(chapterHtml).join('\n'), 'body') })),
  ]);
  const body = await splitChapters(groups, printed);

  // Body pages are numbered from 1 on the first chapter's opening (right-hand) page.
  const bodyPlan = planPages(body.map((c) => ({ pages: c.pageIndices.length, startOn: 'recto' as const })), { evenTotal: true });
  const pageNumbers = new Map<string, number>();
  body.forEach((c, i) => {
    for (const [id, index] of c.markers) pageNumbers.set(id, bodyPlan.starts[i] + index + 1);
  });

  const frontPdf = await PDFDocument.load(frontBytes);
  await fillPageSlots(frontPdf, (id) => String(pageNumbers.get(id) ?? ''));
  const frontRanges = cutAtMarkers(placeMarkers(readMarkers(frontPdf)), front.map((d) => `part-${d.name}`), frontPdf.getPageCount());
  const parts: AssemblyPart[] = [
    ...front.map((d, i) => ({ pdf: frontPdf, pageIndices: range(frontRanges[i]), startOn: 'recto' as const, folio: d.folio, plainPages: 0 })),
    ...body.map((c) => ({
      pdf: c.pdf,
      pageIndices: c.pageIndices,
      startOn: 'recto' as const,
      folio: 'arabic' as const,
      heads: { verso: book.title, recto: c.chapter.title },
      plainPages: 1,
      chapter: c.chapter.number,
    })),
  ];
  return { parts, pageNumbers };
}

async function save(input: PdfInput, doc: PDFDocument, pageNumbers: Map<string, number>): Promise<PdfResult> {
  setMetadata(doc, input.book);
  let bytes: Uint8Array = await doc.save({ useObjectStreams: false });
  if (input.pdfx) bytes = await (await import('./pdf/pdfx.ts')).toPdfx(bytes, { title: input.book.title, gray: input.book.paper !== 'color' });
  writeAtomic(input.outPath, bytes);
  return { path: input.outPath, pages: doc.getPageCount(), bytes: bytes.length, pageNumbers };
}

export async function writePdf(input: PdfInput): Promise<PdfResult> {
  if (input.profile === 'screen') {
    const { printScreenPdf } = await import('./pdf/screen-pdf.ts');
    const { doc, pageNumbers } = await printScreenPdf(input);
    return save(input, doc, pageNumbers);
  }
  let g = pageGeometry(input.book.trim, input.book.bleedPt, 150);
  for (let attempt = 0; ; attempt++) {
    const { parts, pageNumbers } = await printParts(input, g);
    const { doc, pages } = await assembleBook(parts, g, { cropMarks: input.cropMarks });
    // The gutter depends on the page count, which depends on the gutter: widen and print again if needed.
    if (!gutterFits(g, pages.length) && attempt < 3) {
      input.log(`  ${pages.length} pages need a wider gutter; laying out again`);
      g = pageGeometry(input.book.trim, input.book.bleedPt, pages.length);
      continue;
    }
    removeAnnotations(doc, { keepLinks: false });
    return save(input, doc, pageNumbers);
  }
}

export const defaultCacheDir = (projectDir: string) => join(projectDir, 'node_modules', '.cache', 'kindred');
