/** What a cover is made for: the page count and trim, given or read from the built interior PDF. */
import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { KindredError } from '../errors.ts';

/** Parses --pages: a positive even-or-odd whole number. */
export function parsePages(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new KindredError(`--pages must be a whole number of pages, not "${text}"`);
  return n;
}

export interface Interior {
  pages: number;
  /** The first page's TrimBox (the MediaBox when it has none), points. */
  trim: { widthPt: number; heightPt: number };
}

/** The interior's page count and trim from its PDF, or a user error saying to build it first. */
export async function readInterior(pdfPath: string): Promise<Interior> {
  if (!existsSync(pdfPath)) {
    const shown = relative(process.cwd(), pdfPath);
    throw new KindredError(`no interior PDF at ${shown.startsWith('..') ? pdfPath : shown}: the spine width needs its page count`, {
      hint: 'Run `kindred build` first, or give the page count: kindred cover --pages 120',
    });
  }
  try {
    const doc = await PDFDocument.load(readFileSync(pdfPath), { ignoreEncryption: true, updateMetadata: false });
    const box = doc.getPage(0).getTrimBox();
    return { pages: doc.getPageCount(), trim: { widthPt: box.width, heightPt: box.height } };
  } catch (error) {
    throw new KindredError(`cannot read the interior PDF: ${(error as Error).message}`, { file: pdfPath, hint: 'Build it again with `kindred build`.', cause: error });
  }
}
