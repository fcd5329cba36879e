/**
 * Reads manuscript/book.yaml, validates it and resolves it once: later stages see a complete Book
 * (defaults filled, paths absolute, trim in points) and never raw YAML.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node as YamlNode } from 'yaml';
import type { z } from 'zod';
import { bookSchema, type BookConfig } from './book-schema.ts';
import { fieldsAt } from './schema-fields.ts';
import { KindredError, KindredErrors } from './errors.ts';
import { parseTrim, type Trim } from './print-rules.ts';
import { readText } from './read-text.ts';
import { bleedOption, trimOption } from './trim-options.ts';
import { confinement, resolveReference } from './resolve-resource.ts';

export interface Chapter {
  /** 1-based position in the book. */
  number: number;
  /** Absolute path of the Markdown file. */
  path: string;
  /** File name as listed in book.yaml. */
  name: string;
  source: string;
}

export interface Book extends Omit<BookConfig, 'trim' | 'bleed'> {
  manuscriptDir: string;
  configPath: string;
  trim: Trim;
  /** Bleed in points (0 when off). */
  bleedPt: number;
  chapters: string[];
  chapterFiles: Chapter[];
  slug: string;
}

/**
 * The output file name of a title: Latin accents dropped (Café → cafe), letters and digits of every
 * script kept (a Chinese title names its files in Chinese, not `book.pdf`), at most 60 characters.
 */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return Array.from(slug).slice(0, 60).join('').replace(/-+$/, '') || 'book';
}

/** Parses YAML text and reports syntax errors at file:line:column. */
export function parseYaml(text: string, file: string): { value: unknown; locate: (path: PropertyKey[], key?: boolean) => { line: number; column: number } | undefined } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    throw new KindredErrors(
      doc.errors.map((e) => {
        const pos = e.linePos?.[0];
        return new KindredError(`YAML syntax error: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '')}`, {
          file,
          line: pos?.line,
          column: pos?.col,
          hint: 'Check indentation and quoting around this line (strings with ": " or "#" need quotes).',
        });
      }),
    );
  }
  /** Line and column of a value (or, with `key`, of the key itself) at a path. */
  const locate = (path: PropertyKey[], key = false) => {
    let node: unknown = doc.contents;
    let last: unknown = node;
    for (const [i, step] of path.entries()) {
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown })?.value === step);
        if (!pair) break;
        last = pair.key;
        node = pair.value;
        if (node && !(key && i === path.length - 1)) last = node;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step];
        if (node) last = node;
      } else break;
    }
    const range = (last as YamlNode | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
  return { value: doc.toJS(), locate };
}

function unknownFieldHint(help: { schema: z.ZodType; docs: string } | undefined, path: PropertyKey[]): string {
  if (!help) return 'Remove it or check its spelling against the README (fields are case-sensitive).';
  const fields = fieldsAt(help.schema, path);
  const name = path.map((p) => (typeof p === 'number' ? '[]' : `.${String(p)}`)).join('').slice(1);
  const where = path.length ? `"${name}" takes` : 'The fields are';
  return `Remove it or check its spelling (fields are case-sensitive). ${fields.length ? `${where}: ${fields.join(', ')}. ` : ''}See ${help.docs}.`;
}

/** Turns zod issues into errors that name the YAML file, line and field; an unknown field's hint lists the fields there and where they are documented. */
export function schemaErrors(
  issues: z.core.$ZodIssue[],
  file: string,
  locate: ReturnType<typeof parseYaml>['locate'],
  help?: { schema: z.ZodType; docs: string },
): KindredError {
  return new KindredErrors(
    issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') {
        const key = issue.keys[0];
        const where = locate([...issue.path, key], true);
        return new KindredError(`unknown field "${[...issue.path, ...issue.keys].join('.')}"`, {
          file,
          ...where,
          hint: unknownFieldHint(help, issue.path),
        });
      }
      const field = issue.path.join('.') || '(top level)';
      const where = locate(issue.path as PropertyKey[]);
      const message = issue.code === 'invalid_type' && /received undefined/.test(issue.message) ? 'is required' : issue.message;
      return new KindredError(`field "${field}": ${message}`, { file, ...where });
    }),
  );
}

/** Loads and validates book.yaml and reads the chapter files it lists. */
export function loadBook(manuscriptDir: string, overrides: { trim?: string; bleed?: string; warn?: (line: string) => void } = {}): Book {
  const dir = resolve(manuscriptDir);
  const configPath = join(dir, 'book.yaml');
  if (!existsSync(configPath)) {
    throw new KindredError(`no book.yaml in ${dir}`, {
      hint: 'Point --manuscript at the folder that holds book.yaml and the chapter files.',
    });
  }
  // Options are checked as options, before book.yaml: their mistakes are not book.yaml's.
  if (overrides.trim) trimOption(overrides.trim);
  if (overrides.bleed) bleedOption(overrides.bleed);
  const { value, locate } = parseYaml(readText(configPath, overrides.warn), configPath);
  const raw = { ...(value as object) } as Record<string, unknown>;
  if (overrides.trim) raw.trim = overrides.trim;
  if (overrides.bleed) raw.bleed = overrides.bleed;
  const parsed = bookSchema.safeParse(raw ?? {});
  if (!parsed.success) throw schemaErrors(parsed.error.issues, configPath, locate, { schema: bookSchema, docs: 'the README (book.yaml fields) and schemas/book.schema.json' });
  const config = parsed.data;

  const missing: KindredError[] = [];
  const chapterFiles: Chapter[] = [];
  const manuscript = confinement([dir]);
  config.chapters.forEach((name, i) => {
    const path = resolve(dir, name);
    const resolved = resolveReference(name, configPath, manuscript, dir);
    if (resolved.kind === 'remote' || resolved.kind === 'outside' || resolved.kind === 'data') {
      missing.push(new KindredError(`chapter ${resolved.kind === 'outside' ? resolved.reason : `${name} is not a file in the manuscript folder`}`, { file: configPath, ...locate(['chapters', i]), hint: 'Chapters must be files inside the manuscript folder: move the file there and list it by its relative path.' }));
      return;
    }
    if (!existsSync(path)) {
      missing.push(
        new KindredError(`chapter file not found: ${name}`, {
          file: configPath,
          ...locate(['chapters', i]),
          hint: `Create ${path} or remove it from the chapters list.`,
        }),
      );
      return;
    }
    if (!statSync(path).isFile()) {
      missing.push(new KindredError(`chapter ${name} is a folder, not a Markdown file`, { file: configPath, ...locate(['chapters', i]), hint: 'List the chapter files themselves, e.g. chapters/01-intro.md.' }));
      return;
    }
    chapterFiles.push({ number: i + 1, path, name, source: readText(path, overrides.warn) });
  });
  for (const key of ['image', 'authorPhoto', 'publisherLogo'] as const) {
    const file = config.cover?.[key];
    if (file && !existsSync(resolve(dir, file))) {
      missing.push(new KindredError(`cover image not found: ${file}`, { file: configPath, ...locate(['cover', key]), hint: `Put the file at ${resolve(dir, file)} or remove cover.${key}.` }));
    }
  }
  if (missing.length) throw missing.length === 1 ? missing[0] : new KindredErrors(missing);

  return {
    ...config,
    manuscriptDir: dir,
    configPath,
    trim: parseTrim(config.trim)!,
    bleedPt: config.bleed,
    chapterFiles,
    slug: slugify(config.title),
  };
}
