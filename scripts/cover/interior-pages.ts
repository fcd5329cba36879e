/** The page count a cover is made for: given, or read from the built interior PDF. */
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

/** The interior's page count from its PDF, or a user error saying to build it first. */
export async function interiorPageCount(pdfPath: string): Promise<number> {
  if (!existsSync(pdfPath)) {
    const shown = relative(process.cwd(), pdfPath);
    throw new KindredError(`no interior PDF at ${shown.startsWith('..') ? pdfPath : shown}: the spine width needs its page count`, {
      hint: 'Run `kindred build` first, or give the page count: kindred cover --pages 120',
    });
  }
  try {
    const doc = await PDFDocument.load(readFileSync(pdfPath), { ignoreEncryption: true, updateMetadata: false });
    return doc.getPageCount();
  } catch (error) {
    throw new KindredError(`cannot read the interior PDF: ${(error as Error).message}`, { file: pdfPath, hint: 'Build it again with `kindred build`.', cause: error });
  }
}
