/**
 * `npm run bench`: builds the 1×, 10× and 30× copies of the sample book (every feature on: contents,
 * running heads, worksheets) cold, warm and after a one-paragraph edit, and prints each time next to
 * Chromium's bare print of the same final HTML (a fresh browser, goto + page.pdf of each document
 * Kindred printed) and md-to-pdf's, when it is installed, as ratios, with the peak memory of the whole
 * process tree (Node and Chromium), and the same edit saved while `kindred build --watch` runs. md-to-pdf is found in node_modules or at KINDRED_MD_TO_PDF. Options: --sizes 1,10,30 (default), --runs N (median of N, default 1).
 * Kindred's documents are kept for the bare print through KINDRED_KEEP_HTML=<folder>.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { launch } from 'puppeteer-core';
import { findBrowser } from '../../scripts/find-browser.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'scripts', 'bin', 'kindred.js');

/** A copy of the sample manuscript with every chapter repeated `copies` times; worksheets included. */
function makeBook(copies: number, into: string): { dir: string; markdown: string; chapters: string[] } {
  const dir = join(into, `book-${copies}x`);
  cpSync(join(ROOT, 'manuscript'), dir, { recursive: true, filter: (src) => !src.includes('.kindred-cache') });
  const originals = readdirSync(dir).filter((f) => /^\d+.*\.md$/.test(f)).sort();
  const names: string[] = [];
  let markdown = '';
  for (let copy = 1; copy <= copies; copy++) {
    for (const file of originals) {
      const text = readFileSync(join(ROOT, 'manuscript', file), 'utf8');
      const name = copies === 1 ? file : `${String(copy).padStart(2, '0')}-${file}`;
      writeFileSync(join(dir, name), text);
      names.push(name);
      markdown += text + '\n';
    }
  }
  if (copies > 1) for (const file of originals) rmSync(join(dir, file));
  const yaml = readFileSync(join(dir, 'book.yaml'), 'utf8').replace(/chapters:[\s\S]*$/, `chapters:\n${names.map((n) => `  - ${n}`).join('\n')}\n`);
  writeFileSync(join(dir, 'book.yaml'), yaml);
  return { dir, markdown, chapters: names };
}

/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const visit = (p: number) => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
      total += m ? Number(m[1]) * 1024 : 0;
    } catch {
      /* gone */
    }
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return total;
}

interface Run {
  seconds: number;
  peakBytes: number;
  stdout: string;
  stderr: string;
}

