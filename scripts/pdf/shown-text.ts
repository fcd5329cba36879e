/**
 * What a page's glyphs add up to (fed by text-layer.ts): the box of the visible text, its first words in
 * the order they are painted, and, for a cover, each word with its own box. Spaces come from the glyphs
 * a font maps to a space, and from gaps: Chromium places every glyph by its own position and draws no
 * space glyph, so a gap of a fifth of an em or a move to another line separates words.
 */
import type { GlyphSink, Matrix } from './text-layer.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

// Ink rarely reaches the font's line ascent; 0.75 em above and 0.25 em below the baseline covers
// ascenders, capitals with accents and descenders of book faces without inflating margins.
const ASCENT_EM = 0.75;
const DESCENT_EM = 0.25;
/** A gap wider than this (in ems of the glyph before) between two glyphs on a line is a word space. */
const WORD_GAP_EM = 0.2;

/** `box` grown by (or a new box of) a glyph of `advance` ems at the text rendering matrix trm, ASCENT/DESCENT along its up vector. */
function glyphBox(trm: Matrix, advance: number, box?: Box): Box {
  const [a, b, c, d, e, f] = trm;
  const out = box ?? { x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
  for (let k = 0; k < 4; k++) {
    const gx = k < 2 ? 0 : advance;
    const gy = k % 2 ? ASCENT_EM : -DESCENT_EM;
    const x = a * gx + c * gy + e;
    const y = b * gx + d * gy + f;
    if (x < out.x0) out.x0 = x;
    if (x > out.x1) out.x1 = x;
    if (y < out.y0) out.y0 = y;
    if (y > out.y1) out.y1 = y;
  }
  return out;
}

/** Whether a glyph's text is white space (printable ASCII, most glyphs, is answered without a pattern). */
function isSpace(text: string): boolean {
  if (text === ' ') return true;
  if (text === '') return false;
  const code = text.charCodeAt(0);
  if (text.length === 1 && code > 32 && code < 127) return false;
  return /^\s+$/.test(text);
}

export class ShownText {
  /** The box of every visible glyph, in the page's default space; undefined while none was shown. */
  box?: Box;
  /** The text in painting order, words separated by one space, up to maxChars. */
  text = '';
  /** Each word with its box (when asked for). */
  readonly words?: { str: string; box: Box }[];
  private readonly maxChars: number;
  private last?: { x: number; y: number; em: number };
  /** The next visible glyph starts a word. */
  private broken = true;

  constructor(options: { maxChars?: number; words?: boolean } = {}) {
    this.maxChars = options.maxChars ?? 0;
    if (options.words) this.words = [];
  }

  readonly glyph: GlyphSink = (text, trm, advance) => {
    // A glyph the font gives no text for is still ink.
    const space = isSpace(text);
    // Only the box is asked for (preflight): where words break does not matter.
    if (!this.maxChars && !this.words) {
      if (!space) this.box = glyphBox(trm, advance, this.box);
      return;
    }
    const em = Math.hypot(trm[2], trm[3]) || 1;
    const x = trm[4];
    const y = trm[5];
    const last = this.last;
    // The step from the end of the glyph before, along this glyph's baseline and across it (a spine's text runs up the page).
    const run = Math.hypot(trm[0], trm[1]) || 1;
    const [ux, uy] = [trm[0] / run, trm[1] / run];
    const along = last ? (x - last.x) * ux + (y - last.y) * uy : 0;
    const across = last ? (y - last.y) * ux - (x - last.x) * uy : 0;
    const apart = !!last && (Math.abs(across) > 0.4 * last.em || along > WORD_GAP_EM * last.em || along < -last.em);
    this.last = { x: trm[0] * advance + x, y: trm[1] * advance + y, em };
    if (apart || space) this.wordBreak();
    if (space) return;
    this.box = glyphBox(trm, advance, this.box);
    if (this.text.length < this.maxChars) this.text += text;
    if (this.words) {
      const word = this.words.at(-1);
      if (word && !this.broken) {
        word.str += text;
        glyphBox(trm, advance, word.box);
      } else this.words.push({ str: text, box: glyphBox(trm, advance) });
    }
    this.broken = false;
  };

  private wordBreak(): void {
    this.broken = true;
    if (this.text && !this.text.endsWith(' ') && this.text.length < this.maxChars) this.text += ' ';
  }
}
