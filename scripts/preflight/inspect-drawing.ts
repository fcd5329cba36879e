/**
 * What a PDF's pages draw, read from their content streams with pdf-lib in one pass per page (through
 * Form XObjects, with q/Q and the current transformation matrix): the colour of every piece of text, the
 * highest total ink of a vector fill or stroke in CMYK or grey, every image's pixel size against its drawn
 * size and box, whether anything is painted at all, and the PDF/X identification (Info keys and output
 * intent). The text operators run through text-layer.ts, which hands every glyph shown to a sink: the
 * text's extent (preflight), the first words of a page (the print PDF's page map), a cover's words.
 */
import { PDFArray, type PDFDict, type PDFDocument, PDFName, type PDFObject, PDFRawStream, PDFString, PDFHexString } from 'pdf-lib';
import { eachOperation, nameOf, numbers, type Operand } from '../pdf/content-stream.ts';
import { dictOf, pageContentRefs, resolved, streamBytes } from '../pdf/pdf-streams.ts';
import { fontFace, type GlyphSink, INITIAL_TEXT, isTextOperator, type Matrix, multiply, runText, type TextObject, type TextParams } from '../pdf/text-layer.ts';
import type { Box, ColourFacts, ImageFacts, PageColour, TextColour } from './facts.ts';

type Space = 'gray' | 'rgb' | 'cmyk' | 'spot' | 'lab' | 'pattern' | 'other';

interface Colour {
  space: Space;
  values: number[];
}

interface State {
  /** The current transformation matrix: user space to the page's default space. */
  ctm: Matrix;
  fill: Colour;
  stroke: Colour;
  fillSpace: Space;
  strokeSpace: Space;
  invisible: boolean;
  text: TextParams;
}

const BLACK: Colour = { space: 'gray', values: [0] };
const name = (text: string) => PDFName.of(text);

/** What kind of colour space a name or array denotes (device names, ICCBased by channel count, spot …). */
function spaceOf(doc: PDFDocument, value: PDFObject | undefined, resources: PDFDict | undefined, depth = 0): Space {
  const v = resolved(doc, value);
  if (v instanceof PDFName) {
    const n = v.decodeText();
    if (n === 'DeviceGray' || n === 'G' || n === 'CalGray') return 'gray';
    if (n === 'DeviceRGB' || n === 'RGB' || n === 'CalRGB') return 'rgb';
    if (n === 'DeviceCMYK' || n === 'CMYK') return 'cmyk';
    if (n === 'Pattern') return 'pattern';
    if (n === 'Lab') return 'lab';
    const named = dictOf(doc, resources?.get(name('ColorSpace')))?.get(v);
    return named && depth < 4 ? spaceOf(doc, named, resources, depth + 1) : 'other';
  }
  if (v instanceof PDFArray && depth < 4) {
    const family = resolved(doc, v.get(0));
    const kind = family instanceof PDFName ? family.decodeText() : '';
    if (kind === 'ICCBased') {
      const n = Number(dictOf(doc, v.get(1))?.get(name('N'))?.toString() ?? 0);
      return n === 1 ? 'gray' : n === 3 ? 'rgb' : n === 4 ? 'cmyk' : 'other';
    }
    if (kind === 'Separation' || kind === 'DeviceN') return 'spot';
    if (kind === 'Indexed') return spaceOf(doc, v.get(1), resources, depth + 1);
    if (kind === 'Pattern') return 'pattern';
    return spaceOf(doc, v.get(0), resources, depth + 1);
  }
  return 'other';
}

/** Total ink of a colour in percent (grey as K), undefined for colours without a fixed ink (RGB, spot …). */
export function inkPercent(c: Colour): number | undefined {
  if (c.space === 'gray' && c.values.length === 1) return Math.round((1 - c.values[0]) * 100);
  if (c.space === 'cmyk' && c.values.length === 4) return Math.round(c.values.reduce((a, b) => a + b, 0) * 100);
  return undefined;
}

