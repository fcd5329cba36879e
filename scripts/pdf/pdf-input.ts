/** What the PDF writers (print and screen) are given and return. */
import type { Book } from '../load-book.ts';
import type { ChapterTree } from '../book-model.ts';
import type { TemplateSet } from '../render-template.ts';
import type { WorksheetInstance } from '../worksheets/prepare-worksheets.ts';
import type { BrowserHandle } from '../browser.ts';
import type { Cache } from '../cache.ts';
import type { PageMap } from './page-map.ts';

/** What the last print of a book at a trim found, kept in the build cache for the next print. */
export interface PrintLayout {
  /** Its page count: the first layout then assumes it when choosing the gutter. */
  pages?: number;
  /** The chapters (by id) of each body document: kept while the chapters are the same, so that an edit re-prints one document. */
  groups?: string[][];
}

export interface PdfInput {
  book: Book;
  chapters: ChapterTree[];
  worksheets: WorksheetInstance[];
  templates: TemplateSet;
  browser: BrowserHandle;
  outPath: string;
  cropMarks?: boolean;
  /** Convert to PDF/X-3 (CMYK) with Ghostscript. */
  pdfx?: boolean;
  cache?: Cache;
  /** The last print of this book at this trim, when known. */
  lastLayout?: PrintLayout;
  /** Receives every local file the printed documents loaded. */
  onFile?: (path: string) => void;
  log: (line: string) => void;
}

export interface PdfResult {
  path: string;
  pages: number;
  bytes: number;
  /** Arabic page number of every marked heading and worksheet, by id. */
  pageNumbers: Map<string, number>;
  /** The bytes written. */
  pdf: Uint8Array;
  /** The print edition's body pages (print profile only), for the EPUB's page list. */
  pageMap?: PageMap;
  /** The chapters (by id) of each body document printed (print profile only), for the next build's lastLayout. */
  groups?: string[][];
}
