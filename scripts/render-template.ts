/**
 * Handlebars lives here: one isolated environment per template set, helpers registered once,
 * partials loaded from every templates folder (a user's folder overrides the built-in one),
 * each template compiled once and cached, HTML escaping on.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { KindredError } from './errors.ts';

/** Set by scripts/bin/kindred.js when it runs the bundled CLI, whose import.meta.url is the bundle's. */
declare const __KINDRED_ROOT__: string | undefined;
const PROJECT_ROOT = typeof __KINDRED_ROOT__ === 'string' ? __KINDRED_ROOT__ : resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Kindred's own templates folder. */
export const BUILTIN_TEMPLATES = join(PROJECT_ROOT, 'templates');

export type HelperFn = (...args: any[]) => unknown;

export interface TemplateSet {
  /** Folders searched for a template, first match wins (user's folder first, built-in last). */
  readonly dirs: string[];
  readonly handlebars: typeof Handlebars;
  /** Renders `relPath` (e.g. `layouts/print-chapter.hbs`) with a context. */
  render(relPath: string, context: object): string;
  /** The absolute path a template resolves to, or undefined. */
  resolve(relPath: string): string | undefined;
  /** Names (without .hbs) of the templates found in a sub-folder of every dir. */
  list(subdir: string): string[];
}

/** The folders to search: the user's (when it is not the built-in one) before Kindred's own. */
export function templateDirs(userDir?: string): string[] {
  const dirs = [] as string[];
  if (userDir && resolve(userDir) !== BUILTIN_TEMPLATES) dirs.push(resolve(userDir));
  dirs.push(BUILTIN_TEMPLATES);
  return dirs;
}

/** Where a Handlebars parse error happened: its messages say "Parse error on line N:". */
function templateError(file: string, error: unknown): KindredError {
  const message = (error as Error).message ?? String(error);
  const line = /on line (\d+)/.exec(message)?.[1];
  const column = /column (\d+)/.exec(message)?.[1];
  const firstLine = message.split('\n')[0].replace(/^Parse error on line \d+:?/, 'template syntax error');
  return new KindredError(`${firstLine}${message.includes('Expecting') ? ': ' + message.split('\n').pop() : ''}`, {
    file,
    line: line ? Number(line) : undefined,
    column: column ? Number(column) + 1 : line ? 1 : undefined,
    hint: 'Fix the Handlebars syntax in this template ({{…}} tags, block helpers closed with {{/…}}).',
    cause: error,
  });
}

/** Creates an isolated Handlebars environment over the given folders. */
export function createTemplateSet(dirs: string[], helpers: Record<string, HelperFn> = {}): TemplateSet {
  const handlebars = Handlebars.create();
  for (const [name, fn] of Object.entries(helpers)) handlebars.registerHelper(name, fn);
  // Partials: built-in first, so that a user's partial of the same name replaces it.
  for (const dir of [...dirs].reverse()) {
    const partialsDir = join(dir, 'partials');
    if (!existsSync(partialsDir)) continue;
    for (const entry of readdirSync(partialsDir).filter((f) => f.endsWith('.hbs')).sort()) {
      const file = join(partialsDir, entry);
      const source = readFileSync(file, 'utf8');
      try {
        handlebars.registerPartial(basename(entry, '.hbs'), handlebars.compile(source, { strict: false }));
        handlebars.precompile(source);
      } catch (error) {
        throw templateError(file, error);
      }
    }
  }
  const cache = new Map<string, HandlebarsTemplateDelegate>();
  const resolveTemplate = (relPath: string) => dirs.map((d) => join(d, relPath)).find((p) => existsSync(p));
  return {
    dirs,
    handlebars,
    resolve: resolveTemplate,
    list(subdir) {
      const names = new Set<string>();
      for (const dir of dirs) {
        const d = join(dir, subdir);
        if (existsSync(d)) for (const f of readdirSync(d)) if (f.endsWith('.hbs')) names.add(basename(f, '.hbs'));
      }
      return [...names].sort();
    },
    render(relPath, context) {
      const file = resolveTemplate(relPath);
      if (!file) {
        throw new KindredError(`template not found: ${relPath}`, {
          hint: `Looked in: ${dirs.join(', ')}. Restore the file or point --templates at a folder that has it.`,
        });
      }
      let template = cache.get(file);
      if (!template) {
        const source = readFileSync(file, 'utf8');
        try {
          handlebars.precompile(source); // surfaces syntax errors now, with their line
          template = handlebars.compile(source);
        } catch (error) {
          throw templateError(file, error);
        }
        cache.set(file, template);
      }
      try {
        return template(context);
      } catch (error) {
        if (error instanceof KindredError) throw error;
        throw new KindredError(`template failed: ${(error as Error).message}`, { file, cause: error });
      }
    },
  };
}
