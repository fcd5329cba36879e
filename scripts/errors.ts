/** Expected, user-facing failures: printed without a stack, exit code 1. */
export interface Place {
  file?: string;
  line?: number;
  column?: number;
}

export class KindredError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** Extra lines shown under the message (what to do, the available choices …). */
  readonly hint?: string;
  readonly exitCode: number;

  constructor(message: string, options: Place & { hint?: string; exitCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'KindredError';
    this.file = options.file;
    this.line = options.line;
    this.column = options.column;
    this.hint = options.hint;
    this.exitCode = options.exitCode ?? 1;
  }

  /** `file:line:column: message` followed by the hint, as the CLI prints it. */
  format(cwd = process.cwd()): string {
    const where = formatPlace(this, cwd);
    const head = where ? `${where}: ${this.message}` : this.message;
    return this.hint ? `${head}\n  ${this.hint.split('\n').join('\n  ')}` : head;
  }
}

/** Several user errors found at once (every bad chapter, every bad worksheet …). */
export class KindredErrors extends KindredError {
  readonly errors: KindredError[];
  constructor(errors: KindredError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.errors = errors;
  }
  override format(cwd = process.cwd()): string {
    return this.errors.map((e, i) => (i === 0 ? '' : 'error: ') + e.format(cwd)).join('\n');
  }
}

/** `path:line:column` relative to cwd, or as much of it as is known. */
export function formatPlace(place: Place, cwd = process.cwd()): string {
  if (!place.file) return '';
  let file = place.file;
  if (file.startsWith(cwd + '/')) file = file.slice(cwd.length + 1);
  if (place.line === undefined) return file;
  return `${file}:${place.line}:${place.column ?? 1}`;
}

export function isKindredError(error: unknown): error is KindredError {
  return error instanceof KindredError;
}

const FAULTS: Record<string, (path: string) => string> = {
  ENOSPC: (p) => `the disk is full: could not write ${p}.`,
  EDQUOT: (p) => `the disk quota is used up: could not write ${p}.`,
  EACCES: (p) => `no permission to write ${p}.`,
  EPERM: (p) => `no permission to write ${p}.`,
  EROFS: (p) => `${p} is on a read-only file system.`,
  ENOTDIR: (p) => `${p} is not a folder (a file is in the way).`,
  EISDIR: (p) => `${p} is a folder, where a file was expected.`,
  EMFILE: () => 'too many files are open on this machine.',
  ENFILE: () => 'too many files are open on this machine.',
};

/**
 * A fault of the machine rather than of Kindred (full disk, read-only or forbidden folder) as a user error
 * in one plain sentence; undefined for anything else.
 */
export function environmentError(error: unknown, cwd = process.cwd()): KindredError | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  const describe = e?.code ? FAULTS[e.code] : undefined;
  if (!describe) return undefined;
  const where = e!.path ? formatPlace({ file: e!.path }, cwd) : 'a file';
  return new KindredError(describe(where), {
    hint: 'Free some space or choose another folder with --out; the last good outputs were kept.',
    cause: error,
  });
}
