/**
 * Watches the folders a book is made from (the manuscript, the user's templates) with chokidar — which
 * keeps following a file that an editor saves by writing a new file and renaming it over the old one —
 * and reports the files saved, a burst of events as one call. Dot-files (editor swap files, the cache),
 * node_modules and the output folder are ignored.
 */
import { relative, sep } from 'node:path';
import { watch } from 'chokidar';

export interface Watcher {
  /** Resolves once the folders are being watched. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export interface WatchOptions {
  /** Folders to watch, each recursively. */
  dirs: string[];
  /** Folders inside them whose changes do not count (the output and cache folders). */
  ignore: string[];
  /** Milliseconds of quiet before a burst of events is reported. */
  settleMs?: number;
  onChange(paths: string[]): void;
}

const inside = (dir: string, path: string) => {
  const rel = relative(dir, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
};

/** True for a path whose saves should not rebuild the book. */
function ignored(path: string, roots: string[], skip: string[]): boolean {
  if (skip.some((dir) => inside(dir, path))) return true;
  const root = roots.find((dir) => inside(dir, path));
  if (!root) return false;
  const parts = relative(root, path).split(sep);
  if (parts.some((part) => part.startsWith('.') || part === 'node_modules')) return true;
  const file = parts.at(-1) ?? '';
  return file.endsWith('~') || /^\d+$/.test(file); // backup files; vim's write probe "4913"
}

export function watchFiles(options: WatchOptions): Watcher {
  const settle = options.settleMs ?? 25;
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const paths = [...changed];
    changed.clear();
    if (paths.length) options.onChange(paths);
  };
  const watcher = watch(options.dirs, { ignoreInitial: true, ignored: (path) => ignored(path, options.dirs, options.ignore) });
  watcher.on('all', (_event, path) => {
    changed.add(path);
    clearTimeout(timer);
    timer = setTimeout(flush, settle);
  });
  return {
    ready: new Promise((resolve) => watcher.once('ready', () => resolve())),
    async close() {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
