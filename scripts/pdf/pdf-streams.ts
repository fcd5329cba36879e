/** Reading and rewriting the streams of a PDF loaded with pdf-lib: content streams, Form XObjects, CMaps. */
import { decodePDFRawStream, PDFArray, PDFDict, type PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream, type PDFObject } from 'pdf-lib';
import { deflateSync, inflateSync } from 'node:zlib';

const name = (text: string) => PDFName.of(text);

/** The object a value points to (refs resolved). */
export function resolved(doc: PDFDocument, value: PDFObject | undefined): PDFObject | undefined {
  return value instanceof PDFRef ? doc.context.lookup(value) : value;
}

/** A dictionary, or a stream's dictionary, behind a value. */
export function dictOf(doc: PDFDocument, value: PDFObject | undefined): PDFDict | undefined {
  const v = resolved(doc, value);
  if (v instanceof PDFDict) return v;
  if (v instanceof PDFStream) return v.dict;
  return undefined;
}

/** A stream's decoded bytes, or undefined when it is not a raw stream or uses a filter pdf-lib cannot undo. */
export function streamBytes(stream: PDFObject | undefined): Uint8Array | undefined {
  if (!(stream instanceof PDFRawStream)) return undefined;
  // Plain Flate (nearly every stream) through Node's zlib, several times faster than pdf-lib's JavaScript inflate.
  if (stream.dict.get(name('Filter')) === name('FlateDecode') && !stream.dict.has(name('DecodeParms'))) {
    try {
      return inflateSync(stream.contents);
    } catch {
      // A damaged stream: pdf-lib's inflate keeps what it could read.
    }
  }
  try {
    return decodePDFRawStream(stream).decode();
  } catch {
    return undefined;
  }
}

/** Puts new data into the stream at ref, Flate-compressed; the other dictionary entries stay. */
export function replaceStream(doc: PDFDocument, ref: PDFRef, stream: PDFRawStream, bytes: Uint8Array): void {
  const dict = stream.dict.clone(doc.context);
  dict.delete(name('DecodeParms'));
  dict.delete(name('Length'));
  dict.set(name('Filter'), name('FlateDecode'));
  doc.context.assign(ref, PDFRawStream.of(dict, deflateSync(bytes)));
}

/** The refs of a page's content streams (Contents is one stream or an array of them). */
export function pageContentRefs(doc: PDFDocument, pageDict: PDFDict): PDFRef[] {
  const contents = pageDict.get(name('Contents'));
  const all = resolved(doc, contents) instanceof PDFArray ? (resolved(doc, contents) as PDFArray).asArray() : [contents];
  return all.filter((r): r is PDFRef => r instanceof PDFRef);
}

/** Every stream that holds page-description operators: page contents, Form XObjects and tiling patterns. */
export function contentStreamRefs(doc: PDFDocument): PDFRef[] {
  const refs = new Set<PDFRef>(doc.getPages().flatMap((p) => pageContentRefs(doc, p.node)));
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (!(object instanceof PDFRawStream)) continue;
    const subtype = object.dict.get(name('Subtype'));
    const patternType = object.dict.get(name('PatternType'));
    if (subtype === name('Form') || (patternType && patternType.toString() === '1')) refs.add(ref);
  }
  return [...refs];
}

/**
 * Passes every content stream's decoded bytes to `rewrite` and stores what it returns in place of the
 * stream (undefined: left as it is); returns how many streams changed.
 */
export function rewriteContentStreams(doc: PDFDocument, rewrite: (bytes: Uint8Array) => Uint8Array | undefined): number {
  let changed = 0;
  for (const ref of contentStreamRefs(doc)) {
    const stream = doc.context.lookup(ref) as PDFRawStream;
    const bytes = streamBytes(stream);
    const out = bytes && rewrite(bytes);
    if (!out) continue;
    replaceStream(doc, ref, stream, out);
    changed++;
  }
  return changed;
}
