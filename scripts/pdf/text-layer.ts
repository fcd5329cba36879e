/**
 * A PDF page's text as it is shown: the text operators of a content stream (ISO 32000-1 §9.4) run over
 * the fonts' widths (§9.6–9.7) and ToUnicode maps (§9.10), giving every glyph's text and its place on the
 * page. Preflight reads the text's extent from it and the print PDF the first words of each page, in the
 * same pass over the content streams that reads colours and images, with no PDF renderer (pdfjs took
 * 3 s of a 700-page book's build for the words alone, and parsed every font program to get there).
 *
 * What it knows of a font: composite fonts (Type0, any CIDFont) with Identity-H/V encoding, two bytes
 * a code; simple fonts (Type1, TrueType, Type3, one byte a code) by their /Widths. A simple font without
 * /Widths (a standard 14 font left unembedded) is taken at half an em a glyph.
 */
import { PDFArray, type PDFDict, type PDFDocument, PDFName, PDFNumber, type PDFObject } from 'pdf-lib';
import { nameOf, type Operand, type Operation } from './content-stream.ts';
import { dictOf, resolved, streamBytes } from './pdf-streams.ts';
import { parseToUnicode } from './to-unicode.ts';

export type Matrix = [number, number, number, number, number, number];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[1] * n[2],
    m[0] * n[1] + m[1] * n[3],
    m[2] * n[0] + m[3] * n[2],
    m[2] * n[1] + m[3] * n[3],
    m[4] * n[0] + m[5] * n[2] + n[4],
    m[4] * n[1] + m[5] * n[3] + n[5],
  ];
}

/** What the text operators need of a font. */
export interface FontFace {
  /** Bytes per character code: 2 for composite fonts, 1 for simple ones. */
  codeBytes: 1 | 2;
  /** The horizontal advance of a code, in ems (glyph space over 1000, or Type 3's FontMatrix). */
  width(code: number): number;
  /** The code's Unicode text ('' when the font does not say). */
  text(code: number): string;
}

const name = (text: string) => PDFName.of(text);
const numberOf = (doc: PDFDocument, value: PDFObject | undefined): number | undefined => {
  const v = resolved(doc, value);
  return v instanceof PDFNumber ? v.asNumber() : undefined;
};
const arrayOf = (doc: PDFDocument, value: PDFObject | undefined): PDFObject[] => {
  const v = resolved(doc, value);
  return v instanceof PDFArray ? v.asArray() : [];
};

/** A CIDFont's /W array: `c [w1 w2 …]` (widths from c on) or `c1 c2 w` (one width for the range). */
function cidWidths(doc: PDFDocument, w: PDFObject[]): number[] {
  // An array by code, not a Map: it is read once for every glyph of a book.
  const widths: number[] = [];
  for (let i = 0; i < w.length; ) {
    const first = numberOf(doc, w[i]);
    const next = resolved(doc, w[i + 1]);
    if (first === undefined) break;
    if (next instanceof PDFArray) {
      for (const [k, v] of next.asArray().entries()) widths[first + k] = numberOf(doc, v) ?? 0;
      i += 2;
    } else {
      const last = numberOf(doc, next);
      const width = numberOf(doc, w[i + 2]);
      if (last === undefined || width === undefined || last - first > 0xffff) break;
      for (let c = first; c <= last; c++) widths[c] = width;
      i += 3;
    }
  }
  return widths;
}

/** Code → text from a font's ToUnicode CMap (UTF-16BE destinations). */
function unicodeMap(doc: PDFDocument, font: PDFDict): string[] | undefined {
  const bytes = streamBytes(resolved(doc, font.get(name('ToUnicode'))));
  if (!bytes) return undefined;
  const map: string[] = [];
  for (const [code, utf16] of parseToUnicode(Buffer.from(bytes).toString('latin1')).map) {
    const units: number[] = [];
    for (let i = 0; i + 4 <= utf16.length; i += 4) units.push(Number.parseInt(utf16.slice(i, i + 4), 16));
    map[Number.parseInt(code, 16)] = String.fromCharCode(...units);
  }
  return map;
}

