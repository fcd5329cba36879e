/**
 * pdf-lib's compression done by Node's zlib instead of pako, which runs in JavaScript: the streams it
 * makes when fonts are embedded (readyForFonts) and those it draws (compressDrawnStreams).
 */
import { deflateSync } from 'node:zlib';
import { fontkit } from '../fonts/fontkit.ts';
import { type PDFDocument, type PDFFont, PDFFlateStream, PDFHexString, PDFRawStream } from 'pdf-lib';

/**
 * Makes a document ready to embed fonts: fontkit registered, and the font files and ToUnicode maps
 * pdf-lib makes for them compressed with zlib. The heads, folios, page numbers and form fields embed
 * whole fonts (250–430 kB each), which pako took about 100 ms apiece to compress.
 */
export function readyForFonts(doc: PDFDocument): void {
  doc.registerFontkit(fontkit());
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

type Code = ReturnType<PDFFont['encodeText']>;

/** Widths (at size 1) and encodings measured so far, by the font file's bytes and the text. */
interface Measured {
  widths: Map<string, number>;
  codes: Map<string, Code>;
  /** Whether no two digits kern or combine (found on first need). */
  digitsApart?: boolean;
}
const measured = new WeakMap<Uint8Array, Measured>();

const DIGITS = '0123456789';
const NUMBER = /^[0-9]+$/;

/**
 * A font whose widths and encodings are kept by text: every page stamps the same running heads and
 * measures them first, the contents set the same page numbers again and again, and each measurement and
 * each encoding ran fontkit's layout anew (about 1 s of the 702-page book's build). They are kept by the
 * font file's bytes, so that the contents' page numbers and the folios (the same font embedded in two
 * documents) and every rebuild of `--watch` measure each text once. For fonts embedded whole
 * (`subset: false`) from `bytes`: then an encoding never depends on what was encoded before.
 */
export function remembering(font: PDFFont, bytes: Uint8Array): PDFFont {
  const memo: Measured = measured.get(bytes) ?? { widths: new Map(), codes: new Map() };
  measured.set(bytes, memo);
  const { widths, codes } = memo;
  const width = font.widthOfTextAtSize.bind(font);
  const encode = font.encodeText.bind(font);
  const widthOf = (text: string) => {
    if (!widths.has(text)) widths.set(text, width(text, 1000) / 1000);
    return widths.get(text)!;
  };
  const codeOf = (text: string) => {
    if (!codes.has(text)) codes.set(text, encode(text));
    return codes.get(text)!;
  };
  // Page numbers (a thousand of them in a long book, each set as a folio and again in the contents): when
  // no two digits kern or combine in this font, a number is its digits side by side, and fontkit's layout
  // runs for the ten digits and their hundred pairs instead of for every number.
  const digitsApart = () =>
    (memo.digitsApart ??= [...DIGITS].every((a) =>
      [...DIGITS].every((b) => Math.abs(widthOf(a + b) - widthOf(a) - widthOf(b)) < 1e-9 && codeOf(a + b).asString() === codeOf(a).asString() + codeOf(b).asString()),
    ));
  const composed = (text: string) => text.length > 2 && NUMBER.test(text) && digitsApart();
  font.widthOfTextAtSize = (text, size) => {
    if (!widths.has(text) && composed(text)) widths.set(text, [...text].reduce((w, digit) => w + widthOf(digit), 0));
    return widthOf(text) * size;
  };
  font.encodeText = (text) => {
    if (!codes.has(text) && composed(text)) codes.set(text, PDFHexString.of([...text].map((digit) => codeOf(digit).asString()).join('')));
    return codeOf(text);
  };
  return font;
}
