/**
 * The fonts a design declares in its `fonts.yaml` (the user's templates folder first, Kindred's own
 * last), resolved to files on disk: which families, weights and styles, from which npm package and
 * version, and the fallback faces for scripts the families lack. Nothing here loads a font.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { KindredError } from '../errors.ts';
import { parseYaml, schemaErrors } from '../load-book.ts';
import { BUILTIN_TEMPLATES } from '../render-template.ts';

export type FontStyle = 'normal' | 'italic';

/** One font file and the characters the browser may use it for. */
export interface FontSource {
  file: string;
  format: 'truetype' | 'opentype' | 'woff2' | 'woff';
  /** CSS unicode-range (fontsource slices); undefined: the whole font. */
  unicodeRange?: string;
}

export interface FontFace {
  family: string;
  weight: number;
  style: FontStyle;
  /** One file, or the slices of a fontsource CSS file. */
  sources: FontSource[];
}

export interface FontPackage {
  name: string;
  version: string;
  dir: string;
  /** Absolute path of the licence text, when the package has one. */
  license?: string;
}

export interface FontFamily {
  family: string;
  role?: 'text';
  package: FontPackage;
  faces: FontFace[];
}

export interface FallbackFont extends FontFamily {
  /** Unicode script names (`Han`, `Arabic` …) this face is for. */
  scripts: string[];
  /** BCP 47 tags (`zh-Hant`, `ja`) whose books load it whatever their text. */
  languages: string[];
}

export interface FontDeclarations {
  /** The fonts.yaml these came from. */
  file: string;
  families: FontFamily[];
  fallbacks: FallbackFont[];
}

const face = z.strictObject({
  weight: z.number().int().min(1).max(1000),
  style: z.enum(['normal', 'italic']).default('normal'),
  file: z.string().min(1),
});
const family = z.strictObject({
  family: z.string().min(1),
  role: z.literal('text').optional(),
  package: z.string().min(1),
  version: z.string().min(1),
  license: z.string().optional(),
  faces: z.array(face).min(1),
});
const fallback = family.omit({ role: true }).extend({
  scripts: z.array(z.string().min(1)).min(1),
  languages: z.array(z.string().min(1)).default([]),
});
const schema = z.strictObject({ families: z.array(family).min(1), fallbacks: z.array(fallback).optional() });

const FORMATS: Record<string, FontSource['format']> = { ttf: 'truetype', otf: 'opentype', woff2: 'woff2', woff: 'woff' };

/** Finds an installed package by walking up from `from` through node_modules folders (no `exports` needed). */
function findPackage(name: string, from: string[]): { dir: string; version: string } | undefined {
  for (const start of from) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const manifest = join(dir, 'node_modules', name, 'package.json');
      if (existsSync(manifest)) return { dir: dirname(manifest), version: (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version };
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

/** The @font-face rules of a fontsource CSS file: each slice's first src and its unicode-range. */
export function parseFontCss(css: string, cssFile: string): FontSource[] {
  const sources: FontSource[] = [];
  for (const [, body] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const src = /url\(\s*['"]?([^'")]+)['"]?\s*\)(?:\s*format\(\s*['"]?([\w-]+)['"]?\s*\))?/.exec(body);
    if (!src) continue;
    const file = resolve(dirname(cssFile), src[1]);
    const ext = file.split('.').pop()?.toLowerCase() ?? '';
    const range = /unicode-range:\s*([^;]+);/.exec(body)?.[1].trim();
    sources.push({ file, format: FORMATS[ext] ?? 'woff2', unicodeRange: range });
  }
  return sources;
}

/** Reads and resolves one fonts.yaml; every problem is an error at its line. */
export function readDeclarations(file: string): FontDeclarations {
  const { value, locate } = parseYaml(readFileSync(file, 'utf8'), file);
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) throw schemaErrors(parsed.error.issues, file, locate);
  const searchFrom = [dirname(file), BUILTIN_TEMPLATES];

  const resolveFamily = (decl: z.infer<typeof family>, path: (string | number)[]): FontFamily => {
    const found = findPackage(decl.package, searchFrom);
    if (!found) {
      throw new KindredError(`font package ${decl.package} is not installed`, {
        file,
        ...locate([...path, 'package']),
        hint: `Install it: npm i --save-exact ${decl.package}@${decl.version}`,
      });
    }
    if (found.version !== decl.version) {
      throw new KindredError(`font package ${decl.package} is version ${found.version}; this design asks for ${decl.version}`, {
        file,
        ...locate([...path, 'version']),
        hint: `Install the declared version (npm i --save-exact ${decl.package}@${decl.version}) or change "version" here.`,
      });
    }
    const license = decl.license ?? ['LICENSE', 'LICENSE.md', 'LICENSE.txt', 'OFL.txt'].find((name) => existsSync(join(found.dir, name)));
    const pkg: FontPackage = { name: decl.package, version: found.version, dir: found.dir, license: license ? join(found.dir, license) : undefined };
    if (pkg.license && !existsSync(pkg.license)) {
      throw new KindredError(`licence file not found in ${decl.package}: ${decl.license}`, { file, ...locate([...path, 'license']) });
    }
    const faces = decl.faces.map((f, i): FontFace => {
      const target = join(found.dir, f.file);
      const where = { file, ...locate([...path, 'faces', i, 'file']) };
      if (!target.startsWith(found.dir + '/') || !existsSync(target)) {
        throw new KindredError(`font file not found in ${decl.package}: ${f.file}`, { ...where, hint: `List the files with: ls ${found.dir}` });
      }
      const ext = target.split('.').pop()?.toLowerCase() ?? '';
      const sources = ext === 'css' ? parseFontCss(readFileSync(target, 'utf8'), target) : FORMATS[ext] ? [{ file: target, format: FORMATS[ext] }] : [];
      if (sources.length === 0) throw new KindredError(`not a font file or a CSS file with @font-face rules: ${f.file}`, where);
      const missing = sources.find((s) => !existsSync(s.file));
      if (missing) throw new KindredError(`${f.file} refers to a missing font file: ${missing.file}`, where);
      return { family: decl.family, weight: f.weight, style: f.style, sources };
    });
    return { family: decl.family, role: 'role' in decl ? decl.role : undefined, package: pkg, faces };
  };

  const families = parsed.data.families.map((f, i) => resolveFamily(f, ['families', i]));
  // A design that declares no fallbacks keeps Kindred's own.
  const builtin = join(BUILTIN_TEMPLATES, 'fonts.yaml');
  const fallbacks = parsed.data.fallbacks
    ? parsed.data.fallbacks.map((f, i): FallbackFont => ({ ...resolveFamily(f, ['fallbacks', i]), scripts: f.scripts, languages: f.languages }))
    : file === builtin
      ? []
      : declarationsFor([BUILTIN_TEMPLATES]).fallbacks;
  return { file, families, fallbacks };
}

const cache = new Map<string, FontDeclarations>();

/** The declarations of a templates set: the first folder with a fonts.yaml wins (cached per file). */
export function declarationsFor(templateDirs: readonly string[]): FontDeclarations {
  const file = [...templateDirs, BUILTIN_TEMPLATES].map((dir) => join(dir, 'fonts.yaml')).find((f) => existsSync(f));
  if (!file) throw new KindredError('no fonts.yaml in the templates folders', { hint: `Copy ${join(BUILTIN_TEMPLATES, 'fonts.yaml')} into your templates folder.` });
  let decl = cache.get(file);
  if (!decl) {
    decl = readDeclarations(file);
    cache.set(file, decl);
  }
  return decl;
}
