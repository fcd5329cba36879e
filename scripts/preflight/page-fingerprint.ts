/**
 * A fingerprint of what each page draws: its content streams' bytes and everything its resources point
 * to (fonts with their files, images, Form XObjects, colour spaces), each object hashed once however many
 * pages share it. Two pages with the same fingerprint draw the same thing, so what preflight measured on
 * one holds for the other: after an edit, only the pages that changed are measured again.
 */
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, type PDFDocument, PDFName, type PDFObject, PDFRawStream, PDFRef } from 'pdf-lib';
import { pageContentRefs } from '../pdf/pdf-streams.ts';

const sha1 = (text: string | Uint8Array) => createHash('sha1').update(text).digest('base64');
const PARENT = PDFName.of('Parent');

/** The digest of an object and all it refers to; refs resolved once (memo), the page tree not followed. */
function digestOf(doc: PDFDocument, value: PDFObject | undefined, memo: Map<PDFRef, string>): string {
  if (value instanceof PDFRef) {
    const known = memo.get(value);
    if (known !== undefined) return known;
    memo.set(value, `cycle ${value.toString()}`);
    const digest = sha1(digestOf(doc, doc.context.lookup(value), memo));
    memo.set(value, digest);
    return digest;
  }
  if (value instanceof PDFRawStream) return `stream ${digestOf(doc, value.dict, memo)} ${sha1(value.contents)}`;
  if (value instanceof PDFDict) {
    const entries = [...value.entries()].filter(([key]) => key !== PARENT).map(([key, v]) => `${key.toString()} ${digestOf(doc, v, memo)}`);
    return `<<${entries.sort().join(' ')}>>`;
  }
  if (value instanceof PDFArray) return `[${value.asArray().map((v) => digestOf(doc, v, memo)).join(' ')}]`;
  return value?.toString() ?? 'null';
}

/** One fingerprint per page, in page order. */
export function pageFingerprints(doc: PDFDocument): string[] {
  const memo = new Map<PDFRef, string>();
  return doc.getPages().map((page) => {
    const contents = pageContentRefs(doc, page.node).map((ref) => digestOf(doc, ref, memo));
    return sha1(`${contents.join(' ')} ${digestOf(doc, page.node.Resources(), memo)}`);
  });
}
