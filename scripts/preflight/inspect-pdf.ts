/** Reads a PDF file into PdfFacts: structure and drawing with pdf-lib, the text's extent with pdfjs. No poppler needed. */
import { readFileSync, existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { KindredError } from '../errors.ts';
import type { PdfFacts } from './facts.ts';
import { inspectStructure } from './inspect-structure.ts';
import { inspectText } from './inspect-text.ts';
import { inspectDrawing } from './inspect-drawing.ts';

/** Loads a PDF and gathers every fact the preflight rules judge. */
export async function inspectPdf(file: string): Promise<PdfFacts> {
  if (!existsSync(file)) throw new KindredError(`no PDF at ${file}`, { hint: 'Run `kindred build` first, or name the PDF to check: kindred check FILE.pdf' });
  return inspectPdfBytes(new Uint8Array(readFileSync(file)), file);
}

/** The facts of a PDF in memory (`file` names it in messages). */
export async function inspectPdfBytes(data: Uint8Array, file: string): Promise<PdfFacts> {
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  } catch (error) {
    throw new KindredError(`not a readable PDF: ${(error as Error).message}`, { file, cause: error });
  }
  const structure = inspectStructure(doc);
  // Neither pdfjs nor pdf-lib can read the content of an encrypted file without its password; report the structure alone.
  const text = structure.encrypted ? [] : await inspectText(data);
  const drawing = structure.encrypted ? undefined : inspectDrawing(doc, Buffer.from(data.subarray(0, 16)).toString('latin1'));
  const blank = (i: number) => (drawing ? !text[i] && !drawing.pages[i].images.length && !drawing.pages[i].painted : false);
  return {
    file,
    bytes: data.length,
    pageCount: structure.pages.length,
    encrypted: structure.encrypted,
    pages: structure.pages.map((p, i) => ({ ...p, textBox: text[i], blank: blank(i) })),
    fonts: structure.fonts,
    images: drawing?.pages.flatMap((p) => p.images) ?? [],
    bookmarks: structure.bookmarks,
    formFields: structure.formFields,
    javascript: structure.javascript,
    colour: drawing?.colour,
  };
}
