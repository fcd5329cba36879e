/**
 * Which characters a font face has glyphs for: from the font's own cmap (fontkit) for whole fonts,
 * from the unicode-range of each slice for fontsource's sliced faces. Also the Unicode script of a
 * character, for messages and for choosing a fallback.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Font } from '@pdf-lib/fontkit';
import { fontkit } from './fontkit.ts';
import type { FontFace, FontSource } from './declarations.ts';

/** Sorted, disjoint code point ranges. */
export class Coverage {
  private constructor(private readonly ranges: [number, number][]) {}

  static fromCodePoints(points: Iterable<number>): Coverage {
    const sorted = [...new Set(points)].sort((a, b) => a - b);
    const ranges: [number, number][] = [];
    for (const cp of sorted) {
      const last = ranges[ranges.length - 1];
      if (last && cp === last[1] + 1) last[1] = cp;
      else ranges.push([cp, cp]);
    }
    return new Coverage(ranges);
  }

  /** `U+0000-00FF,U+0131,U+1F4??` (CSS unicode-range syntax). */
  static fromUnicodeRange(range: string): Coverage {
    const ranges: [number, number][] = [];
    for (const part of range.split(',')) {
      const m = /^\s*U\+([0-9a-f?]+)(?:-([0-9a-f]+))?\s*$/i.exec(part);
      if (!m) continue;
      if (m[1].includes('?')) ranges.push([Number.parseInt(m[1].replace(/\?/g, '0'), 16), Number.parseInt(m[1].replace(/\?/g, 'f'), 16)]);
      else ranges.push([Number.parseInt(m[1], 16), Number.parseInt(m[2] ?? m[1], 16)]);
    }
    return Coverage.union(ranges.map((r) => new Coverage([r])));
  }

  static union(parts: Coverage[]): Coverage {
    const all = parts.flatMap((p) => p.ranges).sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const [lo, hi] of all) {
      const last = merged[merged.length - 1];
      if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
      else merged.push([lo, hi]);
    }
    return new Coverage(merged);
  }

  /** The ranges, for a store (fromRanges makes the coverage again). */
  toRanges(): [number, number][] {
    return this.ranges.map(([a, b]) => [a, b]);
  }

  static fromRanges(ranges: [number, number][]): Coverage {
    return Coverage.union([new Coverage(ranges.map(([a, b]) => [a, b]))]);
  }

  has(cp: number): boolean {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [a, b] = this.ranges[mid];
      if (cp < a) hi = mid - 1;
      else if (cp > b) lo = mid + 1;
      else return true;
    }
    return false;
  }
}

const sourceCoverage = new Map<string, Coverage>();

/**
 * What is known of font files between builds (the build cache): their characters, and the mean advance
 * of a text in one, by file, size and time (`fileStamp`). Values come back as stored, or undefined.
 */
export interface FontStore {
  get(key: string): unknown;
  put(key: string, value: unknown): void;
}

/** A font file's path, size and modification time, or '' when it cannot be read. */
export function fileStamp(file: string): string {
  try {
    const s = statSync(file);
    return `${file}|${s.size}|${s.mtimeMs}`;
  } catch {
    return '';
  }
}

const isRanges = (value: unknown): value is [number, number][] =>
  Array.isArray(value) && value.every((r) => Array.isArray(r) && r.length === 2 && r.every(Number.isInteger));

/**
 * The characters one source can draw: its cmap, limited to its unicode-range when it has one. Reading a
 * whole font's cmap takes fontkit 5-100 ms (a WOFF2 file is decompressed first): `store` keeps it.
 */
export function coverageOfSource(source: FontSource, store?: FontStore): Coverage {
  const key = `${source.file}|${source.unicodeRange ?? ''}`;
  let cov = sourceCoverage.get(key);
  if (!cov) {
    // A fontsource slice holds the glyphs of its range: the range is its coverage (opening ~100 CJK
    // slices to read their cmaps would cost seconds for nothing).
    cov = source.unicodeRange ? Coverage.fromUnicodeRange(source.unicodeRange) : fileCoverage(source.file, store);
    sourceCoverage.set(key, cov);
  }
  return cov;
}

function fileCoverage(file: string, store: FontStore | undefined): Coverage {
  const stamp = fileStamp(file);
  const kept = stamp ? store?.get(`cmap|${stamp}`) : undefined;
  if (isRanges(kept)) return Coverage.fromRanges(kept);
  const cov = Coverage.fromCodePoints(openFont(file).characterSet);
  if (stamp) store?.put(`cmap|${stamp}`, cov.toRanges());
  return cov;
}

/** The characters a face can draw (all its slices). */
export function coverageOfFace(face: FontFace, store?: FontStore): Coverage {
  return Coverage.union(face.sources.map((source) => coverageOfSource(source, store)));
}

const opened = new Map<string, Font>();

/** A font file parsed with fontkit (TrueType, OpenType, WOFF, WOFF2), once per process. */
export function openFont(file: string): Font {
  let font = opened.get(file);
  if (!font) {
    font = fontkit().create(readFileSync(file));
    opened.set(file, font);
  }
  return font;
}

/** Scripts a book may be written in, most common first; anything else is named by its code point. */
const SCRIPTS = [
  'Latin', 'Greek', 'Cyrillic', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Arabic', 'Hebrew', 'Devanagari',
  'Bengali', 'Thai', 'Tamil', 'Telugu', 'Gujarati', 'Gurmukhi', 'Kannada', 'Malayalam', 'Sinhala', 'Armenian',
  'Georgian', 'Ethiopic', 'Khmer', 'Lao', 'Myanmar', 'Tibetan', 'Mongolian', 'Syriac', 'Thaana', 'Cherokee',
  'Canadian_Aboriginal', 'Tifinagh',
].filter((name) => {
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
});
const SCRIPT_RES = SCRIPTS.map((name) => ({ name, re: new RegExp(`^\\p{Script=${name}}$`, 'u') }));
const EMOJI = /^\p{Extended_Pictographic}$/u;

/** The Unicode script of a character (`Han`, `Arabic` …); `Emoji`, or `Common` for punctuation and symbols. */
export function scriptOf(char: string): string {
  for (const { name, re } of SCRIPT_RES) if (re.test(char)) return name;
  if (EMOJI.test(char)) return 'Emoji';
  return 'Common';
}

/** Characters that need no glyph: spaces, controls, format characters (soft hyphen, joiners), variation selectors. */
export function needsGlyph(char: string): boolean {
  return !/^[\p{White_Space}\p{Cc}\p{Cf}]$/u.test(char) && !/^\p{Variation_Selector}$/u.test(char);
}

/** East Asian wide characters, which take a full em. */
export function isWide(char: string): boolean {
  return /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303F\uFF00-\uFF60\uFFE0-\uFFE6]$/u.test(char);
}