function readFont(doc: PDFDocument, font: PDFDict): FontFace {
  const unicode = unicodeMap(doc, font);
  const subtype = font.get(name('Subtype'));
  if (subtype === name('Type0')) {
    const descendant = dictOf(doc, arrayOf(doc, font.get(name('DescendantFonts')))[0]);
    const widths = cidWidths(doc, arrayOf(doc, descendant?.get(name('W'))));
    const fallback = numberOf(doc, descendant?.get(name('DW'))) ?? 1000;
    return { codeBytes: 2, width: (code) => (widths[code] ?? fallback) / 1000, text: (code) => unicode?.[code] ?? '' };
  }
  const first = numberOf(doc, font.get(name('FirstChar'))) ?? 0;
  const widths = arrayOf(doc, font.get(name('Widths'))).map((v) => numberOf(doc, v) ?? 0);
  const missing = numberOf(doc, dictOf(doc, font.get(name('FontDescriptor')))?.get(name('MissingWidth')));
  // Type 3 glyph space maps to text space by the font's own matrix; the others by 1/1000.
  const scale = subtype === name('Type3') ? (numberOf(doc, arrayOf(doc, font.get(name('FontMatrix')))[0]) ?? 0.001) : 0.001;
  const unknown = widths.length ? (missing ?? 0) * scale : 0.5;
  return {
    codeBytes: 1,
    width: (code) => (widths[code - first] !== undefined ? widths[code - first] * scale : unknown),
    text: (code) => unicode?.[code] ?? String.fromCharCode(code),
  };
}

const faces = new WeakMap<PDFDict, FontFace>();

/** The font named in a resource dictionary's /Font, read once per font object. */
export function fontFace(doc: PDFDocument, resources: PDFDict | undefined, fontName: string): FontFace | undefined {
  const font = dictOf(doc, dictOf(doc, resources?.get(name('Font')))?.get(name(fontName)));
  if (!font) return undefined;
  const known = faces.get(font);
  if (known) return known;
  const face = readFont(doc, font);
  faces.set(font, face);
  return face;
}

const ESCAPES: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };

/** The bytes of a string operand: a literal's escapes undone (§7.3.4.2), a hexadecimal one decoded. */
export function stringBytes(operand: Operand): Uint8Array | undefined {
  if (typeof operand === 'object' && operand !== null && 'hex' in operand) {
    const hex = operand.hex.length % 2 ? `${operand.hex}0` : operand.hex;
    return Buffer.from(hex, 'hex');
  }
  if (typeof operand !== 'string') return undefined;
  if (!operand.includes('\\')) return Buffer.from(operand, 'latin1');
  const out: number[] = [];
  for (let i = 0; i < operand.length; i++) {
    const c = operand[i];
    if (c !== '\\') {
      out.push(operand.charCodeAt(i));
      continue;
    }
    const e = operand[++i];
    if (e === undefined) break;
    if (Object.hasOwn(ESCAPES, e)) out.push(ESCAPES[e]);
    else if (e >= '0' && e <= '7') {
      let octal = e;
      while (octal.length < 3 && operand[i + 1] >= '0' && operand[i + 1] <= '7') octal += operand[++i];
      out.push(Number.parseInt(octal, 8) & 0xff);
    } else if (e === '\r') {
      if (operand[i + 1] === '\n') i++;
    } else if (e !== '\n') out.push(operand.charCodeAt(i));
  }
  return Uint8Array.from(out);
}

/** The text state parameters (§9.3), part of the graphics state: saved by q, restored by Q. */
export interface TextParams {
  face?: FontFace;
  size: number;
  charSpacing: number;
  wordSpacing: number;
  /** Horizontal scaling as a fraction (Tz 100 → 1). */
  scale: number;
  leading: number;
  rise: number;
}

export const INITIAL_TEXT: TextParams = { size: 0, charSpacing: 0, wordSpacing: 0, scale: 1, leading: 0, rise: 0 };

/**
 * Receives each glyph shown: its text, the text rendering matrix at its origin (glyph space to the page's
 * default space: an em square is [0, 1] on both axes) and its advance in glyph space (ems).
 */
export type GlyphSink = (text: string, trm: Matrix, advance: number) => void;

