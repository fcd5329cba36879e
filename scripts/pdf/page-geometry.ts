/**
 * The page design as numbers: trim, bleed, mirrored margins and the body type size, chosen from the trim
 * so that the text measure stays near 66 characters; the inside margin never falls below the
 * print-on-demand gutter for the page count.
 */
import { gutterMinimumIn, outerMinimumIn, PT_PER_IN, type Trim } from '../print-rules.ts';

export interface PageGeometry {
  trim: Trim;
  /** Bleed in pt on the outside, top and bottom edges (0 when off). */
  bleed: number;
  /** Margins from the trim edge, pt. */
  inside: number;
  outside: number;
  top: number;
  bottom: number;
  /** Body type size and leading, pt. */
  fontSize: number;
  lineHeight: number;
  /** Page count the gutter was chosen for. */
  pagesAssumed: number;
}

/** Chooses the page design for a trim, bleed and expected page count. */
export function pageGeometry(trim: Trim, bleed: number, pagesAssumed: number): PageGeometry {
  const widthIn = trim.widthPt / PT_PER_IN;
  const fontSize = widthIn >= 7.5 ? 11.5 : widthIn >= 6.5 ? 11 : 10.5;
  const lineHeight = Math.round(fontSize * 1.45 * 4) / 4;
  const textWidth = Math.min(32 * fontSize, trim.widthPt - 1.375 * PT_PER_IN); // 65–70 characters a line
  const spare = trim.widthPt - textWidth;
  const gutter = gutterMinimumIn(pagesAssumed) * PT_PER_IN;
  const outerMin = outerMinimumIn(bleed > 0) * PT_PER_IN;
  const inside = Math.max(spare * 0.42, gutter + 0.125 * PT_PER_IN);
  const outside = Math.max(spare - inside, outerMin + 0.25 * PT_PER_IN);
  const top = Math.max(0.7 * PT_PER_IN, trim.heightPt * 0.085);
  const bottom = Math.max(0.75 * PT_PER_IN, trim.heightPt * 0.1);
  return { trim, bleed, inside, outside, top, bottom, fontSize, lineHeight, pagesAssumed };
}

/** About how many characters of body text a line holds, from the body face's mean character width in em (see fonts.ts). */
export function charsPerLine(g: PageGeometry, averageCharEm: number): number {
  return Math.round((g.trim.widthPt - g.inside - g.outside) / (g.fontSize * averageCharEm));
}

/** True when the geometry's gutter is still wide enough for this many pages. */
export function gutterFits(geometry: PageGeometry, pageCount: number): boolean {
  return geometry.inside >= gutterMinimumIn(pageCount) * PT_PER_IN + 0.125 * PT_PER_IN - 0.01;
}

/** How far a page printed as a right-hand page moves to become a left-hand one. */
export function versoShift(g: PageGeometry): number {
  return g.outside + g.bleed - g.inside;
}

/** The printed sheet: trim plus bleed on the outside edge and top and bottom. */
export function mediaSize(g: PageGeometry): { width: number; height: number } {
  return { width: g.trim.widthPt + g.bleed, height: g.trim.heightPt + 2 * g.bleed };
}

const pt = (n: number) => `${Math.round(n * 1000) / 1000}pt`;

/**
 * @page rules for Chromium: one sheet size for all pages, every page laid out as a right-hand page
 * (inside margin on the left, bleed on the right). Left and right pages have the same text width, so
 * their lines break alike; pages that land on the left are moved across after printing (see versoShift),
 * which lets parts print independently of where they fall in the book.
 */
export function pageCss(g: PageGeometry): string {
  const { width, height } = mediaSize(g);
  const top = g.top + g.bleed;
  const bottom = g.bottom + g.bleed;
  return [
    `@page { size: ${pt(width)} ${pt(height)}; margin: ${pt(top)} ${pt(g.outside + g.bleed)} ${pt(bottom)} ${pt(g.inside)}; }`,
    `:root { --page-width: ${pt(width)}; --page-height: ${pt(height)}; --bleed: ${pt(g.bleed)}; --margin-top: ${pt(top)}; --margin-bottom: ${pt(bottom)}; --body-size: ${pt(g.fontSize)}; --body-leading: ${pt(g.lineHeight)}; --text-width: ${pt(g.trim.widthPt - g.inside - g.outside)}; --text-height: ${pt(g.trim.heightPt - g.top - g.bottom)}; }`,
    // While a document is composed (compose-page.ts) it is laid out at the text block's width, so that its
    // lines break as they will on paper; from its first layout on, when its <html> carries the attribute.
    `:root[data-composing] { width: var(--text-width); }`,
  ].join('\n');
}
