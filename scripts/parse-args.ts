/**
 * Thin wrapper over node:util parseArgs that turns its errors into one-line user errors: an unknown
 * option gets the nearest known one as a suggestion, and every message names the command and its help.
 * Every command takes --verbose and --quiet; the CLI (cli.ts) acts on them.
 */
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KindredError } from './errors.ts';
import { closestName } from './suggest.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

const COMMON = { verbose: { type: 'boolean' }, quiet: { type: 'boolean' } } as const;

/** `build` from `Usage: kindred build [options]`; `new worksheet` from `Usage: kindred new worksheet NAME`. */
function commandOf(usage: string): string {
  return /Usage:\s+kindred\s+([a-z][\w-]*(?:\s+[a-z][\w-]*)*)/.exec(usage)?.[1] ?? '';
}

/** `for "kindred build"` and where its options are listed, for the end of a message. */
function where(usage: string): { forCommand: string; help: string } {
  const name = commandOf(usage);
  return { forCommand: name ? ` for "kindred ${name}"` : '', help: name ? `kindred help ${name.split(/\s+/)[0]}` : 'kindred --help' };
}

/** The first option in argv that the command does not declare, as typed (`--trm`, `-trim`, `-x`). */
function unknownOption(argv: string[], options: Options): { typed: string; suggestion?: string } | undefined {
  const { tokens } = nodeParseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const names = Object.keys(options);
  for (const token of tokens) {
    if (token.kind !== 'option' || Object.hasOwn(options, token.name)) continue;
    const arg = argv[token.index].split('=')[0];
    // `-trim` is read as -t -r -i -m: what was meant is the long option.
    const typed = arg.startsWith('--') ? arg : arg.length > 2 ? arg : token.rawName;
    const bare = typed.replace(/^-+/, '');
    const suggestion = closestName(bare, names);
    return { typed, suggestion: suggestion && `--${suggestion}` };
  }
  return undefined;
}

export function parseArgs<T extends Options>(argv: string[], options: T, usage: string) {
  const all = { ...options, ...COMMON };
  const { forCommand, help } = where(usage);
  const unknown = unknownOption(argv, all);
  if (unknown) {
    const mean = unknown.suggestion ? `; did you mean ${unknown.suggestion}?` : '';
    throw new KindredError(`unknown option ${unknown.typed}${forCommand}${mean} (${help})`);
  }
  try {
    return nodeParseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const option = /Option '(-[^\s',]+)/.exec(message)?.[1];
    const problem = / argument missing/.test(message)
      ? 'needs a value'
      : /does not take an argument/.test(message)
        ? 'takes no value'
        : /ambiguous/.test(message)
          ? `needs a value (write ${option}=-VALUE for a value that starts with "-")`
          : undefined;
    if (option && problem) throw new KindredError(`option ${option}${forCommand} ${problem} (${help})`);
    throw new KindredError(`${message.split('\n')[0].replace(/^TypeError \[[A-Z_]+\]: /, '')}${forCommand} (${help})`);
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

/** Commands that take no file arguments reject stray ones in one line. */
export function noPositionals(positionals: string[], usage: string): void {
  const { forCommand, help } = where(usage);
  if (positionals.length) throw new KindredError(`unexpected argument "${positionals[0]}"${forCommand} (${help})`);
}
