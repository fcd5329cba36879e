/**
 * Puts the separately printed parts together with pdf-lib: blank pages so that parts open on the right,
 * running heads and folios stamped on body pages (none on openers and blanks), page boxes for print.
 */
import { PDFDocument, type PDFFont, type PDFPage, rgb, setCharacterSpacing, pushGraphicsState, popGraphicsState, translate } from 'pdf-lib';
import type { HeadStyle, TextStyle } from './head-style.ts';
import type { Leaf } from './leaves.ts';
import { outerMinimumIn, PT_PER_IN } from '../print-rules.ts';
import { bookFonts, facesFor, fontBytes, sourceBytes, type FontPlan } from '../fonts.ts';
import { mediaSize, versoShift, type PageGeometry } from './page-geometry.ts';
import { planPages, toRoman } from './plan-pages.ts';
import { addCropMarks, drawThumbTab } from './print-marks.ts';
import { readyForFonts, remembering } from './embed-fonts.ts';

export interface AssemblyPart {
  pdf: PDFDocument;
  /**
   * The part's pages in pdf (default: all); several parts may share one printed document. `notes` is a
   * copy of the notes page, `blank` an empty page (a cut-out leaf's back): neither moves any text.
   */
  pageIndices?: Leaf[];
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
  /** The printed notes page, copied where a part asks for `notes`. */
  notesPage?: { pdf: PDFDocument; index: number };
  /** How heads, folios and thumb tabs look (templates' tokens); defaults to the built-in tokens. */
  style?: HeadStyle;
  /** The book's fonts: running heads in a script the head face lacks are drawn with the fallback faces. */
  fonts?: FontPlan;
}

export interface PageInfo {
  recto: boolean;
  blank: boolean;
  folio?: string;
}

interface Stamp {
  font: PDFFont;
  style: TextStyle;
}

interface Fonts {
  head: Stamp;
  folio: Stamp;
  tab: Stamp;
  /** Each running head (as stamped) as runs of text and the font that has their glyphs. */
  headRuns: Map<string, Run[]>;
}

const DEFAULT_STYLE: HeadStyle = {
  head: { family: 'Source Sans 3', weight: 600, style: 'normal', size: 7.6, tracking: 0.53, uppercase: true, color: [0, 0, 0] },
  folio: { family: 'Source Serif 4', weight: 400, style: 'normal', size: 9, tracking: 0, uppercase: false, color: [0, 0, 0] },
  gap: 14,
  tab: { color: [0.478, 0.231, 0.231], text: { family: 'Source Sans 3', weight: 600, style: 'normal', size: 9, tracking: 0, uppercase: false, color: [1, 1, 1] } },
};

type Run = { text: string; font: PDFFont };

async function embedFonts(doc: PDFDocument, style: HeadStyle, heads: string[], plan: FontPlan): Promise<Fonts> {
  readyForFonts(doc);
  const embedWhole = async (bytes: Uint8Array) => remembering(await doc.embedFont(bytes, { subset: false }), bytes);
  const embed = async (s: TextStyle): Promise<Stamp> => ({ font: await embedWhole(await fontBytes(s.family, s.weight, s.style, plan)), style: s });
  const head = await embed(style.head);
  // Characters the head face lacks (a Chinese title) come from the fallback slice that has them.
  const extra = new Map<string, PDFFont>();
  const headRuns = new Map<string, Run[]>();
  for (const text of new Set(heads.map((h) => textOf(h, style.head)))) {
    const runs: Run[] = [];
    for (const run of facesFor(plan, text, { family: style.head.family, weight: style.head.weight })) {
      let font = head.font;
      if (run.source && run.face?.family !== style.head.family) {
        if (!extra.has(run.source.file)) extra.set(run.source.file, await embedWhole(await sourceBytes(run.source)));
        font = extra.get(run.source.file)!;
      }
      runs.push({ text: run.text, font });
    }
    headRuns.set(text, runs);
  }
  return { head, folio: await embed(style.folio), tab: await embed(style.tab.text), headRuns };
}

const textOf = (text: string, s: TextStyle) => (s.uppercase ? text.toUpperCase() : text);

/** Width of a stamped text with its tracking (none after the last character). */
export function stampWidth(text: string, { font, style }: Stamp, runs: Run[] = [{ text: textOf(text, style), font }]): number {
  const chars = runs.reduce((n, r) => n + [...r.text].length, 0);
  return runs.reduce((w, r) => w + r.font.widthOfTextAtSize(r.text, style.size), 0) + style.tracking * Math.max(0, chars - 1);
}

