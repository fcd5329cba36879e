/**
 * Every output Kindred makes from a loaded book, as one table that `build` walks. A writer reads the
 * prepared chapters and worksheets (never the Markdown), renders them for its medium and writes its
 * file(s) atomically. A new output is one entry here plus its module.
 */
import { dirname, join } from 'node:path';
import type { Book } from './load-book.ts';
import type { LoadedProject } from './load-project.ts';
import type { BrowserHandle } from './browser.ts';
import type { Cache } from './cache.ts';
import type { TemplateSet } from './render-template.ts';
import type { Medium } from './media.ts';
import type { PrintLayout } from './pdf/pdf-input.ts';
import { KindredError } from './errors.ts';
import { bookFonts } from './fonts.ts';

export type OutputId = 'print-pdf' | 'screen-pdf' | 'epub' | 'handouts';

export interface WriterOptions {
  cropMarks?: boolean;
  pdfx?: boolean;
}

export interface WriterContext {
  project: LoadedProject;
  /** Where the writer writes (from its outPath). */
  outPath: string;
  browser: BrowserHandle;
  cache?: Cache;
  options: WriterOptions;
  /** The last print of this book at this trim (page count, body documents), when known. */
  lastLayout?: PrintLayout;
  /** Every local file the output was made from beyond the manuscript and templates (fonts, for instance). */
  onFile: (path: string) => void;
  log: (line: string) => void;
}

export interface WriterResult {
  path: string;
  bytes: number;
  pages?: number;
  /** The print PDF's body documents, as chapter ids (kept for the next build). */
  groups?: string[][];
  /** The file's bytes, when the output is one file (kept in the build cache). */
  data?: Uint8Array;
}

export interface Writer {
  id: OutputId;
  medium: Medium;
  /** Progress line while it runs. */
  describe(book: Book): string;
  /** The file (or folder) it writes in the output folder. */
  outPath(book: Book, outDir: string): string;
  /** One file whose bytes the build cache can keep and restore. */
  singleFile: boolean;
  write(ctx: WriterContext): Promise<WriterResult>;
}

const pdfInput = (ctx: WriterContext) => ({
  book: ctx.project.book,
  chapters: ctx.project.prepared.chapters,
  worksheets: ctx.project.prepared.worksheets,
  templates: ctx.project.templates,
  browser: ctx.browser,
  outPath: ctx.outPath,
  cropMarks: ctx.options.cropMarks,
  pdfx: ctx.options.pdfx,
  cache: ctx.cache,
  lastLayout: ctx.lastLayout,
  onFile: ctx.onFile,
  log: ctx.log,
});

export const WRITERS: Writer[] = [
  {
    id: 'print-pdf',
    medium: 'print',
    singleFile: true,
    describe: (book) => `printing the print PDF (${book.trim.name}${book.bleedPt ? ', with bleed' : ''})`,
    outPath: (book, outDir) => join(outDir, `${book.slug}.pdf`),
    async write(ctx) {
      const { writePrintPdf } = await import('./write-pdf.ts');
      const result = await writePrintPdf(pdfInput(ctx));
      return { path: result.path, bytes: result.bytes, pages: result.pages, groups: result.groups, data: result.pdf };
    },
  },
  {
    id: 'screen-pdf',
    medium: 'screen',
    singleFile: true,
    describe: (book) => `printing the screen PDF (${book.trim.name})`,
    outPath: (book, outDir) => join(outDir, `${book.slug}-screen.pdf`),
    async write(ctx) {
      const { writeScreenPdf } = await import('./pdf/screen-pdf.ts');
      const result = await writeScreenPdf(pdfInput(ctx));
      return { path: result.path, bytes: result.bytes, pages: result.pages, data: result.pdf };
    },
  },
  {
    id: 'epub',
    medium: 'epub',
    singleFile: true,
    describe: () => 'writing the EPUB',
    outPath: (book, outDir) => join(outDir, `${book.slug}.epub`),
    async write(ctx) {
      const { book, templates, prepared } = ctx.project;
      const [{ writeEpub }, { renderChapter }, { readCss }, { loadPageMap }, { cachedRenderer }] = await Promise.all([
        import('./write-epub.ts'),
        import('./render-chapter.ts'),
        import('./pdf/print-css.ts'),
        import('./pdf/page-map.ts'),
        import('./render-cache.ts'),
      ]);
      const render = cachedRenderer(ctx.cache, templates, prepared.worksheets, 'epub', (c) => renderChapter(c, 'epub', prepared.worksheets, templates));
      const chapters = prepared.chapters.map(render);
      const fonts = bookFonts(templates);
      for (const family of [...fonts.families, ...fonts.fallbacks]) for (const face of family.faces) for (const source of face.sources) ctx.onFile(source.file);
      const result = await writeEpub({
        book,
        templates,
        chapters,
        worksheets: prepared.worksheets,
        css: readCss(templates, ['epub.css', 'worksheets-epub.css', 'theme-epub.css'], 'epub', ctx.log),
        fonts,
        cover: await frontCover(ctx.browser, book, templates, ctx.log, ctx.cache),
        outPath: ctx.outPath,
        // The print edition's pages: saved beside the print PDF by this run's print writer, or by the last one.
        pageMap: loadPageMap(join(dirname(ctx.outPath), `${book.slug}.pdf`), prepared.chapters, ctx.log),
        log: ctx.log,
        browser: ctx.browser,
        cache: ctx.cache,
      });
      return { path: result.path, bytes: result.bytes, data: result.data };
    },
  },
  {
    id: 'handouts',
    medium: 'handout',
    singleFile: false,
    describe: () => 'printing the worksheet handouts',
    outPath: (_book, outDir) => join(outDir, 'handouts'),
    async write(ctx) {
      const { book, templates, prepared } = ctx.project;
      const [{ writeHandouts }, { loadBrand }] = await Promise.all([import('./handouts/write-handouts.ts'), import('./handouts/brand.ts')]);
      const brand = loadBrand(book);
      const jobs = prepared.worksheets.map((w) => ({ name: w.id, title: w.title, what: `the handout "${w.id}"`, worksheets: [w], outPath: join(ctx.outPath, `${w.id}.pdf`) }));
      const { results, failures } = await writeHandouts(jobs, { book, browser: ctx.browser, brand, templates, paper: brand.paper ?? 'letter', flat: false, noun: 'handouts', log: ctx.log });
      if (failures.length) throw new KindredError(`${failures.length} handout(s) failed: ${failures.map((f) => `${f.job.what}: ${(f.error as Error).message}`).join('; ')}`);
      return { path: ctx.outPath, bytes: results.reduce((n, r) => n + r.bytes, 0), pages: results.reduce((n, r) => n + r.pages, 0) };
    },
  },
];

export function writerFor(id: OutputId): Writer {
  const writer = WRITERS.find((w) => w.id === id);
  if (!writer) throw new Error(`no writer for ${id}`);
  return writer;
}

/** The front cover as PNG for the EPUB, when the cover module is present. */
async function frontCover(browser: BrowserHandle, book: Book, templates: TemplateSet, log: (line: string) => void, cache?: Cache): Promise<Uint8Array | undefined> {
  try {
    const { renderFrontCoverPng } = await import('./cover/front-cover-png.ts');
    return await renderFrontCoverPng(browser, book, templates, log, cache);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    if (error instanceof KindredError) throw error;
    log(`warning: could not render the cover image: ${(error as Error).message}`);
    return undefined;
  }
}
