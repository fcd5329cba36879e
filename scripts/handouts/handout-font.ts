/**
 * The face form fields are drawn in: Adobe's Source Sans 3 Regular as one TrueType file (the `source-sans`
 * package), which covers Latin Extended, Greek and Cyrillic in a single font. fontsource's files are cut
 * into subsets by script, and a form field names one font: viewers draw what a reader types with it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fontkit } from '../fonts/fontkit.ts';

const require = createRequire(import.meta.url);

let bytes: Uint8Array | undefined;
let parsed: ReturnType<ReturnType<typeof fontkit>['create']> | undefined;

/** The TrueType file, read once per process. */
export function fieldFontBytes(): Uint8Array {
  bytes ??= readFileSync(join(dirname(require.resolve('source-sans/package.json')), 'TTF', 'SourceSans3-Regular.ttf'));
  return bytes;
}

/** The characters of `text` the field font has no glyph for (spaces and controls aside), each once. */
export function missingGlyphs(text: string): string[] {
  parsed ??= fontkit().create(fieldFontBytes() as Buffer);
  const font = parsed;
  const missing = new Set<string>();
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x20 || /\s/u.test(char) || (cp >= 0xfe00 && cp <= 0xfe0f) || cp === 0x200d) continue;
    if (!font.hasGlyphForCodePoint(cp)) missing.add(char);
  }
  return [...missing];
}

/** The scripts of some characters, for messages ("Arabic", "Han"). */
export function scriptsOf(chars: string[]): string[] {
  const names = ['Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari', 'Bengali', 'Tamil', 'Armenian', 'Georgian', 'Ethiopic'];
  const found = new Set<string>();
  for (const char of chars) {
    const name = names.find((n) => new RegExp(`\\p{Script=${n}}`, 'u').test(char));
    found.add(name ?? 'other');
  }
  return [...found];
}
