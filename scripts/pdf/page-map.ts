/**
 * The print edition's page map: for every body page, its folio, the chapter it belongs to, the first
 * words printed on it and the marked elements (headings, worksheets) on it. The EPUB places its
 * page-break markers from it. Recorded when the print PDF is assembled and saved beside the PDF, so an
 * EPUB built later (`--format epub`) can still carry the page numbers while the manuscript is unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { ChapterTree } from '../book-model.ts';
import { type Cache, cachedJson, hash, kindredVersion } from '../cache.ts';
import { writeAtomic } from '../write-atomic.ts';
import type { PDFDocument } from 'pdf-lib';
import { drawingOfPage } from '../preflight/inspect-drawing.ts';
import { ShownText } from './shown-text.ts';

export interface PrintPage {
  /** The printed folio (body pages count from 1 on the first chapter's opener). */
  folio: string;
  /** `chapter-N`; blank pages belong to the chapter they precede. */
  chapterId: string;
  /** The first words printed on the page; empty on blank pages. */
  text: string;
  /** Ids of the marked elements (headings, worksheets) that start on the page. */
  anchors: string[];
}

export interface PageMap {
  /** Which manuscript the map belongs to: a hash of the chapter trees. */
  fingerprint: string;
  pages: PrintPage[];
}

/** Enough words to find the page's start again in the EPUB's text. */
const TEXT_CHARS = 240;

/** A hash of the chapters as the writers see them: a map from another manuscript is not used. */
export function manuscriptFingerprint(chapters: ChapterTree[]): string {
  const hash = createHash('sha256');
  for (const c of chapters) hash.update(JSON.stringify(c.hast, (key, value) => (key === 'position' ? undefined : value)));
  return hash.digest('hex').slice(0, 32);
}

/** The first words printed on each page of a PDF, in the order Chromium paints them. */
export function pageStarts(doc: PDFDocument): string[] {
  return doc.getPages().map((_, i) => {
    const shown = new ShownText({ maxChars: TEXT_CHARS });
    // Only the page's first words are wanted: reading stops there. Latin ligatures (ﬁ) are spelt out.
    drawingOfPage(doc, i, shown.glyph, () => shown.text.length >= TEXT_CHARS);
    return shown.text.replace(/[\uFB00-\uFB06]/g, (l) => l.normalize('NFKC')).replace(/\s+/g, ' ').trim().slice(0, TEXT_CHARS);
  });
}

/** pageStarts of a PDF (its bytes and the document loaded from them) kept in the build cache by the bytes: after an edit, only the documents printed again are read. */
export function cachedPageStarts(data: Uint8Array, doc: PDFDocument, cache: Cache | undefined): string[] {
  const isStarts = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');
  return cachedJson(cache, 'page-starts', cache ? hash(kindredVersion(), data) : '', isStarts, () => pageStarts(doc));
}

/** Where the map of a PDF is kept: `dist/closer.pdf` → `dist/closer.pages.json`. */
export const pageMapPath = (pdfPath: string): string => pdfPath.replace(/\.pdf$/i, '') + '.pages.json';

export function savePageMap(pdfPath: string, map: PageMap): void {
  writeAtomic(pageMapPath(pdfPath), `${JSON.stringify(map, null, 1)}\n`);
}

/** The map saved by the last print build, if it is for these chapters. */
export function loadPageMap(pdfPath: string, chapters: ChapterTree[], log: (line: string) => void): PageMap | undefined {
  const path = pageMapPath(pdfPath);
  if (!existsSync(path)) return undefined;
  try {
    const map = JSON.parse(readFileSync(path, 'utf8')) as PageMap;
    if (map.fingerprint === manuscriptFingerprint(chapters) && Array.isArray(map.pages)) return map;
    log(`note: ${path} is from an earlier manuscript; the EPUB carries no print page numbers (build the PDF with it to add them)`);
  } catch {
    log(`warning: ${path} is not a page map; the EPUB carries no print page numbers`);
  }
  return undefined;
}