/** Draws a text with its style at (x, baseline y). */
export function drawStamp(page: PDFPage, text: string, x: number, y: number, { font, style }: Stamp, runs: Run[] = [{ text: textOf(text, style), font }]): void {
  const color = rgb(...style.color);
  page.pushOperators(pushGraphicsState(), setCharacterSpacing(style.tracking));
  for (const run of runs) {
    page.drawText(run.text, { x, y, size: style.size, font: run.font, color });
    x += run.font.widthOfTextAtSize(run.text, style.size) + style.tracking * [...run.text].length;
  }
  page.pushOperators(setCharacterSpacing(0), popGraphicsState());
}

/** Distance from the trim's top edge to the head line's baseline: in the top margin, and with bleed still 0.375 in (KDP) clear of the trim. */
export function headBaselineFromTop(g: PageGeometry, style: HeadStyle): number {
  // The fonts' ascent (about the type size), which is where PDF readers and preflight put the text's top.
  const ascent = Math.max(style.folio.size, style.head.size) * 1.05;
  const safe = (outerMinimumIn(g.bleed > 0) + 0.03) * PT_PER_IN + ascent;
  return Math.max(g.top * 0.52, safe);
}

/** Head and folio on the head line: folio flush with the outer edge of the text block, the head beside it. */
function stamp(page: PDFPage, g: PageGeometry, fonts: Fonts, style: HeadStyle, recto: boolean, folio: string | undefined, head: string | undefined): void {
  if (!folio) return;
  const left = (recto ? 0 : g.bleed) + (recto ? g.inside : g.outside);
  const right = (recto ? 0 : g.bleed) + g.trim.widthPt - (recto ? g.outside : g.inside);
  const baseline = g.bleed + g.trim.heightPt - headBaselineFromTop(g, style);
  const w = stampWidth(folio, fonts.folio);
  drawStamp(page, folio, recto ? right - w : left, baseline, fonts.folio);
  if (!head) return;
  const runs = fonts.headRuns.get(textOf(head, fonts.head.style));
  const hw = stampWidth(head, fonts.head, runs);
  drawStamp(page, head, recto ? right - w - style.gap - hw : left + w + style.gap, baseline + 0.5, fonts.head, runs);
}

/**
 * Moves what Chromium printed across by dx. pdf-lib's translateContent also moves everything drawn on the
 * page afterwards (its own content stream sits inside the shift), which put verso heads 0.54 in off the
 * text block at 8.5×11; here the printed streams alone are wrapped, and later drawing lands unshifted.
 */
function moveContent(page: PDFPage, dx: number): void {
  const { context } = page.doc;
  page.node.normalize();
  const start = context.register(context.contentStream([pushGraphicsState(), translate(dx, 0)]));
  const end = context.register(context.contentStream([popGraphicsState()]));
  page.node.wrapContentStreams(start, end);
}

/** Merges the parts into one book; returns the document and what each page is. */
export async function assembleBook(parts: AssemblyPart[], g: PageGeometry, options: AssemblyOptions = {}): Promise<{ doc: PDFDocument; pages: PageInfo[] }> {
  const doc = await PDFDocument.create();
  const style = options.style ?? DEFAULT_STYLE;
  const heads = parts.flatMap((p) => (p.heads ? [p.heads.verso, p.heads.recto] : []));
  const fonts = await embedFonts(doc, style, heads, options.fonts ?? bookFonts());
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
    for (const [i, leaf] of indices(part).entries()) {
      const recto = cursor % 2 === 0;
      if (leaf === 'blank' || (leaf === 'notes' && !options.notesPage)) {
        doc.addPage([width, height]);
        pages.push({ recto, blank: true });
        cursor++;
        continue;
      }
      const page = doc.addPage(leaf === 'notes' ? (await doc.copyPages(options.notesPage!.pdf, [options.notesPage!.index]))[0] : source[leaf]);
      if (!recto && shift !== 0) moveContent(page, shift);
      const plain = i < part.plainPages;
      const folio = plain ? undefined : folioFor(cursor, part.folio);
      stamp(page, g, fonts, style, recto, folio, plain ? undefined : recto ? part.heads?.recto : part.heads?.verso);
      if (i === 0 && part.chapter) drawThumbTab(page, g, (label, x, y) => drawStamp(page, label, x, y, fonts.tab), (label) => stampWidth(label, fonts.tab), rgb(...style.tab.color), part.chapter, chapterCount);
      pages.push({ recto, blank: false, folio });
      cursor++;
    }
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
