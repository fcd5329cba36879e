/** Reads a cover PDF for `kindred check --cover`: its boxes and every piece of text with its ink box. */
import { existsSync, readFileSync } from 'node:fs';
import { PDFDocument, PDFName } from 'pdf-lib';
import { KindredError } from '../errors.ts';
import type { CoverFacts } from './cover-rules.ts';
import { drawingOfPage, pdfxIdentification } from './inspect-drawing.ts';
import { ShownText } from '../pdf/shown-text.ts';

export async function inspectCover(file: string): Promise<CoverFacts> {
  if (!existsSync(file)) throw new KindredError(`no cover PDF at ${file}`, { hint: 'Run `kindred cover` first, or name the cover to check: kindred check --cover FILE.pdf' });
  const data = new Uint8Array(readFileSync(file));
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false });
  } catch (error) {
    throw new KindredError(`not a readable PDF: ${(error as Error).message}`, { file, cause: error });
  }
  if (doc.getPageCount() !== 1) throw new KindredError(`a cover is one page (the full wrap); ${file} has ${doc.getPageCount()}`, { hint: 'Check the interior with `kindred check FILE.pdf`, the cover with `kindred check --cover FILE.pdf`.' });
  const page = doc.getPage(0);
  const box = (r: { x: number; y: number; width: number; height: number }) => ({ x0: r.x, y0: r.y, x1: r.x + r.width, y1: r.y + r.height });
  const shown = new ShownText({ words: true });
  const drawing = drawingOfPage(doc, 0, shown.glyph);
  const colour = { ...pdfxIdentification(doc, Buffer.from(data.subarray(0, 16)).toString('latin1')), pages: [drawing.colour] };
  return { colour, mediaBox: box(page.getMediaBox()), trimBox: page.node.get(PDFName.of('TrimBox')) ? box(page.getTrimBox()) : undefined, text: shown.words ?? [] };
}
