/** Thin wrapper over node:util parseArgs that turns its errors into user errors. */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KindredError } from './errors.ts';

export function parseArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, usage: string) {
  try {
    return nodeParseArgs({ args: argv, options: { ...options, verbose: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new KindredError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), { hint: usage });
  }
}

/** The options every command that reads the project shares. */
export const PROJECT_OPTIONS = {
  manuscript: { type: 'string', default: 'manuscript' },
  templates: { type: 'string', default: 'templates' },
  out: { type: 'string', default: 'dist' },
} as const;

/**
 * The user's templates folder: an explicit --templates must exist; the default ./templates counts
 * only when it exists. Kindred's own templates are always searched after it.
 */
export function userTemplatesDir(argv: string[], value: string): string | undefined {
  const explicit = argv.some((a) => a === '--templates' || a.startsWith('--templates='));
  if (explicit && !existsSync(value)) {
    throw new KindredError(`templates folder not found: ${value}`, { hint: 'Point --templates at a folder with worksheets/, partials/, layouts/ or css/.' });
  }
  return existsSync(value) ? resolve(value) : undefined;
}

/** Commands that take no file arguments reject stray ones with their usage. */
export function noPositionals(positionals: string[], usage: string): void {
  if (positionals.length) throw new KindredError(`unexpected argument "${positionals[0]}"`, { hint: usage });
}
