/**
 * The book's fonts for the EPUB: TrueType (the format Kindle's and Apple's guides list; no WOFF or
 * WOFF2), each face subset to the characters the book's documents use (HarfBuzz keeps every layout
 * feature and the names), with the licence of each font package next to the fonts. The fallback faces
 * (Chinese, Japanese, Korean, Arabic, Hebrew) are left to the reading system, which has its own fonts
 * for those scripts: embedding them would add megabytes to every book.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fontStore, sourceBytes, type FontPlan } from '../fonts.ts';
import type { FontSource } from './declarations.ts';
import { coverageOfSource, fileStamp } from './coverage.ts';
import { type Cache, hash, kindredVersion } from '../cache.ts';

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

/**
 * The subsets and their @font-face rules. With a cache, each subset is kept by its font file (path, size,
 * time) and the characters it holds, and each file's coverage with it: a rebuild whose text uses no new
 * character subsets nothing (harfbuzz's subsetter and reading every face's cmap took 0.5 s a build).
 */
export async function epubFonts(plan: FontPlan, text: string, cache?: Cache): Promise<EpubFonts> {
  const used = new Set([...text, ...ALWAYS]);
  const files = new Map<string, Uint8Array | string>();
  const rules: string[] = [];
  const store = cache && fontStore(cache);
  const subset = async (source: FontSource, chars: string): Promise<Uint8Array> => {
    const stamp = cache ? fileStamp(source.file) : '';
    const key = stamp && hash(kindredVersion(), 'epub-subset', stamp, chars);
    const kept = key ? cache?.get('epub-fonts', key) : undefined;
    if (kept) return kept.data;
    const { default: subsetFont } = await import('subset-font');
    const bytes = new Uint8Array(await subsetFont(Buffer.from(await sourceBytes(source)), chars, { targetFormat: 'truetype', preserveNameIds: NAME_IDS }));
    if (key) cache?.put('epub-fonts', key, bytes);
    return bytes;
  };
  for (const family of plan.families) {
    for (const face of family.faces) {
      for (const source of face.sources) {
        const cover = coverageOfSource(source, store);
        const chars = [...used].filter((c) => cover.has(c.codePointAt(0)!)).join('');
        if (!chars) continue;
        const bytes = await subset(source, chars);
        const name = `fonts/${safe(basename(source.file).replace(/\.(ttf|otf|woff2?)$/i, ''))}.ttf`;
        files.set(`OEBPS/${name}`, bytes);
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
