/**
 * Where each chapter was last printed. Chapters never share a page and each lays out on its own (it
 * starts on a new page; heads, folios and blank pages are added later), so a chapter whose HTML is
 * unchanged can be cut from whichever cached document printed it. After an edit, a body document then
 * re-prints only its chapters that changed, in a document of their own, instead of all of its pages.
 */
import type { ChapterTree } from '../book-model.ts';
import { type Cache, hash } from '../cache.ts';
import { cachedDocument, documentKey, type PrintJob } from './print-documents.ts';

const KIND = 'chapter-print';

/** Where a chapter's pages are: a printed document, the chapters it holds (their first markers, in order) and which one. */
export interface ChapterPlace {
  /** The print cache key of the document. */
  doc: string;
  bytes: Uint8Array;
  starts: string[];
  at: number;
}

/** A chapter's key: its HTML inside a document shell (the stylesheet and page rules, as a document key). */
export const chapterKey = (shellKey: string, html: string): string => hash('chapter', shellKey, html);

/**
 * Finds chapters in the cache by their keys; documents are read once each. A chapter whose document is
 * gone, or loaded a file that has changed since, is not found.
 */
export function chapterFinder(cache: Cache, onFile?: (path: string) => void): (key: string) => ChapterPlace | undefined {
  const docs = new Map<string, Uint8Array | undefined>();
  return (key) => {
    const meta = cache.get(KIND, key)?.meta as Partial<Omit<ChapterPlace, 'bytes'>> | undefined;
    if (!meta || typeof meta.doc !== 'string' || !Array.isArray(meta.starts) || typeof meta.at !== 'number') return undefined;
    if (!docs.has(meta.doc)) docs.set(meta.doc, cachedDocument(cache, meta.doc, onFile));
    const bytes = docs.get(meta.doc);
    return bytes && { doc: meta.doc, bytes, starts: meta.starts, at: meta.at };
  };
}

/** Records that the document `doc` holds the chapters with these keys, in this order. */
export function rememberChapters(cache: Cache, doc: string, keys: string[], starts: string[]): void {
  for (const [at, key] of keys.entries()) cache.put(KIND, key, '', { doc, starts, at });
}

/** A chapter's pages once printed: the document's bytes, the first marker of each chapter it holds, and which one. */
export interface PlacedChapter {
  bytes: Uint8Array;
  starts: string[];
  at: number;
}

export interface BodyJobOptions {
  chapterHtml: (chapter: ChapterTree) => string;
  /** The printed document around some chapters' HTML. */
  document: (content: string) => string;
  cache?: Cache;
  /** The browser's identity (part of every key). */
  identity: string;
  onFile?: (path: string) => void;
}

/**
 * The print jobs of the body documents, one per group of chapters, and `place`, which takes what they
 * printed and says where every chapter's pages are, in book order. A job renders its chapters when a
 * page of the browser is free; chapters found in the cache are left out of it, and a job left with none
 * prints nothing. A job that finds none prints its whole group: the same document, and key, as before.
 */
export function bodyJobs(groups: ChapterTree[][], options: BodyJobOptions): { jobs: PrintJob[]; place: (printed: (Uint8Array | undefined)[]) => PlacedChapter[] } {
  const { cache, identity } = options;
  const firstMarker = (c: ChapterTree) => c.headings[0]?.id ?? '';
  const shellKey = cache ? documentKey(identity, {}, options.document('')) : '';
  const find = cache && chapterFinder(cache, options.onFile);
  const placed: (PlacedChapter | undefined)[][] = groups.map((group) => group.map(() => undefined));
  // What each job prints: the chapters of its group it holds (their places in the group) and their keys.
  const printing: { members: number[]; keys: string[]; doc: string }[] = [];
  const jobs = groups.map((group, g) => ({
    name: `body-${g + 1}`,
    html: () => {
      const htmls = group.map(options.chapterHtml);
      const keys = cache ? htmls.map((html) => chapterKey(shellKey, html)) : [];
      if (find) for (const [k, key] of keys.entries()) placed[g][k] = find(key);
      const members = group.map((_, k) => k).filter((k) => !placed[g][k]);
      if (!members.length) return null;
      const html = options.document(members.map((k) => htmls[k]).join('\n'));
      printing[g] = { members, keys: members.map((k) => keys[k]), doc: cache ? documentKey(identity, {}, html) : '' };
      return html;
    },
  }));
  const place = (printed: (Uint8Array | undefined)[]): PlacedChapter[] => {
    printing.forEach(({ members, keys, doc }, g) => {
      const bytes = printed[g];
      if (!bytes) throw new Error(`body document ${g + 1} was not printed`);
      const starts = members.map((k) => firstMarker(groups[g][k]));
      if (cache) rememberChapters(cache, doc, keys, starts);
      for (const [at, k] of members.entries()) placed[g][k] = { bytes, starts, at };
    });
    return placed.flat().map((p, i) => {
      if (!p) throw new Error(`chapter ${i + 1} was neither printed nor found in the cache`);
      return p;
    });
  };
  return { jobs, place };
}
