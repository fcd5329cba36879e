/** The build, top to bottom: load the book, prepare the chapters once, then each writer over the same trees. */
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { loadBook, type Book } from './load-book.ts';
import { createTemplateSet, templateDirs, type TemplateSet } from './render-template.ts';
import { worksheetHelpers } from './worksheets/helpers.ts';
import { prepareChapters, type PreparedBook } from './prepare-chapters.ts';
import { renderChapter } from './render-chapter.ts';
import { bookFonts, selectBookFonts } from './fonts.ts';
import { bookText } from './fonts/book-text.ts';
import { readCss } from './pdf/print-css.ts';
import { KindredError } from './errors.ts';

export type Format = 'pdf' | 'epub';

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
  /** Where printed chapters are cached between builds; undefined turns caching off. */
  cacheDir?: string;
}

export interface BuildOutput {
  format: Format;
  path: string;
  bytes: number;
  pages?: number;
  seconds: number;
}

export interface LoadedProject {
  book: Book;
  templates: TemplateSet;
  prepared: PreparedBook;
}

/** Loads, validates and prepares the manuscript (no browser). */
export function loadProject(options: Pick<BuildOptions, 'manuscriptDir' | 'templatesDir' | 'trim' | 'bleed' | 'log'>): LoadedProject {
  const book = loadBook(options.manuscriptDir, { trim: options.trim, bleed: options.bleed });
  const templates = createTemplateSet(templateDirs(options.templatesDir), worksheetHelpers);
  const prepared = prepareChapters(book, templates, options.log);
  // The fonts the book needs (fallbacks for its language and scripts); warns about characters no font has.
  selectBookFonts(templates, book.language, bookText(book, prepared), options.log);
  return { book, templates, prepared };
}

const seconds = (start: number) => (performance.now() - start) / 1000;

export async function build(options: BuildOptions): Promise<BuildOutput[]> {
  const outDir = resolve(options.outDir);
  let start = performance.now();
  // Both writers need the browser (the PDF to print, the EPUB for its cover): it boots while the
  // manuscript is read. A launch failure surfaces where the browser is first used.
  await (await import('./browser.ts')).startBrowser();
  options.log(`• reading ${options.manuscriptDir}`);
  const { book, templates, prepared } = loadProject(options);
  options.log(`  ${book.chapterFiles.length} chapters, ${prepared.worksheets.length} worksheets (${seconds(start).toFixed(2)} s)`);
  const outputs: BuildOutput[] = [];

  if (options.formats.includes('pdf')) {
    start = performance.now();
    options.log(`• printing the ${options.profile} PDF (${book.trim.name}${book.bleedPt ? ', with bleed' : ''})`);
    const { writePdf } = await import('./write-pdf.ts');
    const result = await writePdf({
      book,
      chapters: prepared.chapters,
      worksheets: prepared.worksheets,
      templates,
      outPath: join(outDir, `${book.slug}${options.profile === 'screen' ? '-screen' : ''}.pdf`),
      profile: options.profile,
      cropMarks: options.cropMarks,
      pdfx: options.pdfx,
      cacheDir: options.cacheDir,
      log: options.log,
    });
    outputs.push({ format: 'pdf', path: result.path, bytes: result.bytes, pages: result.pages, seconds: seconds(start) });
    if (options.profile === 'print' && hasImages(prepared)) await warnLowResolution(result.path, options.log);
  }

  if (options.formats.includes('epub')) {
    start = performance.now();
    options.log('• writing the EPUB');
    const { writeEpub } = await import('./write-epub.ts');
    const chapters = prepared.chapters.map((c) => renderChapter(c, 'epub', prepared.worksheets, templates));
    const cover = await frontCover(book, templates, options.log);
    const result = await writeEpub({
      book,
      templates,
      chapters,
      worksheets: prepared.worksheets,
      css: readCss(templates, ['epub.css', 'worksheets-epub.css', 'theme-epub.css']),
      fonts: bookFonts(templates),
      cover,
      outPath: join(outDir, `${book.slug}.epub`),
      log: options.log,
    });
    outputs.push({ format: 'epub', path: result.path, bytes: result.bytes, seconds: seconds(start) });
  }
  return outputs;
}

function hasImages(prepared: PreparedBook): boolean {
  return prepared.chapters.some((c) => JSON.stringify(c.hast).includes('"tagName":"img"'));
}

/** Print shops want 300 DPI at the printed size: warn for every image below it, with its page. */
async function warnLowResolution(pdfPath: string, log: (line: string) => void): Promise<void> {
  const { inspectContent } = await import('./preflight/inspect-content.ts');
  const pages = await inspectContent(new Uint8Array(readFileSync(pdfPath)));
  for (const image of pages.flatMap((p) => p.images)) {
    if (image.dpi < 299.5) {
      log(`warning: an image on page ${image.page} prints at ${Math.round(image.dpi)} DPI (${image.widthPx} × ${image.heightPx} px at ${(image.drawnWidthPt / 72).toFixed(2)} × ${(image.drawnHeightPt / 72).toFixed(2)} in); print needs 300 DPI: use a larger image or print it smaller`);
    }
  }
}

/** The front cover as PNG for the EPUB, when the cover module is present. */
async function frontCover(book: Book, templates: TemplateSet, log: (line: string) => void): Promise<Uint8Array | undefined> {
  try {
    const { renderFrontCoverPng } = await import('./cover/front-cover-png.ts');
    return await renderFrontCoverPng(book, templates);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return undefined;
    if (error instanceof KindredError) throw error;
    log(`warning: could not render the cover image: ${(error as Error).message}`);
    return undefined;
  }
}