/** The text object's matrices (§9.4.2): not part of the graphics state, reset by BT. */
export interface TextObject {
  tm: Matrix;
  tlm: Matrix;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const TEXT_OPERATORS = new Set(['BT', 'ET', 'Tf', 'Tc', 'Tw', 'Tz', 'TL', 'Ts', 'Td', 'TD', 'Tm', 'T*', 'Tj', 'TJ', "'", '"']);

/** Whether an operator belongs to the text operators that runText handles. */
export const isTextOperator = (operator: string): boolean => TEXT_OPERATORS.has(operator);

const numberAt = (o: Operand[], i: number) => (typeof o[i] === 'number' ? (o[i] as number) : 0);

/** Moves to the start of a line offset by (tx, ty) from the current line's start (Td). */
function moveTo(object: TextObject, tx: number, ty: number): void {
  const m = object.tlm;
  object.tlm = [m[0], m[1], m[2], m[3], tx * m[0] + ty * m[2] + m[4], tx * m[1] + ty * m[3] + m[5]];
  object.tm = object.tlm;
}

/** Shows a string: every glyph to the sink, the text matrix advanced past each. */
function show(operand: Operand, t: TextParams, ctm: Matrix, object: TextObject, sink: GlyphSink | undefined): void {
  const bytes = stringBytes(operand);
  const face = t.face;
  if (!bytes || !face) return;
  const step = face.codeBytes;
  const [p, q, r, u, v, w] = ctm;
  // Within a string only the text matrix's origin moves (by each glyph's advance along its first row).
  const [ta, tb, tc, td] = object.tm;
  let tx = object.tm[4];
  let ty = object.tm[5];
  // Trm = [size·scale 0 0 size 0 rise] × Tm × CTM: the linear part of Tm × CTM is the same for every glyph.
  const a = ta * p + tb * r;
  const b = ta * q + tb * u;
  const c = tc * p + td * r;
  const d = tc * q + td * u;
  const h = t.size * t.scale;
  for (let i = 0; i + step <= bytes.length; i += step) {
    const code = step === 2 ? (bytes[i] << 8) | bytes[i + 1] : bytes[i];
    const w0 = face.width(code);
    if (sink) {
      const e = tx * p + ty * r + v;
      const f = tx * q + ty * u + w;
      sink(face.text(code), [h * a, h * b, t.size * c, t.size * d, t.rise * c + e, t.rise * d + f], w0);
    }
    // Word spacing applies to the single-byte code 32 only (§9.3.3).
    const moved = (w0 * t.size + t.charSpacing + (step === 1 && code === 32 ? t.wordSpacing : 0)) * t.scale;
    tx += moved * ta;
    ty += moved * tb;
  }
  object.tm = [ta, tb, tc, td, tx, ty];
}

/** The operators that set one text state parameter from their operand. */
const SETS = new Map<string, (value: number) => Partial<TextParams>>([
  ['Tc', (value) => ({ charSpacing: value })],
  ['Tw', (value) => ({ wordSpacing: value })],
  ['Tz', (value) => ({ scale: value / 100 })],
  ['TL', (value) => ({ leading: value })],
  ['Ts', (value) => ({ rise: value })],
]);

/**
 * Applies one text operator. `state.text` is replaced, never changed in place (the graphics state stack
 * holds the old one); showing operators call `sink` for every glyph.
 */
export function runText(op: Operation, state: { text: TextParams; ctm: Matrix }, object: TextObject, face: (fontName: string) => FontFace | undefined, sink: GlyphSink | undefined): void {
  const o = op.operands;
  const set = SETS.get(op.operator);
  if (set) {
    state.text = { ...state.text, ...set(numberAt(o, 0)) };
    return;
  }
  switch (op.operator) {
    case 'BT':
      object.tm = IDENTITY;
      object.tlm = IDENTITY;
      break;
    case 'Tf':
      state.text = { ...state.text, face: face(nameOf(o[0]) ?? ''), size: numberAt(o, 1) };
      break;
    case 'Td':
      moveTo(object, numberAt(o, 0), numberAt(o, 1));
      break;
    case 'TD':
      state.text = { ...state.text, leading: -numberAt(o, 1) };
      moveTo(object, numberAt(o, 0), numberAt(o, 1));
      break;
    case 'Tm':
      if (o.length === 6 && o.every((v) => typeof v === 'number')) object.tm = object.tlm = [...(o as number[])] as Matrix;
      break;
    case 'T*':
      moveTo(object, 0, -state.text.leading);
      break;
    case 'Tj':
      show(o[0], state.text, state.ctm, object, sink);
      break;
    case "'":
      moveTo(object, 0, -state.text.leading);
      show(o[0], state.text, state.ctm, object, sink);
      break;
    case '"':
      state.text = { ...state.text, wordSpacing: numberAt(o, 0), charSpacing: numberAt(o, 1) };
      moveTo(object, 0, -state.text.leading);
      show(o[2], state.text, state.ctm, object, sink);
      break;
    case 'TJ':
      for (const item of Array.isArray(o[0]) ? o[0] : []) {
        if (typeof item === 'number') advance(object, (-item / 1000) * state.text.size * state.text.scale);
        else show(item, state.text, state.ctm, object, sink);
      }
      break;
  }
}

function advance(object: TextObject, tx: number): void {
  const m = object.tm;
  object.tm = [m[0], m[1], m[2], m[3], tx * m[0] + m[4], tx * m[1] + m[5]];
}
