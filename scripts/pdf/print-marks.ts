/** Marks outside the trim: crop marks on request, and thumb tabs on chapter openers when the page bleeds. */
import { type Color, type PDFDocument, type PDFPage, rgb } from 'pdf-lib';
import { PT_PER_IN } from '../print-rules.ts';
import { mediaSize, type PageGeometry } from './page-geometry.ts';

const REGISTRATION = rgb(0, 0, 0);

/** The trim rectangle of a page in PDF coordinates (bleed is on the outside edge). */
export function trimRect(g: PageGeometry, recto: boolean): { x: number; y: number; width: number; height: number } {
  return { x: recto ? 0 : g.bleed, y: g.bleed, width: g.trim.widthPt, height: g.trim.heightPt };
}

/**
 * Grows every page by a slug and draws crop marks at the trim corners, kept clear of the bleed.
 * Off by default: print-on-demand services reject files with marks.
 */
export function addCropMarks(doc: PDFDocument, g: PageGeometry): void {
  const slug = 0.5 * PT_PER_IN;
  const offset = Math.max(g.bleed, 0) + 0.0625 * PT_PER_IN;
  const length = 0.25 * PT_PER_IN;
  const { width, height } = mediaSize(g);
  doc.getPages().forEach((page, i) => {
    const t = trimRect(g, i % 2 === 0);
    page.setMediaBox(-slug, -slug, width + 2 * slug, height + 2 * slug);
    page.setCropBox(-slug, -slug, width + 2 * slug, height + 2 * slug);
    const line = (x1: number, y1: number, x2: number, y2: number) => page.drawLine({ start: { x: x1, y: y1 }, end: { x: x2, y: y2 }, thickness: 0.25, color: REGISTRATION });
    for (const x of [t.x, t.x + t.width]) {
      for (const y of [t.y, t.y + t.height]) {
        const dx = x === t.x ? -1 : 1;
        const dy = y === t.y ? -1 : 1;
        line(x + dx * offset, y, x + dx * (offset + length), y); // horizontal mark in line with the trim edge
        line(x, y + dy * offset, x, y + dy * (offset + length)); // vertical mark
      }
    }
  });
}

/** A tab at the outside edge of a chapter opener, running into the bleed, placed by chapter number. */
export function drawThumbTab(
  page: PDFPage,
  g: PageGeometry,
  drawLabel: (label: string, x: number, y: number) => void,
  labelWidth: (label: string) => number,
  color: Color,
  chapter: number,
  chapters: number,
): void {
  if (g.bleed <= 0) return;
  const t = trimRect(g, true);
  const band = (t.height * 0.62) / Math.max(chapters, 1);
  const height = Math.min(band - 4, 0.55 * PT_PER_IN);
  const top = t.y + t.height - t.height * 0.19 - (chapter - 1) * band;
  // The tab's colour runs into the bleed; its number stays inside the 0.375 in safety margin.
  const depth = 0.6 * PT_PER_IN;
  const x = t.x + t.width - depth;
  page.drawRectangle({ x, y: top - height, width: depth + g.bleed, height, color });
  const label = String(chapter);
  const size = 9;
  const w = labelWidth(label);
  const labelRight = t.x + t.width - 0.42 * PT_PER_IN;
  drawLabel(label, Math.min(x + (depth - 0.42 * PT_PER_IN - w) / 2, labelRight - w), top - height / 2 - size * 0.35);
}
