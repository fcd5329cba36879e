/** Prints the full-wrap cover PDF and sets its page boxes: TrimBox = the wrap without the bleed. */
import { PDFDocument } from 'pdf-lib';
import type { Book } from '../load-book.ts';
import type { BrowserHandle } from '../browser.ts';
import type { TemplateSet } from '../render-template.ts';
import { PT_PER_IN } from '../print-rules.ts';
import { writeAtomic } from '../write-atomic.ts';
import type { CoverGeometry } from './cover-geometry.ts';
import { coverHtml } from './cover-html.ts';
import { withCoverPage } from './cover-page.ts';

/** Exact boxes in points: Chromium sizes the sheet in CSS pixels and may be off by a fraction of a point. */
export async function setCoverBoxes(pdf: Uint8Array, g: CoverGeometry, book: Book): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf);
  const w = g.widthIn * PT_PER_IN;
  const h = g.heightIn * PT_PER_IN;
  const b = g.bleedIn * PT_PER_IN;
  for (const page of doc.getPages()) {
    page.setMediaBox(0, 0, w, h);
    page.setCropBox(0, 0, w, h);
    page.setBleedBox(0, 0, w, h);
    page.setTrimBox(b, b, w - 2 * b, h - 2 * b);
  }
  doc.setTitle(`${book.title} — cover`);
  doc.setAuthor(book.author);
  doc.setCreator('Kindred');
  doc.setProducer('Kindred (Chromium, pdf-lib)');
  return doc.save();
}

/** Renders the wrap to a PDF at outPath (written atomically); returns its bytes. */
export async function writeCover(browser: BrowserHandle, book: Book, templates: TemplateSet, g: CoverGeometry, outPath: string, options: { pdfx?: boolean; log?: (line: string) => void } = {}): Promise<Uint8Array> {
  const html = coverHtml(book, templates, { kind: 'wrap', geometry: g }, options.log);
  const printed = await withCoverPage(browser, html, { templates, manuscriptDir: book.manuscriptDir }, (page) =>
    page.pdf({ width: `${g.widthIn}in`, height: `${g.heightIn}in`, printBackground: true, preferCSSPageSize: true }),
  );
  let bytes = await setCoverBoxes(printed, g, book);
  if (options.pdfx) bytes = await (await import('../pdf/pdfx.ts')).toPdfx(bytes, { title: `${book.title} — cover`, gray: false });
  writeAtomic(outPath, bytes);
  return bytes;
}
