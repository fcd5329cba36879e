/** Reads a PDF file into PdfFacts: structure with pdf-lib, drawn content with pdfjs. No poppler needed. */
import { readFileSync, existsSync } from 'node:fs';
import { PDFDocument } from 'pdf-lib';
import { KindredError } from '../errors.ts';
import type { PdfFacts } from './facts.ts';
import { inspectStructure } from './inspect-structure.ts';
import { inspectContent } from './inspect-content.ts';
import { inspectColour } from './inspect-colour.ts';

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
  // pdfjs cannot read the content of an encrypted file without its password; report the structure alone.
  const content = structure.encrypted ? [] : await inspectContent(data);
  return {
    file,
    bytes: data.length,
    pageCount: structure.pages.length,
    encrypted: structure.encrypted,
    pages: structure.pages.map((p, i) => ({ ...p, textBox: content[i]?.textBox, blank: content[i]?.blank ?? false })),
    fonts: structure.fonts,
    images: content.flatMap((c) => c.images),
    bookmarks: structure.bookmarks,
    formFields: structure.formFields,
    javascript: structure.javascript,
    colour: structure.encrypted ? undefined : inspectColour(doc, Buffer.from(data.subarray(0, 16)).toString('latin1')),
  };
}
