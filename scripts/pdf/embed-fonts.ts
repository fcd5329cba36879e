/**
 * Makes a pdf-lib document ready to embed fonts: fontkit registered, and the streams pdf-lib makes for
 * them (the font files, their ToUnicode maps) compressed with Node's zlib rather than pako. The heads,
 * folios, page numbers and form fields embed whole fonts (250–430 kB each), which pako took about
 * 100 ms apiece to compress in JavaScript; zlib writes the same format several times faster.
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, PDFFlateStream, PDFRawStream } from 'pdf-lib';

export function readyForFonts(doc: PDFDocument): void {
  doc.registerFontkit(fontkit);
  const { context } = doc;
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Compresses with zlib every stream pdf-lib made to be Flate-encoded (page content it drew, form-field
 * appearances). Call it last, just before the document is saved: a page drawn on afterwards would write
 * into the stream object replaced here. pdf-lib encodes them with
 * pako at save time, and setting up a pako deflater for each small stream cost more than the
 * compression: 0.7 s for the 702 stamped pages of the 10× book, and as much for nine handouts.
 */
export function compressDrawnStreams(doc: PDFDocument): void {
  const { context } = doc;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    // `encode` is protected in pdf-lib's types: true for a stream it is to deflate at save time.
    if (!(object instanceof PDFFlateStream) || !(object as unknown as { encode: boolean }).encode) continue;
    context.assign(ref, PDFRawStream.of(object.dict, deflateSync(object.getUnencodedContents())));
  }
}
