/**
 * The files `kindred init` and `kindred new worksheet` write, made from templates/init/: the starter
 * book (`book/`) and a worksheet of one's own (`worksheet/`). Text files are Handlebars with the book's
 * values; worksheet templates (`.hbs`) are copied as they are. Pure apart from reading those templates.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import Handlebars from 'handlebars';
import YAML from 'yaml';
import { BUILTIN_TEMPLATES } from './render-template.ts';

const INIT = join(BUILTIN_TEMPLATES, 'init');

export interface StarterFile {
  /** Path relative to the book folder, with forward slashes. */
  path: string;
  content: string;
}

export interface BookValues {
  title: string;
  author: string;
  language: string;
  trim: string;
  /** YYYY-MM-DD */
  date: string;
  /** urn:uuid:… */
  identifier: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** `{{yaml value}}`: a YAML scalar that reads back as the same string (quoted when it must be). */
function yamlScalar(value: unknown): string {
  return YAML.stringify(String(value ?? '')).trimEnd();
}

/**
 * `{{schema "book"}}`: where an editor finds the JSON Schema of a YAML file, relative to that file,
 * in Kindred's package installed in the book folder (node_modules/kindred/schemas/).
 */
function schemaPath(yamlPath: string, name: string): string {
  const depth = yamlPath.split('/').length - 1;
  return `${'../'.repeat(depth) || './'}node_modules/kindred/schemas/${name}.schema.json`;
}

function render(source: string, path: string, values: object): string {
  const hb = Handlebars.create();
  hb.registerHelper('yaml', yamlScalar);
  hb.registerHelper('schema', (name: string) => schemaPath(path, name));
  return hb.compile(source, { noEscape: true, strict: true })(values);
}

/** Reads one starter folder and renders its files; `rename` maps a template path to the written path. */
function starter(folder: string, values: object, rename: (path: string) => string): StarterFile[] {
  const root = join(INIT, folder);
  return listFiles(root)
    .sort()
    .map((file) => {
      const source = readFileSync(file, 'utf8');
      const path = rename(relative(root, file).split(sep).join('/'));
      return { path, content: path.endsWith('.hbs') ? source : render(source, path, values) };
    });
}

/** The starter book: book.yaml, two chapters, two worksheets with their data, README, .gitignore. */
export function bookFiles(values: BookValues): StarterFile[] {
  // `gitignore` has no dot in the package: npm would treat a `.gitignore` there as its own ignore file.
  return starter('book', values, (path) => (path === 'gitignore' ? '.gitignore' : path));
}

/** A worksheet template of one's own and its data, for `kindred new worksheet NAME`. */
export function worksheetFiles(name: string, dirs: { manuscript: string; templates: string }): StarterFile[] {
  const title = name
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
  return starter('worksheet', { name, title }, (path) =>
    path === 'template.hbs' ? `${dirs.templates}/worksheets/${name}.hbs` : `${dirs.manuscript}/worksheets/${name}.yaml`,
  );
}
