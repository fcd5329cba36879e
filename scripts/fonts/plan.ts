/**
 * The fonts one book needs: the declared families, plus the fallback faces its language or its text
 * calls for, each limited to the slices that hold characters the book uses (a Latin book loads no
 * fallback at all). Characters no font covers are warnings naming the file, the line and the script.
 * Also the body face's average character width, from its metrics, for characters-per-line estimates.
 */
import { formatPlace, type Place } from '../errors.ts';
import type { FallbackFont, FontDeclarations, FontFace, FontFamily, FontSource } from './declarations.ts';
import { hash } from '../cache.ts';
import { type FontStore, coverageOfFace, coverageOfSource, fileStamp, isWide, needsGlyph, openFont, scriptOf } from './coverage.ts';

/** A piece of the book's text and where it was written. */
export interface TextSample {
  text: string;
  place: Place;
}

export interface FontPlan {
  declarations: FontDeclarations;
  families: FontFamily[];
  /** Fallbacks in use, the one to try first first, each with only the slices the text needs. */
  fallbacks: FallbackFont[];
  /** The body face's family (role: text, else the first). */
  textFamily: FontFamily;
  /** Mean advance of a character of the book's text in the body face, in em. */
  averageCharEm: number;
}

/** The face of a family closest to a weight and style (CSS font matching, simplified). */
export function nearestFace(faces: FontFace[], weight: number, style: 'normal' | 'italic'): FontFace {
  const score = (f: FontFace) => (f.style === style ? 0 : 10_000) + Math.abs(f.weight - weight) + (weight >= 600 && f.weight < weight ? 1 : 0);
  return [...faces].sort((a, b) => score(a) - score(b))[0];
}

/** How well a BCP 47 tag matches a list: the number of leading subtags of the best match (0: none). */
function languageScore(language: string, tags: string[]): number {
  const want = language.toLowerCase().split('-');
  let best = 0;
  for (const tag of tags) {
    const parts = tag.toLowerCase().split('-');
    if (parts.every((p, i) => want[i] === p) || (parts.length === 2 && want[0] === parts[0] && want.includes(parts[1]))) best = Math.max(best, parts.length);
  }
  return best;
}

const SAMPLE = 'The quick brown fox jumps over the lazy dog, and a couple talks about what matters to them each evening.';

/** Mean advance width in em of the characters of `text` set in a face; `store` keeps it by the font file and the text. */
function averageAdvance(face: FontFace, text: string, store?: FontStore): number {
  const source = face.sources.find((s) => coverageOfSource(s, store).has(0x61)) ?? face.sources[0];
  const stamp = store ? fileStamp(source.file) : '';
  const key = stamp && `advance|${stamp}|${hash(text)}`;
  const kept = key ? store?.get(key) : undefined;
  if (typeof kept === 'number' && Number.isFinite(kept)) return kept;
  const average = measureAdvance(source, text);
  if (key) store?.put(key, average);
  return average;
}

function measureAdvance(source: FontSource, text: string): number {
  const font = openFont(source.file);
  const cover = coverageOfSource(source);
  let total = 0;
  let count = 0;
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    if (cp < 0x20) continue;
    total += cover.has(cp) && font.hasGlyphForCodePoint(cp) ? font.glyphForCodePoint(cp).advanceWidth / font.unitsPerEm : isWide(char) ? 1 : 0.55;
    count++;
  }
  return count ? total / count : 0.5;
}