/** Darkness at which a grey reads as black but is not: a one-colour press screens it into dots. */
const NEAR_BLACK = 0.75;

/** How a text colour prints: black or grey on K alone, near-black, rich black, another CMYK mix, RGB, spot. */
export function textColourKind(c: Colour): TextColour {
  const tone = (darkness: number, black: TextColour, grey: TextColour): TextColour => (darkness >= 0.995 ? black : darkness >= NEAR_BLACK ? 'near-black' : grey);
  if (c.space === 'gray' && c.values.length === 1) return tone(1 - c.values[0], 'black', 'gray');
  if (c.space === 'cmyk' && c.values.length === 4) {
    const [cy, m, y, k] = c.values;
    const cmy = Math.max(cy, m, y);
    if (cmy <= 0.005) return tone(k, 'black', 'gray');
    return k >= 0.5 && cmy >= 0.05 ? 'rich-black' : 'cmyk';
  }
  if (c.space === 'rgb' && c.values.length === 3) {
    const [r, g, b] = c.values;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 0.5 / 255) return 'rgb';
    return tone(1 - r, 'rgb-black', 'rgb-gray');
  }
  return c.space === 'spot' ? 'spot' : 'other';
}

interface Tally {
  page: number;
  text: Map<TextColour, number>;
  maxInk: number;
  imageSpaces: Set<Space>;
  images: ImageFacts[];
  /** A path was filled or stroked, or a shading painted. */
  painted: boolean;
  /** Receives every visible glyph. */
  glyphs?: GlyphSink;
  /** True once the caller has what it wanted: the rest of the page is not read. */
  enough?: () => boolean;
}

const asMatrix = (values: number[] | undefined): Matrix | undefined => (values?.length === 6 ? (values as Matrix) : undefined);

/** An image fills the unit square of user space; the CTM maps it onto the page. */
function drawImage(tally: Tally, ctm: Matrix, id: string, widthPx: number, heightPx: number): void {
  const drawnWidthPt = Math.hypot(ctm[0], ctm[1]);
  const drawnHeightPt = Math.hypot(ctm[2], ctm[3]);
  const dpi = Math.min(widthPx / (drawnWidthPt / 72), heightPx / (drawnHeightPt / 72));
  const xs = [ctm[4], ctm[0] + ctm[4], ctm[2] + ctm[4], ctm[0] + ctm[2] + ctm[4]];
  const ys = [ctm[5], ctm[1] + ctm[5], ctm[3] + ctm[5], ctm[1] + ctm[3] + ctm[5]];
  const box: Box = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
  tally.images.push({ page: tally.page, id, widthPx, heightPx, drawnWidthPt, drawnHeightPt, dpi, box });
}

/** A PDF array of numbers (a Form XObject's Matrix) as numbers. */
function arrayNumbers(doc: PDFDocument, value: PDFObject | undefined): number[] | undefined {
  const array = resolved(doc, value);
  return array instanceof PDFArray ? array.asArray().map((v) => Number(resolved(doc, v)?.toString())) : undefined;
}

const numberIn = (doc: PDFDocument, dict: PDFDict | undefined, key: string) => Number(resolved(doc, dict?.get(name(key)))?.toString() ?? 0);

/** Width and height of an inline image, from the entries between BI and ID (abbreviated or full keys). */
function inlineSize(operands: Operand[]): [number, number] {
  const entry = (...keys: string[]) => {
    const at = operands.findIndex((o) => keys.includes(nameOf(o) ?? ''));
    return at >= 0 && typeof operands[at + 1] === 'number' ? (operands[at + 1] as number) : 0;
  };
  return [entry('W', 'Width'), entry('H', 'Height')];
}

