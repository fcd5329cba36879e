/**
 * The confinement every output shares: what a book may read. Nothing is fetched from the network;
 * local files are read only from the manuscript folder, the templates folders and Kindred's own fonts
 * (plus a stage's own temp folder). Author-written references (chapters, worksheet data, images, CSS
 * url()) are resolved here, relative to the file that names them; the browser's request filter and the
 * EPUB writer ask the same module before they read anything.
 */
import { existsSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fontRoots } from './fonts.ts';

/** Folders a build may read from, as real paths (symlinks resolved). */
export interface Confinement {
  readonly roots: readonly string[];
}

export type Resolved =
  | { kind: 'file'; path: string }
  /** A URL with a scheme (http:, https:, //host …): never fetched. */
  | { kind: 'remote'; url: string; reason: string; hint: string }
  /** Absolute, file:, `..` escape or a symlink out: never read. */
  | { kind: 'outside'; path: string; reason: string; hint: string }
  | { kind: 'missing'; path: string; reason: string; hint: string }
  /** A data: URL: its bytes are in the reference itself. */
  | { kind: 'data'; url: string };

/** A confinement over these folders (the missing ones are kept as given: nothing is inside them anyway). */
export function confinement(roots: readonly string[]): Confinement {
  return { roots: [...new Set(roots.map(realPath))] };
}

const within = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** A path with every symlink resolved; for a path that does not exist, its nearest existing folder's. */
function realPath(path: string): string {
  const absolute = resolve(path);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : resolve(realPath(parent), relative(parent, absolute));
  }
}

/** The confinement of a book: its manuscript folder, its templates folders and Kindred's own fonts. */
export function bookConfinement(manuscriptDir: string, templateDirs: readonly string[], extra: readonly string[] = []): Confinement {
  return confinement([manuscriptDir, ...templateDirs, ...fontRoots(), ...extra]);
}

/** True when a path, with every symlink resolved, lies under one of the roots. */
function isInside(path: string, c: Confinement): boolean {
  const real = realPath(path);
  return c.roots.some((root) => within(real, root));
}

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * Resolves a reference written in `fromFile` (a chapter, a CSS file, book.yaml) to a file under the
 * confinement. `base` is the folder relative references start from (default: the folder of fromFile).
 */
export function resolveReference(ref: string, fromFile: string, c: Confinement, base = dirname(fromFile)): Resolved {
  const trimmed = ref.trim();
  if (/^data:/i.test(trimmed)) return { kind: 'data', url: trimmed };
  if (trimmed.startsWith('//') || (SCHEME.test(trimmed) && !/^file:/i.test(trimmed))) {
    return {
      kind: 'remote',
      url: trimmed,
      reason: `${trimmed.slice(0, 120)} is on the network, and the build never fetches anything`,
      hint: 'Download the file into the manuscript folder and refer to it by a relative path.',
    };
  }
  let path: string;
  if (/^file:/i.test(trimmed)) {
    try {
      path = fileURLToPath(trimmed);
    } catch {
      path = trimmed;
    }
    return {
      kind: 'outside',
      path,
      reason: `${trimmed.slice(0, 120)} is a file: URL; the build reads only files in the manuscript folder`,
      hint: 'Copy the file into the manuscript folder and refer to it by a path relative to this file.',
    };
  }
  const bare = trimmed.replace(/[?#].*$/, '');
  let decoded = bare;
  try {
    decoded = decodeURIComponent(bare);
  } catch {
    /* a stray % is part of the name */
  }
  if (isAbsolute(decoded)) {
    return {
      kind: 'outside',
      path: decoded,
      reason: `${trimmed} is an absolute path; the build reads only files in the manuscript folder`,
      hint: 'Copy the file into the manuscript folder and refer to it by a path relative to this file.',
    };
  }
  path = resolve(base, decoded);
  if (!isInside(path, c)) {
    return {
      kind: 'outside',
      path,
      reason: `${trimmed} points outside the manuscript folder${c.roots.some((r) => within(path, r)) ? ' (through a symbolic link)' : ''}`,
      hint: 'Copy the file into the manuscript folder and refer to it by a path relative to this file.',
    };
  }
  if (!existsSync(path)) {
    return { kind: 'missing', path, reason: `${trimmed} not found`, hint: `Looked for ${path}. Add the file or fix the path (relative to ${base}).` };
  }
  return { kind: 'file', path };
}

/**
 * The gate for anything a renderer is about to load (a browser request, an EPUB resource): data:,
 * about: and blob: URLs and files under the confinement pass; everything else is refused.
 */
export function isAllowedUrl(url: string, c: Confinement): boolean {
  if (/^(data|about|blob):/i.test(url)) return true;
  if (!/^file:/i.test(url)) return false;
  let path: string;
  try {
    path = fileURLToPath(url);
  } catch {
    return false;
  }
  return isInside(path, c);
}
