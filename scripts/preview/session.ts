/**
 * One preview session: on every save, a quick rebuild (book.yaml, chapters and worksheets read again —
 * parsed chapters come from the build cache — and the changed chapters rendered for the reflowable
 * view), numbered and announced at once; then the print PDF (and the handouts, when worksheet data or
 * templates changed) through the build with its caches and the one browser of the session. A failed
 * rebuild keeps the last good view and pages and reports the error as `file:line:column: message`.
 */
import { existsSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { BrowserHandle } from '../browser.ts';
import { build } from '../build.ts';
import { folderDigest, hash, openCache } from '../cache.ts';
import { formatPlace, isKindredError, KindredErrors, type KindredError } from '../errors.ts';
import { bookFonts, fontRoots } from '../fonts.ts';
import { loadProject, type LoadedProject } from '../load-project.ts';
import { exposedFiles, type ExposedFiles } from './exposed-files.ts';
import { renderReflow, type ReflowView } from './reflow.ts';
import { withEditedChapters } from './chapter-edit.ts';

export interface PrintStatus {
  /** The rebuild whose pages these are. */
  build: number;
  ok: boolean;
  ms: number;
  /** True while the print PDF of the latest rebuild is being laid out. */
  pending: boolean;
  error?: string;
}

export interface Status {
  /** Rebuilds so far; one more after each. */
  build: number;
  ok: boolean;
  /** The last rebuild's time to the first view. */
  ms: number;
  error?: string;
  /** Chapter ids whose view changed in the last rebuild. */
  changed: string[];
  /** Changes when the chapters, their titles or the worksheets do (the page then reads /__kindred/book.json again). */
  outline?: string;
  print: PrintStatus;
  /** The handouts, printed after the pages when worksheet data or templates changed. */
  handouts?: { build: number; ok: boolean; ms: number; error?: string };
}

export interface SessionOptions {
  manuscriptDir: string;
  templatesDir?: string;
  outDir: string;
  cacheDir?: string;
  browser: BrowserHandle;
  /** Progress: one line per rebuild, and the warnings not seen before. */
  log: (line: string) => void;
}

export interface Session {
  status(): Status;
  /** The last good project and view (kept through errors). */
  current(): { project: LoadedProject; view: ReflowView; files: ExposedFiles } | undefined;
  /** A rebuild after these files were saved (all of them on the first call). */
  rebuild(changed: string[]): Promise<void>;
  /** Called after every change of status. */
  onStatus(listener: (status: Status) => void): () => void;
  /** Resolves once no rebuild or print is running or queued. */
  idle(): Promise<void>;
}

/** `file:line:column: message` for each error (without the hints: the page shows them apart). */
export function describeError(error: unknown): string {
  if (error instanceof KindredErrors) return error.errors.map(describeError).join('\n');
  if (isKindredError(error)) {
    const where = formatPlace(error as KindredError);
    return where ? `${where}: ${error.message}` : error.message;
  }
  return `unexpected failure (a bug in Kindred): ${(error as Error)?.message ?? error}`;
}

/** How long the print waits after a chapter-only rebuild, so that the page can load the new view first. */
const VIEW_FIRST_MS = 400;

const ms = (start: number) => Math.round(performance.now() - start);

export function createSession(options: SessionOptions): Session {
  const cache = options.cacheDir ? openCache(options.cacheDir, options.log) : undefined;
  const listeners = new Set<(status: Status) => void>();
  let status: Status = { build: 0, ok: false, ms: 0, changed: [], print: { build: 0, ok: false, ms: 0, pending: true } };
  let last: { project: LoadedProject; view: ReflowView } | undefined;
  const memo = new Map<string, { key: string; html: string }>();
  const seenWarnings = new Set<string>();
  let chain = Promise.resolve();
  let printing: Promise<void> | undefined;
  let printQueued: { build: number; loaded: boolean } | undefined;
  let files: ExposedFiles | undefined;
  const buildOptions = { manuscriptDir: options.manuscriptDir, templatesDir: options.templatesDir, outDir: options.outDir, profile: 'print' as const, log: (line: string) => warn(line), cacheDir: options.cacheDir, check: false, browser: options.browser };
  let handoutsDue = true;

  const set = (next: Status) => {
    status = next;
    for (const listener of listeners) listener(status);
  };
  const warn = (line: string) => {
    if (!line.startsWith('warning:') || seenWarnings.has(line)) return;
    seenWarnings.add(line);
    options.log(line);
  };

  /** The whole book read again (chapters parsed through the cache) and its reflowable view rendered. */
  const loadAll = () => {
    const project = loadProject({ manuscriptDir: options.manuscriptDir, templatesDir: options.templatesDir, log: warn, cache });
    return { project, view: view(project) };
  };
  const view = (project: LoadedProject) => {
    files ??= exposedFiles([project.book.manuscriptDir, ...project.templates.dirs, ...fontRoots(bookFonts(project.templates))]);
    const templatesKey = project.templates.dirs.map((dir) => folderDigest(dir)).join();
    return renderReflow(project, files, memo, templatesKey, warn);
  };

  const quick = (changed: string[]) => {
    // Editors' temporary files (no extension, gone by now) alone are no reason to rebuild.
    const saved = changed.filter((path) => existsSync(path) || extname(path) !== '');
    if (changed.length && !saved.length) return;
    const start = performance.now();
    const number = status.build + 1;
    if (saved.some((path) => !path.endsWith('.md'))) {
      handoutsDue = true;
      memo.clear(); // an image or a stylesheet may have changed under an unchanged chapter
    }
    try {
      // Only chapters saved: those chapters alone first; the whole book is read again with the pages.
      const edited = last && saved.length && saved.every((path) => existsSync(path)) ? withEditedChapters(last.project, saved, cache) : undefined;
      const next = edited ? { project: edited, view: view(edited) } : loadAll();
      last = next;
      const outline = hash(JSON.stringify([next.project.book.title, next.view.chapters.map((c) => [c.id, c.title]), next.project.prepared.worksheets.map((w) => [w.id, w.title])]));
      set({ build: number, ok: true, ms: ms(start), changed: next.view.changed, outline, print: { ...status.print, pending: true } });
      options.log(`build ${number}: ${status.ms} ms${next.view.changed.length ? ` (${next.view.changed.join(', ')} changed)` : ''}; laying out the print pages…`);
      requestPrint({ build: number, loaded: !edited });
    } catch (error) {
      const text = describeError(error);
      set({ ...status, build: number, ok: false, ms: ms(start), error: text, changed: [] });
      options.log(`build ${number}: error: ${text}`);
    }
  };

  const requestPrint = (job: { build: number; loaded: boolean }) => {
    printQueued = job;
    // Reading the whole book again holds the event loop for a while: first the status goes out and the
    // page fetches the changed chapter (the server writes event streams only after this tick).
    printing ??= new Promise((resolve) => setTimeout(resolve, job.loaded ? 0 : VIEW_FIRST_MS)).then(runPrints).finally(() => (printing = undefined));
  };

  const runPrints = async () => {
    // The print PDF of the latest rebuild first; the handouts when no newer rebuild waits for its pages.
    while (printQueued || (handoutsDue && status.print.ok && last?.project.prepared.worksheets.length)) {
      if (!printQueued) {
        await printHandouts();
        continue;
      }
      const job = printQueued;
      printQueued = undefined;
      const start = performance.now();
      let error: unknown;
      try {
        // After a chapter-only rebuild the whole book is read again, so that ids, links and numbers are the book's.
        let project = last!.project;
        if (!job.loaded) {
          const settled = loadAll();
          project = settled.project;
          if (job.build === status.build) last = settled;
        }
        await build({ ...buildOptions, formats: ['pdf'], project });
      } catch (caught) {
        error = caught;
      }
      const print: PrintStatus = error ? { build: job.build, ok: false, ms: ms(start), pending: Boolean(printQueued), error: describeError(error) } : { build: job.build, ok: true, ms: ms(start), pending: Boolean(printQueued) };
      // An error in the pages of the latest rebuild is that rebuild's error too.
      const current = job.build === status.build && error ? { ok: false, error: print.error } : {};
      set({ ...status, ...current, print });
      options.log(error ? `  print pages of build ${job.build}: error: ${print.error}` : `  print pages of build ${job.build}: ${print.ms} ms`);
    }
  };

  const printHandouts = async () => {
    const start = performance.now();
    const number = status.print.build;
    handoutsDue = false;
    try {
      await build({ ...buildOptions, formats: ['handouts'], project: last!.project });
      set({ ...status, handouts: { build: number, ok: true, ms: ms(start) } });
      options.log(`  handouts of build ${number}: ${ms(start)} ms`);
    } catch (error) {
      set({ ...status, handouts: { build: number, ok: false, ms: ms(start), error: describeError(error) } });
      options.log(`  handouts of build ${number}: error: ${status.handouts?.error}`);
    }
  };

  return {
    status: () => status,
    current: () => (last && files ? { ...last, files } : undefined),
    rebuild(changed) {
      const asked = performance.now();
      chain = chain.then(() => {
        if (process.env.KINDRED_DEBUG) {
          const saved = Math.max(0, ...changed.filter((p) => existsSync(p)).map((p) => statSync(p).mtimeMs));
          options.log(`debug: rebuild began ${ms(asked)} ms after the save was seen, ${Math.round(Date.now() - saved)} ms after it was made`);
        }
        quick(changed);
      });
      return chain;
    },
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async idle() {
      await chain;
      while (printing) await printing;
    },
  };
}
