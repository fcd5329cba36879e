/**
 * The book's font faces, from the @fontsource packages (TrueType outlines, so Chromium embeds them
 * as CID TrueType, never Type 3). Every weight and style the CSS uses is listed here: a face left out
 * would be synthesised by Chromium and embedded as a Type 3 font.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface FontFace {
  family: string;
  weight: number;
  style: 'normal' | 'italic';
  /** Absolute path of the .woff2 file. */
  file: string;
}

const require = createRequire(import.meta.url);

const FAMILIES: { family: string; pkg: string; prefix: string; faces: [number, 'normal' | 'italic'][] }[] = [
  {
    family: 'Source Serif 4',
    pkg: '@fontsource/source-serif-4',
    prefix: 'source-serif-4',
    faces: [[400, 'normal'], [400, 'italic'], [600, 'normal'], [600, 'italic'], [700, 'normal'], [700, 'italic']],
  },
  {
    family: 'Source Sans 3',
    pkg: '@fontsource/source-sans-3',
    prefix: 'source-sans-3',
    faces: [[400, 'normal'], [400, 'italic'], [600, 'normal'], [600, 'italic'], [700, 'normal']],
  },
];

function packageDir(pkg: string): string {
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Latin and Latin Extended faces (the subsets cover English text, curly quotes and dashes). */
export function bookFonts(subset: 'latin' | 'latin-ext' = 'latin'): FontFace[] {
  return FAMILIES.flatMap(({ family, pkg, prefix, faces }) =>
    faces.map(([weight, style]) => ({
      family,
      weight,
      style,
      file: join(packageDir(pkg), 'files', `${prefix}-${subset}-${weight}-${style}.woff2`),
    })),
  );
}

/** Folders the browser may read fonts from. */
export function fontRoots(): string[] {
  return FAMILIES.map(({ pkg }) => packageDir(pkg));
}

/** @font-face rules; `url` maps a font file to the URL the document uses. */
export function fontFaceCss(faces: FontFace[], url: (face: FontFace) => string = (f) => pathToFileURL(f.file).href): string {
  return faces
    .map(
      (f) =>
        `@font-face { font-family: '${f.family}'; font-weight: ${f.weight}; font-style: ${f.style}; font-display: block; src: url('${url(f)}') format('woff2'); }`,
    )
    .join('\n');
}

const ttfCache = new Map<string, Promise<Uint8Array>>();
let decoding: Promise<unknown> = Promise.resolve();

/**
 * One face as TrueType bytes, for text that pdf-lib draws (running heads, folios, page numbers, form
 * fields). The WOFF2 file is decompressed once per process with Google's decoder (wawoff2): pdf-lib
 * then embeds the whole font, which print shops prefer to subsets and which costs no subsetting time
 * (fontkit took ~0.8 s to subset the Latin glyphs a form field needs, and cannot subset WOFF2 at all).
 */
export function fontBytes(family: string, weight: number, style: 'normal' | 'italic'): Promise<Uint8Array> {
  const face = bookFonts().find((f) => f.family === family && f.weight === weight && f.style === style);
  if (!face) throw new Error(`font face not bundled: ${family} ${weight} ${style}`);
  let bytes = ttfCache.get(face.file);
  if (!bytes) {
    // wawoff2 returns a view into its WebAssembly memory, which the next call overwrites: decode one
    // font at a time and copy the result out at once.
    bytes = decoding.then(async () => {
      const mod = await import('wawoff2');
      const { decompress } = (mod as unknown as { default?: typeof mod }).default ?? mod;
      return (await decompress(readFileSync(face.file))).slice();
    });
    decoding = bytes.catch(() => {});
    ttfCache.set(face.file, bytes);
  }
  return bytes;
}
