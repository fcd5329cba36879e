/**
 * pdf-lib's compression done by Node's zlib instead of pako, which runs in JavaScript: the streams it
 * makes when fonts are embedded (readyForFonts) and those it draws (compressDrawnStreams).
 */
import { deflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { type PDFDocument, PDFFlateStream, PDFRawStream } from 'pdf-lib';

/**
 * Makes a document ready to embed fonts: fontkit registered, and the font files and ToUnicode maps
 * pdf-lib makes for them compressed with zlib. The heads, folios, page numbers and form fields embed
 * whole fonts (250–430 kB each), which pako took about 100 ms apiece to compress.
 */
export function readyForFonts(doc: PDFDocument): void {
  doc.registerFontkit(fontkit);
  const { context } = doc;
  context.flateStream = (contents, dict = {}) => context.stream(deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
}

/**
 * Compresses with zlib every stream pdf-lib made to be Flate-encoded (page content it drew, form-field
 * appearances), which pdf-lib would encode with pako at save time: setting up a pako deflater for each
 * small stream cost more than the compression, 0.7 s for the 702 stamped pages of the 10× book and as
 * much for nine handouts. Call it last, just before the document is saved: a page drawn on afterwards
 * would write into the stream object replaced here.
 */
export function compressDrawnStreams(doc: PDFDocument): void {
  const { context } = doc;
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    // `encode` is protected in pdf-lib's types: true for a stream it is to deflate at save time.
    if (!(object instanceof PDFFlateStream) || !(object as unknown as { encode: boolean }).encode) continue;
    context.assign(ref, PDFRawStream.of(object.dict, deflateSync(object.getUnencodedContents())));
  }
}