export function planFonts(
  declarations: FontDeclarations,
  input: { language: string; samples: TextSample[]; store?: FontStore },
  warn: (line: string) => void = () => {},
): FontPlan {
  const { families } = declarations;
  const textFamily = families.find((f) => f.role === 'text') ?? families[0];
  // A fallback is declared under every family, so a character any family lacks calls for one; it is
  // reported missing only when no fallback has it and the body face lacks it too.
  const familyCover = families.map((f) => coverageOfFace(nearestFace(f.faces, 400, 'normal'), input.store));
  const textCover = familyCover[families.indexOf(textFamily)];

  // Every character that needs a glyph, with the first place it appears.
  const firstSeen = new Map<number, Place>();
  for (const { text, place } of input.samples) {
    for (const char of text) {
      const cp = char.codePointAt(0)!;
      if (!firstSeen.has(cp) && needsGlyph(char)) firstSeen.set(cp, place);
    }
  }

  const byLanguage = declarations.fallbacks
    .map((f) => ({ f, score: languageScore(input.language, f.languages) }))
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)[0]?.f;
  const fallbackCover = new Map(declarations.fallbacks.map((f) => [f, coverageOfFace(nearestFace(f.faces, 400, 'normal'), input.store)]));
  const assigned = new Map<FallbackFont, number[]>(byLanguage ? [[byLanguage, []]] : []);
  const missing = new Map<string, { place: Place; chars: string[] }>();

  for (const [cp, place] of firstSeen) {
    if (familyCover.every((c) => c.has(cp))) continue;
    const char = String.fromCodePoint(cp);
    const script = scriptOf(char);
    const covers = (f: FallbackFont) => fallbackCover.get(f)!.has(cp);
    // The book's language's face for its scripts, else the first face made for the character's script;
    // punctuation and symbols from a face already in use, else from any face that has them.
    const forScript = (f: FallbackFont) => f.scripts.includes(script) && covers(f);
    const chosen =
      (byLanguage && forScript(byLanguage) ? byLanguage : undefined) ??
      declarations.fallbacks.find(forScript) ??
      (script === 'Common' ? ([...assigned.keys()].find(covers) ?? declarations.fallbacks.find(covers)) : undefined);
    if (chosen) {
      if (!assigned.has(chosen)) assigned.set(chosen, []);
      assigned.get(chosen)!.push(cp);
      continue;
    }
    if (textCover.has(cp)) continue;
    const key = `${place.file ?? ''}\u0000${script}`;
    const entry = missing.get(key) ?? { place, chars: [] };
    entry.chars.push(char);
    missing.set(key, entry);
  }

  for (const [key, { place, chars }] of missing) {
    const script = key.split('\u0000')[1];
    const first = chars[0];
    const code = `U+${first.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    const what = script === 'Common' ? 'symbol' : script === 'Emoji' ? 'emoji' : `${script.replace(/_/g, ' ')} character`;
    warn(
      `warning: ${formatPlace(place)}: no font of the book has a glyph for ${chars.length === 1 ? `the ${what}` : `${chars.length} ${what}s such as`} “${first}” (${code}, ${script} script); ` +
        `${chars.length === 1 ? 'it prints' : 'they print'} as a box. Add a font for ${script} to the fallbacks in fonts.yaml, or remove ${chars.length === 1 ? 'it' : 'them'}.`,
    );
  }

  // Keep only the slices holding characters the book uses; language-only fallbacks with nothing to draw drop out.
  const fallbacks: FallbackFont[] = [];
  for (const [f, cps] of assigned) {
    if (cps.length === 0) continue;
    const faces = f.faces.map((face) => {
      const needed = new Set<FontSource>();
      for (const cp of cps) {
        const source = face.sources.find((s) => coverageOfSource(s, input.store).has(cp));
        if (source) needed.add(source);
      }
      return { ...face, sources: face.sources.filter((s) => needed.has(s)) };
    });
    fallbacks.push({ ...f, faces });
  }

  const text = input.samples.map((s) => s.text).join(' ').slice(0, 20_000) || SAMPLE;
  const averageCharEm = averageAdvance(nearestFace(textFamily.faces, 400, 'normal'), text, input.store);
  return { declarations, families, fallbacks, textFamily, averageCharEm };
}

/**
 * Which faces draw `text` in a family at a weight and style: runs of consecutive characters that the
 * same face covers, the family's own face first, then the plan's fallbacks (for handouts' form
 * fields and names drawn with pdf-lib). `face` is undefined for characters no font covers.
 */
export function facesFor(
  plan: FontPlan,
  text: string,
  options: { family?: string; weight?: number; style?: 'normal' | 'italic' } = {},
): { text: string; face: FontFace | undefined; source: FontSource | undefined }[] {
  const family = plan.families.find((f) => f.family === options.family) ?? plan.textFamily;
  const weight = options.weight ?? 400;
  const style = options.style ?? 'normal';
  // The book's fallbacks first, whole (the plan keeps only the slices the book's own text needs), then the others.
  const active = new Set(plan.fallbacks.map((f) => f.family));
  const declared = plan.declarations.fallbacks;
  const fallbacks = [...declared.filter((f) => active.has(f.family)), ...declared.filter((f) => !active.has(f.family))];
  const candidates = [nearestFace(family.faces, weight, style), ...fallbacks.map((f) => nearestFace(f.faces, weight, style))];
  const runs: { text: string; face: FontFace | undefined; source: FontSource | undefined }[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0)!;
    let face: FontFace | undefined;
    let source: FontSource | undefined;
    for (const candidate of candidates) {
      source = candidate.sources.find((s) => coverageOfSource(s).has(cp));
      if (source) {
        face = candidate;
        break;
      }
    }
    // Spaces and joiners stay with the run they are in.
    const last = runs[runs.length - 1];
    if (last && (last.source === source || !needsGlyph(char))) last.text += char;
    else runs.push({ text: char, face, source });
  }
  return runs;
}
