/**
 * The book's fonts, as the templates declare them in `fonts.yaml` (see templates/fonts.yaml): this
 * module only resolves and loads what is declared. Every face is TrueType-outlined, so Chromium
 * embeds it as CID TrueType, never Type 3; every weight and style the CSS uses must be declared, or
 * Chromium synthesises it as a Type 3 font.
 *
 * The API other stages use:
 * - `selectBookFonts(templates, book, samples, warn)` once per book (load-project does it): picks the
 *   fallbacks the book needs and warns about characters no font has;
 * - `bookFonts(templates)`: that plan (or the declarations alone, before a book is read);
 * - `fontFaceCss(plan)`, `fontRoots(plan)`: @font-face rules and the folders the browser may read;
 * - `fontBytes(family, weight, style, plan?)`: one face as TrueType bytes for pdf-lib;
 * - `facesFor(plan, text, {family, weight, style})`: which faces cover a piece of text.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { TemplateSet } from './render-template.ts';
import { BUILTIN_TEMPLATES } from './render-template.ts';
import { declarationsFor, type FontFace, type FontSource, type FontStyle } from './fonts/declarations.ts';
import { nearestFace, planFonts, type FontPlan, type TextSample } from './fonts/plan.ts';
import { type FontStore, coverageOfSource } from './fonts/coverage.ts';
import { type Cache, hash, kindredVersion, readJson } from './cache.ts';

export { facesFor, type FontPlan, type TextSample } from './fonts/plan.ts';
export type { FontFace, FontSource } from './fonts/declarations.ts';

const plans = new WeakMap<object, FontPlan>();

/** Chooses the fonts for a book (fallbacks by its language and text) and remembers them for its templates. */
export function selectBookFonts(templates: TemplateSet, language: string, samples: TextSample[], warn: (line: string) => void, cache?: Cache): FontPlan {
  const plan = planFonts(declarationsFor(templates.dirs), { language, samples, store: cache && fontStore(cache) }, warn);
  plans.set(templates, plan);
  return plan;
}

/** The fonts of a templates set: the book's plan once chosen, else the declared families alone. */
export function bookFonts(templates?: Pick<TemplateSet, 'dirs'>): FontPlan {
  const known = templates && plans.get(templates);
  if (known) return known;
  return planFonts(declarationsFor(templates?.dirs ?? [BUILTIN_TEMPLATES]), { language: 'en', samples: [] });
}

/** What is known of font files, kept in the build cache by Kindred's version and the key (file, size, time …). */
export function fontStore(cache: Cache): FontStore {
  const key = (name: string) => hash(kindredVersion(), name);
  return {
    // Any JSON: each use checks the value it reads.
    get: (name) => readJson(cache, 'fonts', key(name), (value): value is unknown => true),
    put(name, value) {
      cache.put('fonts', key(name), JSON.stringify(value));
    },
  };
}

/** Folders the browser may read fonts from: of a plan's fonts, or (no plan) of every font Kindred declares. */
export function fontRoots(plan?: FontPlan): string[] {
  const { families, fallbacks } = plan ?? declarationsFor([BUILTIN_TEMPLATES]);
  return [...new Set([...families, ...fallbacks].map((f) => f.package.dir))];
}

const FORMAT_NAMES: Record<FontSource['format'], string> = { truetype: 'truetype', opentype: 'opentype', woff2: 'woff2', woff: 'woff' };

function rule(family: string, weight: number, style: FontStyle, source: FontSource, url: (s: FontSource) => string): string {
  const range = source.unicodeRange ? ` unicode-range: ${source.unicodeRange};` : '';
  return `@font-face { font-family: '${family}'; font-weight: ${weight}; font-style: ${style}; font-display: block; src: url('${url(source)}') format('${FORMAT_NAMES[source.format]}');${range} }`;
}

/**
 * @font-face rules; `url` maps a font file to the URL the document uses. Fallback faces are declared
 * under each family's name, for each of its weights and styles (so the browser never synthesises a
 * style) and before the family's own faces: the browser tries the last declared face first and moves
 * on to the fallbacks only for characters the family has no glyph for.
 */
export function fontFaceCss(plan: FontPlan = bookFonts(), url: (source: FontSource) => string = (s) => pathToFileURL(s.file).href): string {
  const rules: string[] = [];
  for (const family of plan.families) {
    for (const face of family.faces) {
      for (const fallback of [...plan.fallbacks].reverse()) {
        for (const source of nearestFace(fallback.faces, face.weight, face.style).sources) rules.push(rule(family.family, face.weight, face.style, source, url));
      }
      for (const source of face.sources) rules.push(rule(family.family, face.weight, face.style, source, url));
    }
  }
  return rules.join('\n');
}

/** Every declared face of the plan's families (for listings and tests). */
export function declaredFaces(plan: FontPlan = bookFonts()): FontFace[] {
  return plan.families.flatMap((f) => f.faces);
}

const ttfCache = new Map<string, Promise<Uint8Array>>();
let decoding: Promise<unknown> = Promise.resolve();

/** A source as TrueType/OpenType bytes: read as it is, or decoded from WOFF2 once per process. */
export function sourceBytes(source: FontSource): Promise<Uint8Array> {
  let bytes = ttfCache.get(source.file);
  if (!bytes) {
    if (source.format === 'truetype' || source.format === 'opentype') {
      bytes = Promise.resolve(new Uint8Array(readFileSync(source.file)));
    } else {
      // wawoff2 returns a view into its WebAssembly memory, which the next call overwrites: decode one
      // font at a time and copy the result out at once.
      bytes = decoding.then(async () => {
        const mod = await import('wawoff2');
        const { decompress } = (mod as unknown as { default?: typeof mod }).default ?? mod;
        return (await decompress(readFileSync(source.file))).slice();
      });
      decoding = bytes.catch(() => {});
    }
    ttfCache.set(source.file, bytes);
  }
  return bytes;
}

/**
 * One face as TrueType bytes, for text that pdf-lib draws (running heads, folios, form fields); pdf-lib
 * then embeds the whole font, which print shops prefer to subsets. Of a sliced (fontsource) face, the
 * slice with the Latin letters.
 */
export function fontBytes(family: string, weight: number, style: FontStyle, plan: FontPlan = bookFonts()): Promise<Uint8Array> {
  const fam = plan.families.find((f) => f.family === family) ?? plan.fallbacks.find((f) => f.family === family);
  if (!fam) throw new Error(`font family not declared in ${plan.declarations.file}: ${family}`);
  const face = nearestFace(fam.faces, weight, style);
  const source = face.sources.find((s) => coverageOfSource(s).has(0x61)) ?? face.sources[0];
  return sourceBytes(source);
}
