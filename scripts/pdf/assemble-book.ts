/**
 * Puts the separately printed parts together with pdf-lib: blank pages so that parts open on the right,
 * running heads and folios stamped on body pages (none on openers and blanks), page boxes for print.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, setCharacterSpacing, pushGraphicsState, popGraphicsState } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { bookFonts, facesFor, fontBytes, sourceBytes, type FontPlan } from '../fonts.ts';
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
  /** The book's fonts: running heads in a script the head face lacks are drawn with the fallback faces. */
  fonts?: FontPlan;
}

export interface PageInfo {
  recto: boolean;
  blank: boolean;
  folio?: string;
}

interface Fonts {
  head: PDFFont;
  folio: PDFFont;
  /** Each running head as runs of text and the font that has their glyphs. */
  headRuns: Map<string, { text: string; font: PDFFont }[]>;
}

const HEAD_SIZE = 7.6;
const FOLIO_SIZE = 9;
const INK = rgb(0.1, 0.1, 0.1);

async function embedFonts(doc: PDFDocument, heads: string[], plan: FontPlan): Promise<Fonts> {
  doc.registerFontkit(fontkit);
  const head = await doc.embedFont(await fontBytes('Source Sans 3', 600, 'normal'), { subset: false });
  const folio = await doc.embedFont(await fontBytes('Source Serif 4', 400, 'normal'), { subset: false });
  // Characters the head face lacks (a Chinese title) come from the fallback slice that has them.
  const extra = new Map<string, PDFFont>();
  const headRuns = new Map<string, { text: string; font: PDFFont }[]>();
  for (const text of new Set(heads)) {
    const runs: { text: string; font: PDFFont }[] = [];
    for (const run of facesFor(plan, text, { family: 'Source Sans 3', weight: 600 })) {
      let font = head;
      if (run.source && run.face?.family !== 'Source Sans 3') {
        if (!extra.has(run.source.file)) extra.set(run.source.file, await doc.embedFont(await sourceBytes(run.source), { subset: false }));
        font = extra.get(run.source.file)!;
      }
      runs.push({ text: run.text, font });
    }
    headRuns.set(text, runs);
  }
  return { head, folio, headRuns };
}

function drawSpaced(page: PDFPage, runs: { text: string; font: PDFFont }[], x: number, y: number, size: number, spacing: number): void {
  page.pushOperators(pushGraphicsState(), setCharacterSpacing(spacing));
  for (const run of runs) {
    page.drawText(run.text, { x, y, size, font: run.font, color: INK });
    x += spacedWidth([run], size, spacing) + spacing;
  }
  page.pushOperators(setCharacterSpacing(0), popGraphicsState());
}

function spacedWidth(runs: { text: string; font: PDFFont }[], size: number, spacing: number): number {
  const chars = runs.reduce((n, r) => n + [...r.text].length, 0);
  return runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, size), 0) + spacing * Math.max(0, chars - 1);
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
      const runs = fonts.headRuns.get(headText) ?? [{ text: headText, font: fonts.head }];
      const hw = spacedWidth(runs, HEAD_SIZE, spacing);
      drawSpaced(page, runs, recto ? right - w - gap - hw : left + w + gap, baseline + 0.5, HEAD_SIZE, spacing);
    }
  }
}

/** Merges the parts into one book; returns the document and what each page is. */
export async function assembleBook(parts: AssemblyPart[], g: PageGeometry, options: AssemblyOptions = {}): Promise<{ doc: PDFDocument; pages: PageInfo[] }> {
  const doc = await PDFDocument.create();
  const heads = parts.flatMap((p) => (p.heads ? [p.heads.verso, p.heads.recto] : [])).map((h) => h.toUpperCase());
  const fonts = await embedFonts(doc, heads, options.fonts ?? bookFonts());
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
