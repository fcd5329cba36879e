/**
 * Prints HTML documents to PDF with the command's browser: several pages in parallel, each result cached
 * by its HTML, the browser's version and the print options, and valid only while every file the page
 * loaded (fonts, images, stylesheets) still has the same bytes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserHandle } from '../browser.ts';
import { type Cache, dependenciesHold, digestsOf, hash, kindredVersion, type Dependencies } from '../cache.ts';
import { removeTempFolder, tempFolder } from '../temp.ts';
import { composePage } from './compose-page.ts';

export interface PrintJob {
  /** A name for messages (e.g. `chapter-3`). */
  name: string;
  /** The document, or a function that makes it: then it is rendered only when a page is free, overlapping the printing of others. */
  html: string | (() => string);
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
}

const KIND = 'print';

async function printOne(browser: BrowserHandle, name: string, html: string, workDir: string, options: PrintOptions, loaded: Set<string>): Promise<Uint8Array> {
  const htmlPath = join(workDir, `${name}.html`);
  writeFileSync(htmlPath, html);
  const onFile = (path: string) => {
    if (path !== htmlPath) loaded.add(path);
  };
  return browser.withPage({ allowRoots: [workDir, ...options.allowRoots], onFile, name: `${name} (${Math.round(html.length / 1e3)} kB of HTML)` }, async (page) => {
    await page.setJavaScriptEnabled(false);
    // Print media from the first layout on: a screen layout at load would be thrown away (composePage).
    await page.emulateMediaType('print');
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load' });
    await composePage(page);
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: options.tagged ?? false, outline: options.outline ?? false });
  });
}

/** Prints every job and returns the PDFs in the same order. */
export async function printDocuments(browser: BrowserHandle, jobs: PrintJob[], options: PrintOptions): Promise<Uint8Array[]> {
  const results: Uint8Array[] = new Array(jobs.length);
  let workDir: string | undefined;
  let next = 0;
  // The first failure stops the pool from taking new jobs; the jobs in flight finish before it is
  // reported, so no page is still printing (or relaunching the browser) once the caller closes it.
  let failure: { error: unknown } | undefined;
  try {
    const worker = async () => {
      while (next < jobs.length && !failure) {
        const i = next++;
        const job = jobs[i];
        const html = typeof job.html === 'function' ? job.html() : job.html;
        const key = options.cache && hash(kindredVersion(), await browser.identity(), options.tagged ? 'tagged' : '', options.outline ? 'outline' : '', html);
        const entry = key ? options.cache!.get(KIND, key, (e) => dependenciesHold(e.meta.deps as Dependencies)) : undefined;
        if (entry) {
          for (const path of Object.keys(entry.meta.deps as Dependencies)) options.onFile?.(path);
          results[i] = entry.data;
          continue;
        }
        workDir ??= tempFolder('print-');
        // The benchmark prints the same documents in a bare browser to compare (npm run bench).
        if (process.env.KINDRED_KEEP_HTML) writeFileSync(join(process.env.KINDRED_KEEP_HTML, `${job.name}.html`), html);
        const loaded = new Set<string>();
        results[i] = await printOne(browser, job.name, html, workDir, options, loaded);
        for (const path of loaded) options.onFile?.(path);
        if (key) options.cache!.put(KIND, key, results[i], { name: job.name, deps: digestsOf(loaded) });
      }
    };
    const guarded = () =>
      worker().catch((error: unknown) => {
        failure ??= { error };
      });
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 3, jobs.length) }, guarded));
    if (failure) throw failure.error;
    return results;
  } finally {
    if (workDir) removeTempFolder(workDir);
  }
}
