/**
 * The screen profile: the whole book as one tagged document with bookmarks and live links.
 * A first pass with marker links finds the page of every heading; the second prints the contents
 * with those numbers (the numbers change no line breaks, so the pages stay where they were).
 */
import { formatLabel, loadLabels } from '../labels.ts';
import { PDFDocument } from 'pdf-lib';
import type { PdfInput, PdfResult } from './pdf-input.ts';
import { cleanHyphenText } from './hyphen-text.ts';
import { savePdf } from './save-pdf.ts';
import { renderChapter } from '../render-chapter.ts';
import { bookFonts, fontRoots } from '../fonts.ts';
import { loadHyphenator } from '../transforms/hyphenate.ts';
import { printCss } from './print-css.ts';
import { printDocuments } from './print-documents.ts';
import { placeMarkers, readMarkers, removeAnnotations } from './markers.ts';
import { frontMatter } from './front-matter.ts';
import { fixOutlineTitles, headingTexts } from './outline-titles.ts';
import { makeAccessible } from './accessible-pdf.ts';
import { charsPerLine, pageGeometry, pageCss, type PageGeometry } from './page-geometry.ts';

/** Symmetric margins and a folio at the foot: nobody binds a screen PDF. */
function screenPageCss(g: PageGeometry): string {
  const side = (g.inside + g.outside) / 2;
  return `${pageCss({ ...g, inside: side, outside: side })}
@page { @bottom-center { content: counter(page); font-family: 'Source Serif 4', serif; font-size: 9pt; color: #333; } }
.screen-part + .screen-part { break-before: page; }`;
}

/** The screen PDF, written atomically. */
export async function writeScreenPdf(input: PdfInput): Promise<PdfResult> {
  const { doc, pageNumbers } = await printScreenPdf(input);
  cleanHyphenText(doc);
  return savePdf(input, doc, pageNumbers);
}

async function printScreenPdf(input: PdfInput): Promise<{ doc: PDFDocument; pageNumbers: Map<string, number> }> {
  const { book, chapters, worksheets, templates } = input;
  const g = pageGeometry(book.trim, 0, 150);
  const css = printCss(templates, undefined, input.log) + '\n' + screenPageCss(g);
  const hyphenate = await loadHyphenator(book.language);
  const allowRoots = [...fontRoots(bookFonts(templates)), book.manuscriptDir, ...templates.dirs];

  const compose = (markers: boolean, pageOf: (id: string) => string) => {
    const parts = [
      ...frontMatter(book, chapters, worksheets, templates, pageOf).map((d) => d.content),
      ...chapters.map((c) => renderChapter(c, 'screen', worksheets, templates, { markers, hyphenate, charsPerLine: charsPerLine(g, bookFonts(templates).averageCharEm) }).html),
    ];
    const content = parts.map((html) => `<div class="screen-part">${html}</div>`).join('\n');
    return templates.render('layouts/print-document.hbs', { book, css, content, bodyClass: 'screen' });
  };
  const print = async (html: string, final: boolean) => {
    const [pdf] = await printDocuments(input.browser, [{ name: 'book', html }], { allowRoots, cache: input.cache, concurrency: 1, tagged: final, outline: final, onFile: input.onFile });
    if (!pdf) throw new Error('the screen PDF was not printed');
    return pdf;
  };

  const draft = await print(compose(true, () => '000'), false);
  const pageNumbers = new Map<string, number>();
  for (const [id, marker] of placeMarkers(readMarkers(await PDFDocument.load(draft)))) pageNumbers.set(id, marker.pageIndex + 1);
  const finalHtml = compose(false, (id) => String(pageNumbers.get(id) ?? ''));
  const final = await print(finalHtml, true);
  const doc = await PDFDocument.load(final);
  fixOutlineTitles(doc, headingTexts(finalHtml));
  removeAnnotations(doc, { keepLinks: true });
  const labels = loadLabels(templates, book);
  const names = new Map([
    ...chapters.flatMap((c) => c.headings.map((h) => [h.id, h.text] as const)),
    ...worksheets.map((w) => [`worksheet-${w.id}`, `${formatLabel(labels.worksheet, { n: w.number })}: ${w.title}`] as const),
  ]);
  makeAccessible(doc, book, book.subtitle ? `${book.title}: ${book.subtitle}` : book.title, names, labels);
  return { doc, pageNumbers };
}