/** The device colour operators' spaces (fill; the upper-case operator sets the stroke). */
const DEVICE_SPACE: Record<string, Space> = { g: 'gray', rg: 'rgb', k: 'cmyk' };
/** What the other operators do, one lookup an operator: show text, fill, stroke, paint (a shading too). */
const SHOW = 1;
const FILL = 2;
const STROKE = 4;
const PAINT = 8;
const EFFECT = new Map<string, number>([
  ...['Tj', 'TJ', "'", '"'].map((op) => [op, SHOW] as const),
  ...['f', 'F', 'f*'].map((op) => [op, FILL | PAINT] as const),
  ...['S', 's'].map((op) => [op, STROKE | PAINT] as const),
  ...['B', 'B*', 'b', 'b*'].map((op) => [op, FILL | STROKE | PAINT] as const),
  ['sh', PAINT],
]);

function walk(doc: PDFDocument, bytes: Uint8Array, resources: PDFDict | undefined, start: State, tally: Tally, depth: number, seen: Set<PDFObject>): void {
  const stack: State[] = [];
  let s: State = { ...start };
  const object: TextObject = { tm: [1, 0, 0, 1, 0, 0], tlm: [1, 0, 0, 1, 0, 0] };
  const face = (fontName: string) => fontFace(doc, resources, fontName);
  const colour = (space: Space, operands: Operand[]): Colour => ({ space, values: numbers(operands.filter((o) => typeof o === 'number')) ?? [] });
  const ink = (c: Colour) => {
    const v = inkPercent(c);
    if (v !== undefined && v > tally.maxInk) tally.maxInk = v;
  };
  eachOperation(bytes, (op) => {
    const o = op.operands;
    switch (op.operator) {
      case 'q':
        stack.push(s);
        s = { ...s };
        break;
      case 'cm': {
        const m = asMatrix(numbers(o));
        if (m) s.ctm = multiply(m, s.ctm);
        break;
      }
      case 'ID': {
        const [w, h] = inlineSize(o);
        drawImage(tally, s.ctm, 'inline', w, h);
        break;
      }
      case 'Q':
        s = stack.pop() ?? s;
        break;
      case 'g':
      case 'rg':
      case 'k':
        s.fillSpace = DEVICE_SPACE[op.operator];
        s.fill = colour(s.fillSpace, o);
        break;
      case 'G':
      case 'RG':
      case 'K':
        s.strokeSpace = DEVICE_SPACE[op.operator.toLowerCase()];
        s.stroke = colour(s.strokeSpace, o);
        break;
      case 'cs':
        s.fillSpace = spaceOf(doc, name(nameOf(o[0]) ?? ''), resources);
        s.fill = { space: s.fillSpace, values: [] };
        break;
      case 'CS':
        s.strokeSpace = spaceOf(doc, name(nameOf(o[0]) ?? ''), resources);
        s.stroke = { space: s.strokeSpace, values: [] };
        break;
      case 'sc':
      case 'scn':
        s.fill = colour(s.fillSpace, o);
        break;
      case 'SC':
      case 'SCN':
        s.stroke = colour(s.strokeSpace, o);
        break;
      case 'Tr':
        s.invisible = o[0] === 3 || o[0] === 7;
        break;
      case 'Do': {
        const target = resolved(doc, dictOf(doc, resources?.get(name('XObject')))?.get(name(nameOf(o[0]) ?? '')));
        const xobject = dictOf(doc, target);
        const subtype = xobject?.get(name('Subtype'));
        if (subtype === name('Image')) {
          const mask = xobject?.get(name('ImageMask'))?.toString() === 'true';
          tally.imageSpaces.add(mask ? s.fill.space : spaceOf(doc, xobject?.get(name('ColorSpace')), resources));
          drawImage(tally, s.ctm, nameOf(o[0]) ?? 'image', numberIn(doc, xobject, 'Width'), numberIn(doc, xobject, 'Height'));
        } else if (subtype === name('Form') && target instanceof PDFRawStream && depth < 12 && !seen.has(target)) {
          const inner = streamBytes(target);
          const matrix = asMatrix(arrayNumbers(doc, xobject?.get(name('Matrix'))));
          seen.add(target);
          if (inner) walk(doc, inner, dictOf(doc, xobject?.get(name('Resources'))) ?? resources, { ...s, ctm: matrix ? multiply(matrix, s.ctm) : s.ctm }, tally, depth + 1, seen);
          seen.delete(target);
        }
        break;
      }
      default: {
        if (isTextOperator(op.operator)) runText(op, s, object, face, s.invisible ? undefined : tally.glyphs);
        const effect = EFFECT.get(op.operator) ?? 0;
        if (effect & SHOW && !s.invisible) {
          const kind = textColourKind(s.fill);
          tally.text.set(kind, (tally.text.get(kind) ?? 0) + 1);
          ink(s.fill);
        }
        if (effect & FILL) ink(s.fill);
        if (effect & STROKE) ink(s.stroke);
        if (effect & PAINT) tally.painted = true;
      }
    }
    return !tally.enough?.();
  });
}

