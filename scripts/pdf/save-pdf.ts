/** The last step of both PDF writers: metadata, optional PDF/X conversion, an atomic write (the text layer at hyphenation breaks is mended before, hyphen-text.ts). */
import type { PDFDocument } from 'pdf-lib';
import { writeAtomic } from '../write-atomic.ts';
import { setMetadata } from './metadata.ts';
import type { PdfInput, PdfResult } from './pdf-input.ts';
import { savePageMap, type PageMap } from './page-map.ts';
import { compressDrawnStreams } from './embed-fonts.ts';

export async function savePdf(input: PdfInput, doc: PDFDocument, pageNumbers: Map<string, number>, pageMap?: PageMap): Promise<PdfResult> {
  setMetadata(doc, input.book);
  compressDrawnStreams(doc);
  let bytes: Uint8Array = await doc.save({ useObjectStreams: false });
  if (input.pdfx) bytes = await (await import('./pdfx.ts')).toPdfx(bytes, { title: input.book.title, gray: input.book.paper !== 'color' });
  writeAtomic(input.outPath, bytes);
  if (pageMap) savePageMap(input.outPath, pageMap);
  return { path: input.outPath, pages: doc.getPageCount(), bytes: bytes.length, pageNumbers, pdf: bytes, pageMap };
}