/** Runs a command, timing it and sampling the process tree's memory every 50 ms. */
function timed(cmd: string, args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<Run> {
  return new Promise((done, fail) => {
    const start = performance.now();
    // No stdin: md-to-pdf reads the Markdown from stdin when it is a pipe.
    const child = spawn(cmd, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    let peakBytes = 0;
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (d) => (stdout += d));
    const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, treeRss(child.pid!))), 50);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) fail(new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${stderr}`));
      else done({ seconds, peakBytes, stdout, stderr });
    });
  });
}

/**
 * The floor: a fresh Chromium printing Kindred's final HTML documents one after another, nothing else,
 * with the print options Kindred asks for (untagged, no outline). Puppeteer's default is a tagged PDF,
 * which took Chromium about 30 % longer: comparing against it made Kindred look closer to the floor than it is.
 */
async function barePrint(htmlDir: string): Promise<number> {
  const files = readdirSync(htmlDir).filter((f) => f.endsWith('.html')).sort();
  const start = performance.now();
  const browser = await launch({ executablePath: await findBrowser(), args: ['--no-sandbox', '--headless=new', '--allow-file-access-from-files', '--disable-gpu'] });
  for (const file of files) {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(join(htmlDir, file)).href, { waitUntil: 'load', timeout: 0 });
    await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: false, outline: false, timeout: 0 });
    await page.close();
  }
  await browser.close();
  return (performance.now() - start) / 1000;
}

/** md-to-pdf's CLI: installed in this folder, or named by KINDRED_MD_TO_PDF (its dist/cli.js, installed elsewhere). */
function mdToPdf(): string | undefined {
  if (process.env.KINDRED_MD_TO_PDF) return process.env.KINDRED_MD_TO_PDF;
  try {
    return createRequire(import.meta.url).resolve('md-to-pdf/dist/cli.js');
  } catch {
    return undefined;
  }
}

/**
 * `kindred build --watch` on a warm cache: after the first build (restored from the cache), each of
 * `edits` saves of a one-paragraph change to `chapter`; returns the rebuild times the watch reports.
 */
async function watchEdits(book: { dir: string }, cache: string, chapter: string, edits: number): Promise<number[]> {
  const child = spawn(process.execPath, [BIN, 'build', '--watch', '--manuscript', book.dir, '--out', join(book.dir, 'dist'), '--format', 'pdf'], {
    cwd: book.dir,
    env: { ...process.env, KINDRED_CACHE_DIR: cache },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  let changed = () => {};
  child.stdout.on('data', (d) => {
    lines.push(...String(d).split('\n').filter((l) => l.trim()));
    changed();
  });
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((done) => child.on('exit', () => done()));
  const waitFor = async (re: RegExp): Promise<RegExpExecArray> => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      const failed = lines.find((l) => / error: /.test(l));
      if (failed) throw new Error(`kindred build --watch: ${failed}\n${stderr}`);
      const hit = lines.map((l) => re.exec(l)).find((m) => m);
      if (hit) return hit;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`kindred build --watch never printed ${re}:\n${lines.join('\n')}\n${stderr}`);
      await Promise.race([new Promise<void>((done) => (changed = done)), new Promise((done) => setTimeout(done, 1000))]);
    }
  };
  try {
    await waitFor(/build 1: /);
    const text = readFileSync(chapter, 'utf8');
    const times: number[] = [];
    for (let n = 2; n < 2 + edits; n++) {
      writeFileSync(chapter, text.replace(/\n\n([A-Z][^\n]{40,})\n/, (_, p) => `\n\n${p} (A watched edit, save ${n - 1}.)\n`));
      times.push(Number((await waitFor(new RegExp(`build ${n}: .* in (\\d+\\.\\d) s`)))[1]));
    }
    writeFileSync(chapter, text);
    return times;
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (n: number) => `${n.toFixed(2)} s`;
const mb = (n: number) => `${Math.round(n / 1e6)} MB`;

async function benchBook(copies: number, runs: number, work: string) {
  const book = makeBook(copies, work);
  const build = (cache: string, htmlDir?: string) =>
    timed(process.execPath, [BIN, 'build', '--manuscript', book.dir, '--out', join(book.dir, 'dist'), '--format', 'pdf'], {
      cwd: book.dir,
      env: { KINDRED_CACHE_DIR: cache, KINDRED_DEBUG: '1', ...(htmlDir ? { KINDRED_KEEP_HTML: htmlDir } : {}) },
    });
  const cold: Run[] = [];
  const warm: Run[] = [];
  const edit: Run[] = [];
  const watched: number[] = [];
  const bare: number[] = [];
  let htmlDir = '';
  for (let r = 0; r < runs; r++) {
    const cache = mkdtempSync(join(work, 'cache-'));
    htmlDir = mkdtempSync(join(work, 'html-'));
    cold.push(await build(cache, htmlDir));
    bare.push(await barePrint(htmlDir));
    warm.push(await build(cache));
    // One paragraph of one chapter in the middle of the book changes.
    const chapter = join(book.dir, book.chapters[Math.floor(book.chapters.length / 2)]);
    const text = readFileSync(chapter, 'utf8');
    writeFileSync(chapter, text.replace(/\n\n([A-Z][^\n]{40,})\n/, (_, p) => `\n\n${p} (An edit, run ${r + 1}.)\n`));
    edit.push(await build(cache));
    writeFileSync(chapter, text);
    // The same edits saved while `--watch` runs: the first also starts the browser, the others find it running.
    watched.push(...(await watchEdits(book, cache, chapter, 4)));
    rmSync(cache, { recursive: true, force: true });
  }
  let mdpdf: number | undefined;
  const cli = mdToPdf();
  if (cli) {
    const md = join(work, `book-${copies}x.md`);
    writeFileSync(md, book.markdown);
    // The same Chromium Kindred uses (md-to-pdf's puppeteer would look for a downloaded one), as root without its sandbox.
    const launch = JSON.stringify({ executablePath: await findBrowser(), args: ['--no-sandbox', '--disable-gpu'] });
    const times: number[] = [];
    for (let r = 0; r < runs; r++) times.push((await timed(process.execPath, [cli, md, '--launch-options', launch], { cwd: work })).seconds);
    mdpdf = median(times);
  }
  const pages = /\((\d+) pages/.exec(cold.at(-1)!.stdout)?.[1];
  return {
    copies,
    chapters: book.chapters.length,
    kb: Math.round(book.markdown.length / 1024),
    pages,
    cold: median(cold.map((r) => r.seconds)),
    warm: median(warm.map((r) => r.seconds)),
    edit: median(edit.map((r) => r.seconds)),
    watchFirst: watched[0],
    watch: median(watched.slice(1)),
    bare: median(bare),
    mdpdf,
    peak: Math.max(...cold.map((r) => r.peakBytes), ...warm.map((r) => r.peakBytes), ...edit.map((r) => r.peakBytes)),
    editLog: edit.at(-1)!.stderr.split('\n').filter((l) => l.startsWith('debug: cache:')),
    relaid: cold.some((r) => r.stderr.includes('laying out again')),
  };
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,10,30' }, runs: { type: 'string', default: '1' } } });
const sizes = values.sizes.split(',').map(Number);
const runs = Number(values.runs);
const work = mkdtempSync(join(tmpdir(), 'kindred-bench-'));
try {
  const results = [];
  for (const copies of sizes) {
    const r = await benchBook(copies, runs, work);
    results.push(r);
    console.log(`\n${r.copies}× book: ${r.chapters} chapters, ${r.kb} KB of Markdown${r.pages ? `, ${r.pages} pages` : ''}`);
    console.log(`  bare Chromium print of the same HTML  ${s(r.bare)}`);
    console.log(`  cold build (empty cache)              ${s(r.cold)}   cold / bare = ${(r.cold / r.bare).toFixed(2)}×${r.mdpdf ? `   cold / md-to-pdf = ${(r.cold / r.mdpdf).toFixed(2)}×` : ''}`);
    console.log(`  warm build (nothing changed)          ${s(r.warm)}   warm / bare = ${(r.warm / r.bare).toFixed(2)}×`);
    console.log(`  one-paragraph edit                    ${s(r.edit)}   edit / bare = ${(r.edit / r.bare).toFixed(2)}×   (${r.editLog.join('; ').replaceAll('debug: cache: ', '')})`);
    console.log(`  the edit saved under --watch          ${s(r.watch)}   watch / bare = ${(r.watch / r.bare).toFixed(2)}×   (median of 3 saves; the first save, which also starts the browser: ${s(r.watchFirst)})`);
    if (r.mdpdf) console.log(`  md-to-pdf (no contents, heads, worksheets) ${s(r.mdpdf)}`);
    console.log(`  peak memory of the process tree       ${mb(r.peak)}${r.relaid ? '   (the cold build laid out twice)' : ''}`);
  }
  const ten = results.find((r) => r.copies === 10);
  const thirty = results.find((r) => r.copies === 30);
  if (ten && thirty) console.log(`\n30× / 10× cold = ${(thirty.cold / ten.cold).toFixed(2)}×`);
  if (!mdToPdf()) console.log('\n(md-to-pdf is not installed: npm i -g md-to-pdf, or in this folder, to compare with it)');
} finally {
  rmSync(work, { recursive: true, force: true });
}
