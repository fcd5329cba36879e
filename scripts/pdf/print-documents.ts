/**
 * Prints HTML documents to PDF with the shared browser: several pages in parallel, each result cached
 * by the hash of its HTML (plus browser version and print options), so an unchanged chapter is never printed twice.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getBrowser, withPage } from '../browser.ts';
import { writeAtomic } from '../write-atomic.ts';

export interface PrintJob {
  /** A name for messages (e.g. `chapter-3`). */
  name: string;
  /** The document, or a function that makes it: then it is rendered only when a page is free, overlapping the printing of others. */
  html: string | (() => string);
}

export interface PrintOptions {
  /** Extra folders the documents may load files from (fonts, images, manuscript). */
  allowRoots: string[];
  cacheDir?: string;
  concurrency?: number;
  tagged?: boolean;
  outline?: boolean;
}

const CACHE_VERSION = '1';

async function cacheKey(html: string, options: PrintOptions): Promise<string> {
  const version = await (await getBrowser()).version();
  return createHash('sha256')
    .update([CACHE_VERSION, version, options.tagged ? 't' : '', options.outline ? 'o' : '', html].join('\0'))
    .digest('hex')
    .slice(0, 32);
}

async function printOne(name: string, html: string, workDir: string, options: PrintOptions): Promise<Uint8Array> {
  const htmlPath = join(workDir, `${name}.html`);
  writeFileSync(htmlPath, html);
  return withPage({ allowRoots: [workDir, ...options.allowRoots] }, async (page) => {
    await page.setJavaScriptEnabled(false);
    // Puppeteer's default 30 s is too short on a busy 2-core machine, where loading the fonts of several pages at once can take longer.
    await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'load', timeout: 120_000 });
    return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: options.tagged ?? false, outline: options.outline ?? false, timeout: 120_000 });
  });
}

/** Prints every job and returns the PDFs in the same order. */
export async function printDocuments(jobs: PrintJob[], options: PrintOptions): Promise<Uint8Array[]> {
  const workDir = mkdtempSync(join(tmpdir(), 'kindred-'));
  const results: Uint8Array[] = new Array(jobs.length);
  let next = 0;
  // The first failure stops the pool from taking new jobs; the jobs in flight finish before it is
  // reported, so no page is still printing (or relaunching the browser) once the caller closes it.
  let failure: { error: unknown } | undefined;
  try {
    if (options.cacheDir) mkdirSync(options.cacheDir, { recursive: true });
    const worker = async () => {
      while (next < jobs.length && !failure) {
        const i = next++;
        const job = jobs[i];
        const html = typeof job.html === 'function' ? job.html() : job.html;
        const cached = options.cacheDir ? join(options.cacheDir, `${await cacheKey(html, options)}.pdf`) : undefined;
        if (cached && existsSync(cached)) {
          results[i] = readFileSync(cached);
          continue;
        }
        results[i] = await printOne(job.name, html, workDir, options);
        if (cached) writeAtomic(cached, results[i]);
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
    rmSync(workDir, { recursive: true, force: true });
  }
}
