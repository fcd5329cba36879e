/**
 * The book's fonts for the EPUB: TrueType (the format Kindle's and Apple's guides list; no WOFF or
 * WOFF2), each face subset to the characters the book's documents use (HarfBuzz keeps every layout
 * feature and the names), with the licence of each font package next to the fonts. The fallback faces
 * (Chinese, Japanese, Korean, Arabic, Hebrew) are left to the reading system, which has its own fonts
 * for those scripts: embedding them would add megabytes to every book.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { sourceBytes, type FontPlan } from '../fonts.ts';
import { coverageOfSource } from './coverage.ts';

export interface EpubFonts {
  /** Paths under OEBPS/ and their contents. */
  files: Map<string, Uint8Array | string>;
  /** @font-face rules, relative to OEBPS/style.css. */
  css: string;
}

/** Printable ASCII and the punctuation the templates add, kept in every subset. */
const ALWAYS = ` ${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}‘’“”–—…•·×©®™°½¼¾\u00a0`;

/** Name ids kept in the subsets: the usual 0–6, licence (13, 14) and typographic family (16, 17). */
const NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 13, 14, 16, 17];

const safe = (name: string) => name.replace(/[^-._A-Za-z0-9]/g, '_');

export async function epubFonts(plan: FontPlan, text: string): Promise<EpubFonts> {
  const { default: subsetFont } = await import('subset-font');
  const used = new Set([...text, ...ALWAYS]);
  const files = new Map<string, Uint8Array | string>();
  const rules: string[] = [];
  for (const family of plan.families) {
    for (const face of family.faces) {
      for (const source of face.sources) {
        const cover = coverageOfSource(source);
        const chars = [...used].filter((c) => cover.has(c.codePointAt(0)!)).join('');
        if (!chars) continue;
        const bytes = await subsetFont(Buffer.from(await sourceBytes(source)), chars, { targetFormat: 'truetype', preserveNameIds: NAME_IDS });
        const name = `fonts/${safe(basename(source.file).replace(/\.(ttf|otf|woff2?)$/i, ''))}.ttf`;
        files.set(`OEBPS/${name}`, new Uint8Array(bytes));
        const range = source.unicodeRange ? ` unicode-range: ${source.unicodeRange};` : '';
        rules.push(`@font-face { font-family: "${family.family}"; font-weight: ${face.weight}; font-style: ${face.style}; src: url("${name}") format("truetype");${range} }`);
      }
    }
    if (family.package.license) {
      files.set(`OEBPS/fonts/${safe(family.family)}-LICENSE.txt`, readFileSync(family.package.license, 'utf8'));
    }
  }
  return { files, css: rules.join('\n') };
}
