/**
 * The body: chapters printed in a few documents (one per core, cached by content) rather than one
 * document per chapter, which spent most of its time loading fonts and styles again for every chapter.
 * Each chapter is found again in its document by the marker on its `#` title.
 */
import type { PDFDocument } from 'pdf-lib';
import type { ChapterTree } from '../book-model.ts';
import { placeMarkers, readMarkers, type Marker } from './markers.ts';

export interface PrintedChapter {
  chapter: ChapterTree;
  pdf: PDFDocument;
  /** Page indexes of the chapter in pdf. */
  pageIndices: number[];
  /** Page index within the chapter of every marked element in it. */
  markers: Map<string, number>;
}

/** Splits chapters into consecutive groups of roughly equal size. */
export function groupChapters<T>(items: T[], size: (item: T) => number, groups: number): T[][] {
  const total = items.reduce((sum, item) => sum + size(item), 0);
  const target = total / Math.max(1, Math.min(groups, items.length));
  const out: T[][] = [[]];
  let filled = 0;
  for (const item of items) {
    const current = out[out.length - 1];
    if (current.length > 0 && filled + size(item) / 2 > target * out.length && out.length < groups) out.push([]);
    out[out.length - 1].push(item);
    filled += size(item);
  }
  return out;
}

/** The page ranges of parts that start where the markers `ids` are (the first part starts on page 0). */
export function cutAtMarkers(placed: Map<string, Marker>, ids: string[], pageCount: number): { start: number; end: number }[] {
  const starts = ids.map((id, i) => (i === 0 ? 0 : placed.get(id)?.pageIndex ?? NaN));
  if (starts.some((s) => Number.isNaN(s))) throw new Error(`a part marker is missing from the printed document: ${ids.find((_, i) => Number.isNaN(starts[i]))}`);
  return starts.map((start, i) => ({ start, end: i + 1 < starts.length ? starts[i + 1] : pageCount }));
}

export const range = ({ start, end }: { start: number; end: number }) => Array.from({ length: end - start }, (_, k) => start + k);

/** Where one chapter's pages are: a printed document, the first marker of each chapter it holds, and which of those it is. */
export interface ChapterSource {
  pdf: PDFDocument;
  starts: string[];
  at: number;
}

/** Cuts printed documents (loaded with pdf-lib) back into chapters: sources[i] says where chapters[i] is. */
export function cutChapters(chapters: ChapterTree[], sources: ChapterSource[]): PrintedChapter[] {
  const cuts = new Map<PDFDocument, { placed: Map<string, Marker>; ranges: { start: number; end: number }[] }>();
  return chapters.map((chapter, i) => {
    const { pdf, starts, at } = sources[i];
    let cut = cuts.get(pdf);
    if (!cut) {
      const placed = placeMarkers(readMarkers(pdf));
      cut = { placed, ranges: cutAtMarkers(placed, starts, pdf.getPageCount()) };
      cuts.set(pdf, cut);
    }
    const { start, end } = cut.ranges[at];
    const markers = new Map<string, number>();
    for (const [id, marker] of cut.placed) if (marker.pageIndex >= start && marker.pageIndex < end) markers.set(id, marker.pageIndex - start);
    return { chapter, pdf, pageIndices: range(cut.ranges[at]), markers };
  });
}
