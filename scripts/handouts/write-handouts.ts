/**
 * Prints handouts and packets with the shared browser: a small pool of pages works through the list,
 * each document is printed, given its form fields (or stripped of markers with --flat) and written
 * atomically; a progress line reports each finished file.
 */
import { relative } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { Book } from '../load-book.ts';
import type { BrowserHandle } from '../browser.ts';
import type { TemplateSet } from '../render-template.ts';
import type { WorksheetInstance } from '../worksheets/prepare-worksheets.ts';
import { bookFonts, fontRoots } from '../fonts.ts';
import { type Printed, withPrinter } from '../pdf/print-documents.ts';
import { writeAtomic } from '../write-atomic.ts';
import type { Brand, Paper } from './brand.ts';
import { clientValues, handoutDocument, type Client } from './handout-html.ts';
import { addFormFields, removeFieldMarkers } from './add-form-fields.ts';

export interface HandoutJob {
  /** File name without .pdf: the worksheet id, or the packet's id. */
  name: string;
  title: string;
  /** What the job is, for messages: `handout "check-in"`, `packet of row 3 (check-in, love-languages)`. */
  what: string;
  worksheets: WorksheetInstance[];
  client?: Client;
  outPath: string;
}

export interface HandoutSettings {
  book: Book;
  browser: BrowserHandle;
  brand: Brand;
  templates: TemplateSet;
  paper: Paper;
  flat: boolean;
  /** `handouts` or `packets`, for the progress line. */
  noun: string;
  log: (line: string) => void;
  concurrency?: number;
}

export interface HandoutResult {
  name: string;
  path: string;
  pages: number;
  fields: number;
  bytes: number;
}

/** A job that failed: what it was, and why. The other jobs still run. */
export interface HandoutFailure {
  job: HandoutJob;
  error: unknown;
}

/** A handout longer than this is reported: a counselor hands out one sheet, printed on both sides. */
export const MAX_PAGES = 2;

/**
 * Printed documents of this run, by their HTML. A fillable packet's names and date are filled in by
 * pdf-lib, not printed, so every packet with the same worksheets (and no appointment line of its own)
 * is the same print: printed once, then given its values. Bounded, so memory stays flat on long lists.
 */
const PRINT_CACHE_SIZE = 24;
type PrintCache = Map<string, Promise<Uint8Array>>;
const caches = new WeakMap<HandoutSettings, PrintCache>();

type Print = (name: string, html: string) => Promise<Printed>;

function printOnce(name: string, html: string, s: HandoutSettings, print: Print): Promise<Uint8Array> {
  const cache: PrintCache = caches.get(s) ?? new Map();
  caches.set(s, cache);
  let printed = cache.get(html);
  if (!printed) {
    printed = print(name, html).then((p) => p.pdf);
    cache.set(html, printed);
    printed.catch(() => cache.delete(html));
    if (cache.size > PRINT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  }
  return printed;
}

async function makeOne(job: HandoutJob, s: HandoutSettings, print: Print): Promise<HandoutResult> {
  const doc = handoutDocument({ book: s.book, brand: s.brand, templates: s.templates, paper: s.paper, worksheets: job.worksheets, fillable: !s.flat, client: job.client, warn: s.log });
  const printed = await printOnce(job.name, doc.html, s, print);
  const title = `${job.title} · ${s.book.title}`;
  let bytes: Uint8Array;
  let fields = 0;
  if (s.flat) bytes = await removeFieldMarkers(printed, { title, book: s.book });
  else {
    const result = await addFormFields(printed, { values: clientValues(job.client), title, book: s.book });
    bytes = result.bytes;
    fields = new Set(result.fields.map((f) => f.name)).size;
  }
  writeAtomic(job.outPath, bytes);
  const pages = (await PDFDocument.load(bytes)).getPageCount();
  return { name: job.name, path: job.outPath, pages, fields, bytes: bytes.length };
}

/**
 * Makes every job with a pool of pages in the one browser. A job that fails is reported and the
 * others go on: every worker ends, so the caller can close the browser with nothing still printing.
 */
export async function writeHandouts(jobs: HandoutJob[], s: HandoutSettings): Promise<{ results: HandoutResult[]; failures: HandoutFailure[] }> {
  const results: (HandoutResult | undefined)[] = new Array(jobs.length);
  const failures: HandoutFailure[] = [];
  let next = 0;
  let done = 0;
  const fail = (job: HandoutJob, error: unknown) => {
    failures.push({ job, error });
    s.log(`  ${s.noun} ${done + failures.length}/${jobs.length} · failed: ${job.what}`);
  };
  const printOptions = { allowRoots: fontRoots(bookFonts(s.templates)), tagged: true };
  // Each worker prints job after job on one page (withPrinter). A job that fails closes it, so that the
  // next job starts on a fresh page; a page that cannot be opened at all fails the job it was opened for.
  const worker = async () => {
    while (next < jobs.length) {
      let took = false;
      try {
        await withPrinter(s.browser, printOptions, async (print) => {
          while (next < jobs.length) {
            const i = next++;
            const job = jobs[i];
            took = true;
            try {
              const r = await makeOne(job, s, print);
              results[i] = r;
              done++;
              s.log(`  ${s.noun} ${done + failures.length}/${jobs.length} · ${relative(process.cwd(), r.path)}`);
              const limit = MAX_PAGES * job.worksheets.length;
              if (r.pages > limit) s.log(`warning: ${r.name}.pdf runs to ${r.pages} pages (at most ${MAX_PAGES} a worksheet); shorten its data or give its template a handout version`);
            } catch (error) {
              fail(job, error);
              return;
            }
          }
        });
      } catch (error) {
        if (!took && next < jobs.length) fail(jobs[next++], error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.concurrency ?? 3, jobs.length) }, worker));
  return { results: results.filter((r): r is HandoutResult => r !== undefined), failures };
}
