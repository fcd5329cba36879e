/**
 * `npm run bench:preview`: `kindred preview` on a copy of the sample manuscript (the repository's is never
 * touched); once the first pages are printed, a paragraph is edited N times (--runs, default 5), and each
 * time it measures, from the save:
 *   - status: the new build number on /__kindred/status (server-sent events, as the page gets it);
 *   - on screen: the new words in the preview page open in Chromium (its quick view of the changed chapter);
 *   - pages: the print PDF of that build served.
 * Prints every run and the medians.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from 'puppeteer-core';
import { findBrowser } from '../../scripts/find-browser.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);

interface Status {
  build: number;
  ok: boolean;
  ms: number;
  print: { build: number; ok: boolean; pending: boolean };
  handouts?: { build: number };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'kindred-preview-bench-'));
let child: ChildProcess | undefined;
try {
  cpSync(join(ROOT, 'manuscript'), join(dir, 'manuscript'), { recursive: true, filter: (src) => !src.includes('.kindred-cache') });
  child = spawn(process.execPath, [join(ROOT, 'scripts', 'bin', 'kindred.js'), 'preview', '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done) => {
    let out = '';
    child!.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /127\.0\.0\.1:(\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
  });

  // Every status as it is announced, stamped on arrival.
  const waiters: { test: (s: Status) => boolean; done: (at: number) => void }[] = [];
  let latest: Status | undefined;
  get({ host: '127.0.0.1', port, path: '/__kindred/events' }, (res) => {
    let buffer = '';
    res.on('data', (c: Buffer) => {
      buffer += c.toString();
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        if (!data) continue;
        latest = JSON.parse(data) as Status;
        const at = performance.now();
        for (const w of [...waiters]) if (w.test(latest)) waiters.splice(waiters.indexOf(w), 1) && w.done(at);
      }
    });
  });
  const when = (test: (s: Status) => boolean) => new Promise<number>((done) => (latest && test(latest) ? done(performance.now()) : waiters.push({ test, done })));

  const started = performance.now();
  await when((s) => s.print.build >= 1 && !s.print.pending);
  console.log(`first build and print: ${((performance.now() - started) / 1000).toFixed(1)} s (cold cache)`);

  const browser = await launch({ executablePath: await findBrowser(), headless: true, pipe: true, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 1000 });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForSelector('#pages .page canvas');
  // The handouts of the first build print after its pages; the runs start once the machine is quiet.
  await when((s) => s.handouts !== undefined);
  const quiet = () => new Promise((done) => setTimeout(done, 1500));
  await quiet();

  const chapter = join(dir, 'manuscript', '03-importance-of-intimacy.md');
  const original = readFileSync(chapter, 'utf8');
  const paragraph = /^[A-Z][^\n]{80,}$/m.exec(original)![0];
  const results: { status: number; screen: number; pages: number }[] = [];
  for (let run = 1; run <= runs; run++) {
    const word = `benchmark${run}x${Date.now().toString(36)}`;
    const build = latest!.build;
    const saved = performance.now();
    writeFileSync(chapter, original.replace(paragraph, `${paragraph} ${word} edit.`));
    const statusAt = await when((s) => s.build > build);
    await page.waitForFunction((w) => document.querySelector<HTMLIFrameElement>('#quick-frame')?.contentDocument?.body?.textContent?.includes(w), { polling: 'raf' }, word);
    const screenAt = performance.now();
    const next = latest!.build;
    const pagesAt = await when((s) => s.print.build >= next && !s.print.pending);
    await quiet();
    results.push({ status: statusAt - saved, screen: screenAt - saved, pages: pagesAt - saved });
    console.log(`run ${run}: status ${Math.round(statusAt - saved)} ms (server's own time ${latest!.ms} ms), on screen ${Math.round(screenAt - saved)} ms, print pages ${Math.round(pagesAt - saved)} ms`);
  }
  console.log(
    `median of ${runs}: status ${Math.round(median(results.map((r) => r.status)))} ms, on screen ${Math.round(median(results.map((r) => r.screen)))} ms, print pages ${Math.round(median(results.map((r) => r.pages)))} ms`,
  );
  await browser.close();
} finally {
  child?.kill('SIGINT');
  await new Promise((done) => (child ? child.once('exit', done) : done(undefined)));
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
