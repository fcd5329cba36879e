/**
 * Prints HTML documents to PDF with the command's browser: several pages in parallel, each result cached
 * by its HTML, the browser's version and the print options, and valid only while every file the page
 * loaded (fonts, images, stylesheets) still has the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserHandle } from '../browser.ts';
import { type Cache, getWithFiles, hash, kindredVersion, putWithFiles } from '../cache.ts';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { composePage } from './compose-page.ts';

export interface PrintJob {
  /** A name for messages (e.g. `chapter-3`). */
  name: string;
  /**
   * The document, or a function that makes it: then it is rendered only when a page is free, overlapping
   * the printing of others. The function returns null when the caller found nothing left to print (its
   * result is then undefined).
   */
  html: string | (() => string | null);
}

export interface PrintOptions {
  /** Extra folders the documents may load files from (fonts, images, manuscript). */
  allowRoots: string[];
  cache?: Cache;
  concurrency?: number;
  tagged?: boolean;
  outline?: boolean;
  /** Receives every local file a printed document loaded (for the caller's own cache entry). */
  onFile?: (path: string) => void;
  /** Receives each document as soon as it is printed or read from the cache, while the others still print. */
  onPrinted?: (index: number, pdf: Uint8Array) => void;
}

const KIND = 'print';

/** The cache key of a printed document: its HTML, Kindred's code, the browser and the print options. */
export function documentKey(identity: string, options: Pick<PrintOptions, 'tagged' | 'outline'>, html: string): string {
  return hash(kindredVersion(), identity, options.tagged ? 'tagged' : '', options.outline ? 'outline' : '', html);
}

/** A printed document from the cache by its key, while every file it loaded is unchanged (those files go to onFile). */
export const cachedDocument = (cache: Cache, key: string, onFile?: (path: string) => void): Uint8Array | undefined => getWithFiles(cache, KIND, key, onFile);

/** A document the cache does not hold: where its PDF goes in the results, its HTML and its cache key. */
interface Pending {
  index: number;
  name: string;
  html: string;
  key?: string;
}

/** A printed document and the local files its page loaded (fonts, images), for a cache entry. */
export interface Printed {
  pdf: Uint8Array;
  loaded: Set<string>;
}

/**
 * Runs fn with a `print` function that prints document after document on one page of the browser,
 * navigated from one to the next; the page is closed when fn ends. A new page for each document cost
 * Chromium about 0.3 s (a new tab and renderer, every font file decoded again): twelve documents took
 * 8.7-9.0 s on new pages and 5.3-5.6 s on one page.
 */
export async function withPrinter<T>(browser: BrowserHandle, options: Pick<PrintOptions, 'allowRoots' | 'tagged' | 'outline'>, fn: (print: (name: string, html: string) => Promise<Printed>) => Promise<T>): Promise<T> {
  const dir = tempFolder('print-');
  // What the page loads counts for the document it is showing; `name` names that document in a timeout message.
  let loaded = new Set<string>();
  let htmlPath = '';
  const pageOptions = { allowRoots: [dir, ...options.allowRoots], onFile: (path: string) => void (path !== htmlPath && loaded.add(path)), name: '' };
  try {
    return await browser.withPage(pageOptions, async (page) => {
      await page.setJavaScriptEnabled(false);
      // Print media from the first layout on: a screen layout at load would be thrown away (composePage).
      await page.emulateMediaType('print');
      return fn(async (name, html) => {
        // The benchmark prints the same documents in a bare browser to compare (npm run bench).
        if (process.env.KINDRED_KEEP_HTML) writeFileSync(join(process.env.KINDRED_KEEP_HTML, `${name}.html`), html);
        htmlPath = join(dir, `${name}.html`);
        writeFileSync(htmlPath, html);
        loaded = new Set();
        pageOptions.name = `${name} (${Math.round(html.length / 1e3)} kB of HTML)`;
        await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
        await composePage(page);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: options.tagged ?? false, outline: options.outline ?? false });
        return { pdf, loaded };
      });
    });
  } finally {
    removeTempFolder(dir);
  }
}

/** Prints every job and returns the PDFs in the same order; each worker prints its documents on one page (withPrinter). */
export async function printDocuments(browser: BrowserHandle, jobs: PrintJob[], options: PrintOptions): Promise<(Uint8Array | undefined)[]> {
  const results: (Uint8Array | undefined)[] = new Array(jobs.length);
  let next = 0;
  // The first failure stops the pool from taking new jobs; the jobs in flight finish before it is
  // reported, so no page is still printing (or relaunching the browser) once the caller closes it.
  let failure: { error: unknown } | undefined;

  /** The next job the cache does not hold (those it holds are filled in on the way), or undefined when none is left. */
  const nextToPrint = async (): Promise<Pending | undefined> => {
    while (next < jobs.length && !failure) {
      const index = next++;
      const job = jobs[index];
      const html = typeof job.html === 'function' ? job.html() : job.html;
      if (html === null) continue;
      const key = options.cache && documentKey(await browser.identity(), options, html);
      const held = key ? cachedDocument(options.cache!, key, options.onFile) : undefined;
      if (held) {
        results[index] = held;
        options.onPrinted?.(index, held);
        continue;
      }
      return { index, name: job.name, html, key };
    }
    return undefined;
  };

  const worker = async () => {
    let pending = await nextToPrint();
    if (!pending) return;
    await withPrinter(browser, options, async (print) => {
      for (; pending; pending = await nextToPrint()) {
        const { index, name, html, key } = pending;
        const { pdf, loaded } = await print(name, html);
        results[index] = pdf;
        options.onPrinted?.(index, pdf);
        for (const path of loaded) options.onFile?.(path);
        if (key) putWithFiles(options.cache!, KIND, key, pdf, loaded, { name });
      }
    });
  };

  const guarded = () =>
    worker().catch((error: unknown) => {
      failure ??= { error };
    });
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, jobs.length) }, guarded));
  if (failure) throw failure.error;
  return results;
}
