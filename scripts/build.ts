/**
 * The build, top to bottom: read book.yaml, check that the outputs can be written, reuse every output
 * whose inputs are unchanged, else prepare the chapters once and walk the writers table (writers.ts).
 * The print PDF is then preflighted against the print-on-demand rules.
 */
import { existsSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { loadBook, type Book } from './load-book.ts';
import { loadProject, type LoadedProject } from './load-project.ts';
import { templateDirs } from './render-template.ts';
import { createBrowser, type BrowserHandle } from './browser.ts';
import { type Cache, type CacheCounts, dependenciesHold, type Dependencies, digestsOf, fileDigest, folderDigest, hash, kindredVersion, openCache } from './cache.ts';
import { environmentError, KindredError } from './errors.ts';
import { checkTempFolder } from './temp.ts';
import { writeAtomic } from './write-atomic.ts';
import { type OutputId, type Writer, type WriterResult, writerFor } from './writers.ts';
import type { PrintLayout } from './pdf/pdf-input.ts';
import type { MeasuredPages, PageContent } from './preflight/inspect-pdf.ts';

/** For callers that load without building (tests, the handouts command). */
export { loadProject } from './load-project.ts';

export type Format = 'pdf' | 'epub' | 'handouts';

export interface BuildOptions {
  manuscriptDir: string;
  templatesDir?: string;
  outDir: string;
  formats: Format[];
  profile: 'print' | 'screen';
  cropMarks?: boolean;
  pdfx?: boolean;
  trim?: string;
  bleed?: string;
  log: (line: string) => void;
  /** Where parsed chapters, printed documents and outputs are kept between builds; undefined turns caching off. */
  cacheDir?: string;
  /** Preflight the print PDF against the print-on-demand rules (default on). */
  check?: boolean;
  /** The browser to print with; without one, build makes its own and closes it. */
  browser?: BrowserHandle;
  /** The project when the caller has loaded it already (the preview): then it is not read again. */
  project?: LoadedProject;
}

export interface BuildOutput {
  format: Format;
  path: string;
  bytes: number;
  pages?: number;
  seconds: number;
  /** True when the output was restored from the build cache. */
  cached?: boolean;
}

const seconds = (start: number) => (performance.now() - start) / 1000;
const debugOn = () => Boolean(process.env.KINDRED_DEBUG);

/** The writers a build runs, in the table's order. */
function selectWriters(options: BuildOptions): Writer[] {
  const ids: OutputId[] = [];
  if (options.formats.includes('pdf')) ids.push(options.profile === 'screen' ? 'screen-pdf' : 'print-pdf');
  if (options.formats.includes('epub')) ids.push('epub');
  if (options.formats.includes('handouts')) ids.push('handouts');
  return ids.map(writerFor);
}

const formatOf = (writer: Writer): Format => (writer.id === 'epub' ? 'epub' : writer.id === 'handouts' ? 'handouts' : 'pdf');

/** The output folder exists (or is made) and takes a file: found before any work, with one plain sentence. */
export function checkOutputFolder(dir: string): void {
  if (existsSync(dir) && !statSync(dir).isDirectory()) {
    throw new KindredError(`the output folder ${dir} is a file, not a folder.`, { hint: 'Point --out at a folder (it is made when missing).' });
  }
  // A missing folder is made only when the first output is written, so a build that fails leaves none
  // behind: the nearest folder that exists is probed instead.
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  if (!statSync(at).isDirectory()) {
    throw new KindredError(`the output folder ${dir} cannot be made: ${at} is a file, not a folder.`, { hint: 'Point --out at a folder (it is made when missing).' });
  }
  const probe = join(at, `.kindred-probe-${process.pid}`);
  try {
    writeFileSync(probe, 'kindred');
  } catch (error) {
    throw environmentError(error) ?? error;
  } finally {
    rmSync(probe, { force: true });
  }
}

/** Everything outside the manuscript's own files that an output is made from, as one key per writer. */
async function outputKey(writer: Writer, book: Book, options: BuildOptions, browser: BrowserHandle, outDir: string, cacheDir: string): Promise<string> {
  const skip = [outDir, cacheDir];
  return hash(
    kindredVersion(),
    writer.id,
    JSON.stringify({ trim: book.trim, bleed: book.bleedPt, cropMarks: options.cropMarks ?? false, pdfx: options.pdfx ?? false, check: options.check !== false }),
    process.env.SOURCE_DATE_EPOCH ?? '',
    await browser.identity(),
    folderDigest(book.manuscriptDir, skip),
    ...templateDirs(options.templatesDir).map((dir) => folderDigest(dir, skip)),
  );
}

interface OutputMeta {
  deps: Dependencies;
  warnings: string[];
  pages?: number;
  preflight?: string[];
}

/** The debug line of each kind of cache entry a writer counts: how much was made again, of how much. */
const COUNTED: [kind: string, line: (c: CacheCounts) => string][] = [
  ['print', (c) => `printed ${c.misses} of ${c.hits + c.misses} documents (${c.hits} from the cache)`],
  ['render', (c) => `rendered ${c.misses} of ${c.hits + c.misses} chapters (${c.hits} from the cache)`],
  ['axe', (c) => `checked the accessibility of ${c.misses} of ${c.hits + c.misses} EPUB documents (${c.hits} from the cache)`],
  ['chapter-print', (c) => `found ${c.hits} of ${c.hits + c.misses} chapters in earlier prints`],
  ['page-starts', (c) => `read the page starts of ${c.misses} of ${c.hits + c.misses} body documents (${c.hits} from the cache)`],
];

export async function build(options: BuildOptions): Promise<BuildOutput[]> {
  const browser = options.browser ?? createBrowser({ warn: options.log });
  try {
    return await buildWith(browser, options);
  } finally {
    if (!options.browser) await browser.close();
  }
}

async function buildWith(browser: BrowserHandle, options: BuildOptions): Promise<BuildOutput[]> {
  const outDir = resolve(options.outDir);
  const debug = (line: string) => debugOn() && options.log(`debug: ${line}`);
  const warnings: string[] = [];
  const log = (line: string) => {
    if (line.startsWith('warning:')) warnings.push(line);
    options.log(line);
  };

  // Everything that can be found wrong without the browser is found first.
  let start = performance.now();
  options.log(`• reading ${options.manuscriptDir}`);
  const book = options.project?.book ?? loadBook(options.manuscriptDir, { trim: options.trim, bleed: options.bleed, warn: options.log });
  const writers = selectWriters(options);
  checkTempFolder();
  checkOutputFolder(outDir);
  if (options.pdfx && writers.some((w) => w.id.endsWith('-pdf'))) (await import('./pdf/pdfx.ts')).requireGhostscript();
  const cache = options.cacheDir ? openCache(options.cacheDir, options.log) : undefined;

  // Outputs whose inputs are all unchanged come back from the cache: nothing is parsed or printed.
  const keys = new Map<Writer, string>();
  const restored = new Map<Writer, { data: Uint8Array; meta: OutputMeta }>();
  if (cache) {
    for (const writer of writers.filter((w) => w.singleFile)) {
      const key = await outputKey(writer, book, options, browser, outDir, cache.dir);
      keys.set(writer, key);
      const entry = cache.get('output', key, (e) => dependenciesHold((e.meta as unknown as OutputMeta).deps));
      if (entry) restored.set(writer, { data: entry.data, meta: entry.meta as unknown as OutputMeta });
    }
  }
  let project: LoadedProject | undefined;
  let loadWarnings: string[] = [];
  if (restored.size < writers.length) {
    project = options.project ?? loadProject({ ...options, book, log, cache });
    // The input is valid: every writer prints or checks in the browser, which boots while the chapters render.
    void browser.start();
    loadWarnings = [...warnings];
    const parsed = cache?.counts.parse;
    if (parsed) debug(`cache: parsed ${parsed.misses} of ${parsed.hits + parsed.misses} chapters (${parsed.hits} from the cache)`);
  } else {
    const replayed = new Set<string>();
    for (const { meta } of restored.values()) for (const line of meta.warnings) if (!replayed.has(line) && replayed.add(line)) options.log(line);
  }
  options.log(`  ${book.chapterFiles.length} chapters${project ? `, ${project.prepared.worksheets.length} worksheets` : ', unchanged'} (${seconds(start).toFixed(2)} s)`);

  const outputs: BuildOutput[] = [];
  const failures: string[] = [];
  const stateKey = hash('pages', book.manuscriptDir, JSON.stringify(book.trim), String(book.bleedPt));
  for (const writer of writers) {
    start = performance.now();
    const outPath = writer.outPath(book, outDir);
    const hit = restored.get(writer);
    if (hit) {
      options.log(`• ${writer.describe(book)}: unchanged, from the cache`);
      debug(`cache: ${writer.id} restored from the cache`);
      if (!existsSync(outPath) || fileDigest(outPath) !== hash(hit.data)) writeAtomic(outPath, hit.data);
      failures.push(...(hit.meta.preflight ?? []));
      outputs.push({ format: formatOf(writer), path: outPath, bytes: hit.data.byteLength, pages: hit.meta.pages, seconds: seconds(start), cached: true });
      continue;
    }
    options.log(`• ${writer.describe(book)}`);
    const before = warnings.length;
    const files = new Set<string>();
    const lastLayout = writer.id === 'print-pdf' ? readLayout(cache, stateKey) : undefined;
    const result: WriterResult = await writer.write({
      project: project!,
      outPath,
      browser,
      cache,
      options: { cropMarks: options.cropMarks, pdfx: options.pdfx },
      lastLayout,
      onFile: (path) => files.add(path),
      log,
    });
    let preflight: string[] = [];
    if (writer.id === 'print-pdf' && result.data) {
      if (result.pages) cache?.put('state', stateKey, JSON.stringify({ pages: result.pages, groups: result.groups } satisfies PrintLayout));
      preflight = await checkPrint(result.data, outPath, project!.book, options.check !== false, log, cache && { cache, key: hash(kindredVersion(), stateKey) });
      failures.push(...preflight);
    }
    const key = keys.get(writer);
    if (cache && key && result.data) {
      // Files outside the manuscript and template folders (fonts, for instance) count by their bytes.
      const inside = [book.manuscriptDir, ...project!.templates.dirs];
      const deps = digestsOf([...files].filter((f) => !inside.some((dir) => !relative(dir, f).startsWith('..'))));
      const meta: OutputMeta = { deps, warnings: [...loadWarnings, ...warnings.slice(before)], pages: result.pages, preflight };
      cache.put('output', key, result.data, meta as unknown as Record<string, unknown>);
    }
    outputs.push({ format: formatOf(writer), path: result.path, bytes: result.bytes, pages: result.pages, seconds: seconds(start) });
  }
  for (const [kind, line] of COUNTED) {
    const counts = cache?.counts[kind];
    if (counts) debug(`cache: ${line(counts)}`);
  }
  cache?.prune();

  if (failures.length) {
    throw new KindredError(`the print PDF breaks ${failures.length === 1 ? 'a print-on-demand rule' : `${failures.length} print-on-demand rules`}:\n  ${failures.join('\n  ')}`, {
      hint: 'The PDF was written so that you can look at it. `kindred check` shows every rule; --no-check skips this.',
    });
  }
  return outputs;
}

function readLayout(cache: Cache | undefined, key: string): PrintLayout {
  const entry = cache?.get('state', key);
  if (!entry) return {};
  try {
    return JSON.parse(Buffer.from(entry.data).toString('utf8')) as PrintLayout;
  } catch {
    return {};
  }
}

/**
 * The print PDF against the print-on-demand rules: returns each failing rule as `rule: message`.
 * Images below 300 DPI are warnings with their page, checked or not.
 */
async function checkPrint(pdf: Uint8Array, path: string, book: Book, check: boolean, log: (line: string) => void, memo?: { cache: Cache; key: string }): Promise<string[]> {
  if (!check) {
    if (!Buffer.from(pdf).includes('/Subtype /Image')) return [];
    const [{ PDFDocument }, { inspectDrawing }] = await Promise.all([import('pdf-lib'), import('./preflight/inspect-drawing.ts')]);
    for (const image of inspectDrawing(await PDFDocument.load(pdf, { updateMetadata: false }), '').pages.flatMap((p) => p.images)) warnLowDpi(image, log);
    return [];
  }
  log('  checking it against the print-on-demand rules');
  const [{ inspectPdfBytes }, { preflight }] = await Promise.all([import('./preflight/inspect-pdf.ts'), import('./preflight/preflight-rules.ts')]);
  // What the last build measured on each page, by the page's fingerprint: after an edit, only the pages that changed are read.
  const measured = readMeasured(memo?.cache.get('measured-pages', memo.key)?.data);
  const known = new Set(measured.keys());
  const facts = await inspectPdfBytes(pdf, path, measured);
  if (memo) {
    memo.cache.put('measured-pages', memo.key, JSON.stringify([...measured], (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)));
    const fresh = [...measured.keys()].filter((f) => !known.has(f)).length;
    if (debugOn()) log(`debug: cache: preflight measured ${fresh} of ${measured.size} distinct pages (${measured.size - fresh} from the cache)`);
  }
  for (const image of facts.images) warnLowDpi(image, log);
  return preflight(facts, { paper: book.paper })
    .filter((f) => !f.ok && f.severity === 'error')
    .map((f) => `${f.rule}: ${f.message}`);
}

function readMeasured(data: Uint8Array | undefined): MeasuredPages {
  if (!data) return new Map();
  try {
    // Infinity and NaN (an image drawn with no width) were kept as strings: JSON has no such numbers.
    const entries = JSON.parse(Buffer.from(data).toString('utf8'), (_, v) => (v === 'Infinity' || v === '-Infinity' || v === 'NaN' ? Number(v) : v)) as [string, PageContent][];
    return new Map(entries);
  } catch {
    return new Map();
  }
}

function warnLowDpi(image: { dpi: number; page: number; widthPx: number; heightPx: number; drawnWidthPt: number; drawnHeightPt: number }, log: (line: string) => void): void {
  if (image.dpi >= 299.5) return;
  log(`warning: an image on page ${image.page} prints at ${Math.round(image.dpi)} DPI (${image.widthPx} × ${image.heightPx} px at ${(image.drawnWidthPt / 72).toFixed(2)} × ${(image.drawnHeightPt / 72).toFixed(2)} in); print needs 300 DPI: use a larger image or print it smaller`);
}
