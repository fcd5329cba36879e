/**
 * Kindred for programs: `import { build } from 'kindred'`. The same build as `kindred build`, with its
 * defaults; paths are relative to the working folder. A mistake in the book rejects with a KindredError
 * (its `format()` names file:line:column); nothing is printed unless `log` is given.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build as runBuild, type BuildOutput, type Format } from './build.ts';
import { defaultCacheDir } from './cache.ts';
import { KindredError } from './errors.ts';

export interface ApiBuildOptions {
  /** Folder with book.yaml and the chapters (default `manuscript`). */
  manuscript?: string;
  /** Your templates, over Kindred's own (default `templates` when it exists). */
  templates?: string;
  /** Output folder (default `dist`). */
  out?: string;
  /** What to write (default `['pdf', 'epub']`). */
  formats?: Format[];
  profile?: 'print' | 'screen';
  trim?: string;
  bleed?: string;
  cropMarks?: boolean;
  pdfx?: boolean;
  /** Reuse unchanged parts from the build cache (default true; MANUSCRIPT/.kindred-cache or KINDRED_CACHE_DIR). */
  cache?: boolean;
  /** Preflight the print PDF (default true); a failed rule rejects. */
  check?: boolean;
  /** Progress lines and warnings (default: none). */
  log?: (line: string) => void;
}

/** Builds the book; resolves to the files written (path, format, bytes, pages, seconds, cached). */
export async function build(options: ApiBuildOptions = {}): Promise<BuildOutput[]> {
  const manuscriptDir = resolve(options.manuscript ?? 'manuscript');
  const templates = options.templates ?? 'templates';
  if (options.templates && !existsSync(templates)) throw new KindredError(`templates folder not found: ${templates}`);
  return runBuild({
    manuscriptDir,
    templatesDir: existsSync(templates) ? resolve(templates) : undefined,
    outDir: resolve(options.out ?? 'dist'),
    formats: options.formats ?? ['pdf', 'epub'],
    profile: options.profile ?? 'print',
    trim: options.trim,
    bleed: options.bleed,
    cropMarks: options.cropMarks,
    pdfx: options.pdfx,
    cacheDir: options.cache === false ? undefined : defaultCacheDir(manuscriptDir),
    check: options.check,
    log: options.log ?? (() => {}),
  });
}
