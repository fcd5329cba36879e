/**
 * Printed documents read for assembly: loaded by pdf-lib, the first words of each page found (for the
 * EPUB's page list) and the text layer mended at hyphenation breaks, each once however many chapters come
 * from it. A body document is also kept, by its bytes' digest, for the next build in the same process
 * (`--watch`, the preview), which then reads only what it printed: assembly only copies pages out of a
 * body document, never changes it. Only the documents of the latest build are kept.
 */
import { PDFDocument } from 'pdf-lib';
import { type Cache, hash } from '../cache.ts';
import { cleanHyphenText } from './hyphen-text.ts';
import { cachedPageStarts } from './page-map.ts';

export interface ReadDocument {
  doc: PDFDocument;
  /** The first words of each page (body documents only). */
  words: string[];
}

let kept = new Map<string, Promise<ReadDocument>>();

async function readDocument(bytes: Uint8Array, body: boolean, cache: Cache | undefined): Promise<ReadDocument> {
  // Let the caller go on (print the next document) before the reading starts.
  await new Promise<void>((next) => setImmediate(next));
  const doc = await PDFDocument.load(bytes);
  const words = body ? cachedPageStarts(bytes, doc, cache) : [];
  cleanHyphenText(doc);
  return { doc, words };
}

/** A reader for one build: `read` starts reading at once; `keep` makes this build's body documents the ones kept. */
export function printedReader(cache: Cache | undefined): { read(bytes: Uint8Array, body: boolean): Promise<ReadDocument>; keep(): void } {
  const reading = new Map<Uint8Array, Promise<ReadDocument>>();
  const used = new Map<string, Promise<ReadDocument>>();
  return {
    read(bytes, body) {
      let pending = reading.get(bytes);
      if (!pending) {
        const key = body ? hash(bytes) : '';
        pending = (body && kept.get(key)) || readDocument(bytes, body, cache);
        pending.catch(() => {}); // reported where it is awaited
        reading.set(bytes, pending);
        if (body) used.set(key, pending);
      }
      return pending;
    },
    keep() {
      kept = used;
    },
  };
}
