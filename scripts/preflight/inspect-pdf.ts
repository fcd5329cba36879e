/** Reads a PDF file into PdfFacts: structure with pdf-lib, drawing and the text's extent from the content streams. No poppler needed. */
import { readFileSync, existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { KindredError } from '../errors.ts';
import type { Box, PdfFacts } from './facts.ts';
import { inspectStructure } from './inspect-structure.ts';
import { ShownText } from '../pdf/shown-text.ts';
import { drawingOfPage, type PageDrawing, pdfxIdentification } from './inspect-drawing.ts';
import { pageFingerprints } from './page-fingerprint.ts';

/** What preflight measured on one page's content: the same for every page with its fingerprint. */
export interface PageContent {
  textBox?: Box;
  drawing: PageDrawing;
}

/**
 * Pages measured before, by fingerprint (page-fingerprint.ts). inspectPdfBytes measures only the pages
 * not in it, and leaves in it this PDF's pages alone (so that it does not grow from build to build).
 */
export type MeasuredPages = Map<string, PageContent>;

/** Loads a PDF and gathers every fact the preflight rules judge. */
export async function inspectPdf(file: string): Promise<PdfFacts> {
  if (!existsSync(file)) throw new KindredError(`no PDF at ${file}`, { hint: 'Run `kindred build` first, or name the PDF to check: kindred check FILE.pdf' });
  return inspectPdfBytes(new Uint8Array(readFileSync(file)), file);
}

/** The facts of a PDF in memory (`file` names it in messages); pages in `measured` are not read again. */
export async function inspectPdfBytes(data: Uint8Array, file: string, measured: MeasuredPages = new Map()): Promise<PdfFacts> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    throw new KindredError(`not a readable PDF: ${(error as Error).message}`, { file, cause: error });
  }
  const structure = inspectStructure(doc);
  // pdf-lib cannot read the content of an encrypted file without its password; report the structure alone.
  const content = structure.encrypted ? [] : measurePages(doc, measured);
  const blank = (c: PageContent | undefined) => (c ? !c.textBox && !c.drawing.images.length && !c.drawing.painted : false);
  return {
    file,
    bytes: data.length,
    pageCount: structure.pages.length,
    encrypted: structure.encrypted,
    pages: structure.pages.map((p, i) => ({ ...p, textBox: content[i]?.textBox, blank: blank(content[i]) })),
    fonts: structure.fonts,
    images: content.flatMap((c, i) => c.drawing.images.map((image) => ({ ...image, page: i + 1 }))),
    bookmarks: structure.bookmarks,
    formFields: structure.formFields,
    javascript: structure.javascript,
    colour: structure.encrypted ? undefined : { ...pdfxIdentification(doc, Buffer.from(data.subarray(0, 16)).toString('latin1')), pages: content.map((c, i) => ({ ...c.drawing.colour, number: i + 1 })) },
  };
}

/** Each page's content: from `measured` by fingerprint, else measured now. */
function measurePages(doc: PDFDocument, measured: MeasuredPages): PageContent[] {
  const fingerprints = pageFingerprints(doc);
  // One page of each fingerprint not measured yet: pages that draw the same (blank pages, notes pages) are measured once.
  const firstOf = new Map<string, number>();
  fingerprints.forEach((f, i) => {
    if (!measured.has(f) && !firstOf.has(f)) firstOf.set(f, i);
  });
  for (const i of firstOf.values()) {
    const shown = new ShownText();
    const drawing = drawingOfPage(doc, i, shown.glyph);
    measured.set(fingerprints[i], { textBox: shown.box, drawing });
  }
  const content = fingerprints.map((f) => measured.get(f)!);
  const current = new Set(fingerprints);
  for (const f of measured.keys()) if (!current.has(f)) measured.delete(f);
  return content;
}
