/**
 * Puts the separately printed parts together with pdf-lib: blank pages so that parts open on the right,
 * running heads and folios stamped on body pages (none on openers and blanks), page boxes for print.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, setCharacterSpacing, pushGraphicsState, popGraphicsState } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { fontBytes } from '../fonts.ts';
import { mediaSize, versoShift, type PageGeometry } from './page-geometry.ts';
import { planPages, toRoman } from './plan-pages.ts';
import { addCropMarks, drawThumbTab } from './print-marks.ts';

export interface AssemblyPart {
  pdf: PDFDocument;
  /** The part's pages in pdf (default: all); several parts may share one printed document. */
  pageIndices?: number[];
  startOn: 'recto' | 'any';
  folio: 'roman' | 'arabic' | 'none';
  /** Running heads for left and right pages; omitted: no heads. */
  heads?: { verso: string; recto: string };
  /** Leading pages that carry neither head nor folio (a chapter opener). */
  plainPages: number;
  /** Chapter number, for the thumb tab on its opener when the book bleeds. */
  chapter?: number;
}

export interface AssemblyOptions {
  cropMarks?: boolean;
}

export interface PageInfo {
  recto: boolean;
  blank: boolean;
  folio?: string;
}

interface Fonts {
  head: PDFFont;
  folio: PDFFont;
}

const HEAD_SIZE = 7.6;
const FOLIO_SIZE = 9;
const INK = rgb(0, 0, 0); // pure black, printed solid on a one-colour press (tokens.css --ink)

async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const head = await doc.embedFont(await fontBytes('Source Sans 3', 600, 'normal'), { subset: false });
  const folio = await doc.embedFont(await fontBytes('Source Serif 4', 400, 'normal'), { subset: false });
  return { head, folio };
}

function drawSpaced(page: PDFPage, text: string, x: number, y: number, font: PDFFont, size: number, spacing: number): void {
  page.pushOperators(pushGraphicsState(), setCharacterSpacing(spacing));
  page.drawText(text, { x, y, size, font, color: INK });
  page.pushOperators(setCharacterSpacing(0), popGraphicsState());
}

function spacedWidth(text: string, font: PDFFont, size: number, spacing: number): number {
  return font.widthOfTextAtSize(text, size) + spacing * Math.max(0, text.length - 1);
}

/** Head and folio on the head line: folio at the outside edge of the text block, the head beside it. */
function stamp(page: PDFPage, g: PageGeometry, fonts: Fonts, recto: boolean, folio: string | undefined, head: string | undefined): void {
  const left = (recto ? 0 : g.bleed) + (recto ? g.inside : g.outside);
  const right = (recto ? 0 : g.bleed) + g.trim.widthPt - (recto ? g.outside : g.inside);
  const baseline = g.bleed + g.trim.heightPt - g.top * 0.52;
  const spacing = HEAD_SIZE * 0.12;
  const headText = head?.toUpperCase();
  const gap = 14;
  if (folio) {
    const w = fonts.folio.widthOfTextAtSize(folio, FOLIO_SIZE);
    page.drawText(folio, { x: recto ? right - w : left, y: baseline, size: FOLIO_SIZE, font: fonts.folio, color: INK });
    if (headText) {
      const hw = spacedWidth(headText, fonts.head, HEAD_SIZE, spacing);
      drawSpaced(page, headText, recto ? right - w - gap - hw : left + w + gap, baseline + 0.5, fonts.head, HEAD_SIZE, spacing);
    }
  }
}

/** Merges the parts into one book; returns the document and what each page is. */
export async function assembleBook(parts: AssemblyPart[], g: PageGeometry, options: AssemblyOptions = {}): Promise<{ doc: PDFDocument; pages: PageInfo[] }> {
  const doc = await PDFDocument.create();
  const fonts = await embedFonts(doc);
  const indices = (p: AssemblyPart) => p.pageIndices ?? p.pdf.getPageIndices();
  const plan = planPages(parts.map((p) => ({ pages: indices(p).length, startOn: p.startOn })), { evenTotal: true });
  // Copy each printed document once, so parts cut from it share its fonts instead of duplicating them.
  const copies = new Map<PDFDocument, PDFPage[]>();
  for (const part of parts) if (!copies.has(part.pdf)) copies.set(part.pdf, await doc.copyPages(part.pdf, part.pdf.getPageIndices()));
  const shift = versoShift(g);
  const { width, height } = mediaSize(g);
  const pages: PageInfo[] = [];
  const chapterCount = parts.filter((p) => p.chapter).length;
  const bodyStart = plan.starts[parts.findIndex((p) => p.folio === 'arabic')] ?? 0;
  const folioFor = (index: number, style: AssemblyPart['folio']) =>
    style === 'roman' ? toRoman(index + 1) : style === 'arabic' ? String(index - bodyStart + 1) : undefined;

  let cursor = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    while (cursor < plan.starts[p]) {
      doc.addPage([width, height]);
      pages.push({ recto: cursor % 2 === 0, blank: true });
      cursor++;
    }
    const source = copies.get(part.pdf)!;
    indices(part).forEach((pageIndex, i) => {
      const page = doc.addPage(source[pageIndex]);
      const recto = cursor % 2 === 0;
      if (!recto && shift !== 0) page.translateContent(shift, 0);
      const plain = i < part.plainPages;
      const folio = plain ? undefined : folioFor(cursor, part.folio);
      stamp(page, g, fonts, recto, folio, plain ? undefined : recto ? part.heads?.recto : part.heads?.verso);
      if (i === 0 && part.chapter) drawThumbTab(page, g, fonts.head, part.chapter, chapterCount);
      pages.push({ recto, blank: false, folio });
      cursor++;
    });
  }
  while (cursor < plan.total) {
    doc.addPage([width, height]);
    pages.push({ recto: cursor % 2 === 0, blank: true });
    cursor++;
  }
  setPageBoxes(doc, g);
  if (options.cropMarks) addCropMarks(doc, g);
  return { doc, pages };
}

/** MediaBox = trim + bleed (outside, top, bottom), TrimBox = trim, BleedBox = MediaBox when bleeding. */
export function setPageBoxes(doc: PDFDocument, g: PageGeometry): void {
  const { width, height } = mediaSize(g);
  doc.getPages().forEach((page, i) => {
    const recto = i % 2 === 0;
    page.setMediaBox(0, 0, width, height);
    page.setCropBox(0, 0, width, height);
    page.setTrimBox(recto ? 0 : g.bleed, g.bleed, g.trim.widthPt, g.trim.heightPt);
    if (g.bleed > 0) page.setBleedBox(0, 0, width, height);
  });
}