function infoText(doc: PDFDocument, key: string): string | undefined {
  const info = dictOf(doc, doc.context.trailerInfo.Info);
  const v = info?.get(name(key));
  return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
}

/** What one page draws besides the extent of its text. */
export interface PageDrawing {
  images: ImageFacts[];
  /** A path filled or stroked, or a shading painted. */
  painted: boolean;
  colour: PageColour;
}

/**
 * The colours, images and painting of one page (index from 0); every visible glyph goes to `glyphs`. With
 * `enough`, reading stops once it returns true, and the drawing describes only what was read.
 */
export function drawingOfPage(doc: PDFDocument, index: number, glyphs?: GlyphSink, enough?: () => boolean): PageDrawing {
  const page = doc.getPage(index);
  const tally: Tally = { page: index + 1, text: new Map(), maxInk: 0, imageSpaces: new Set(), images: [], painted: false, glyphs, enough };
  const start: State = { ctm: [1, 0, 0, 1, 0, 0], fill: BLACK, stroke: BLACK, fillSpace: 'gray', strokeSpace: 'gray', invisible: false, text: INITIAL_TEXT };
  // The page's content streams are one stream split anywhere: join them before parsing.
  const parts = pageContentRefs(doc, page.node).map((ref) => streamBytes(doc.context.lookup(ref)) ?? new Uint8Array());
  const bytes = Buffer.concat(parts.flatMap((p) => [Buffer.from(p), Buffer.from('\n')]));
  walk(doc, bytes, page.node.Resources(), start, tally, 0, new Set());
  const colour = { number: index + 1, text: Object.fromEntries(tally.text) as PageColour['text'], maxInkPercent: tally.maxInk, imageSpaces: [...tally.imageSpaces] };
  return { images: tally.images, painted: tally.painted, colour };
}

/** The PDF/X identification: version, Info keys and the first output intent. */
export function pdfxIdentification(doc: PDFDocument, header: string): Omit<ColourFacts, 'pages'> {
  const intents = resolved(doc, doc.catalog.get(name('OutputIntents')));
  const intent = intents instanceof PDFArray ? dictOf(doc, intents.get(0)) : undefined;
  const intentId = intent?.get(name('OutputConditionIdentifier'));
  return {
    pdfVersion: /%PDF-(\d\.\d)/.exec(header)?.[1],
    pdfxVersion: infoText(doc, 'GTS_PDFXVersion'),
    pdfxConformance: infoText(doc, 'GTS_PDFXConformance'),
    outputIntent: intent ? (intentId instanceof PDFString || intentId instanceof PDFHexString ? intentId.decodeText() : '(unnamed)') : undefined,
    outputProfile: intent ? intent.has(name('DestOutputProfile')) : false,
  };
}

/** The PDF/X identification and the colours, images and painting of every page. */
export function inspectDrawing(doc: PDFDocument, header: string): { colour: ColourFacts; pages: PageDrawing[] } {
  const pages = doc.getPages().map((_, i) => drawingOfPage(doc, i));
  return { colour: { ...pdfxIdentification(doc, header), pages: pages.map((p) => p.colour) }, pages };
}
