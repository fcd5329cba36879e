/**
 * Makes a pdf-lib document ready to embed fonts: fontkit registered, and the streams pdf-lib makes for
 * them (the font files, their ToUnicode maps) compressed with Node's zlib rather than pako. The heads,
 * folios, page numbers and form fields embed whole fonts (250–430 kB each), which pako took about
 * 100 ms apiece to compress in JavaScript; zlib writes the same format several times faster.
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

export function readyForFonts(doc: PDFDocument): void {
  doc.registerFontkit(fontkit);
  const { context } = doc;
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}
