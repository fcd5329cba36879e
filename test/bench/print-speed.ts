/**
 * Print speed on a 10× copy of the book (90 chapters, ~290 KB of Markdown): bare Chromium
 * (launch + setContent + page.pdf of the plain HTML) against `kindred build --format pdf`,
 * cold (no cache) and warm (cache). Run: npx tsx test/bench/print-speed.ts
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { launch } from 'puppeteer-core';
import { findBrowser } from '../../scripts/find-browser.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const COPIES = 10;

function makeManuscript(): { dir: string; markdown: string } {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-bench-'));
  const chapters = readdirSync(join(ROOT, 'manuscript')).filter((f) => /^\d+.*\.md$/.test(f)).sort();
  const names: string[] = [];
  let markdown = '';
  for (let copy = 1; copy <= COPIES; copy++) {
    for (const file of chapters) {
      // Worksheets out: the bare baseline prints only the article text, so kindred does too.
      const text = readFileSync(join(ROOT, 'manuscript', file), 'utf8').replace(/^::worksheet.*$/gm, '');
      const name = `${String(copy).padStart(2, '0')}-${file}`;
      writeFileSync(join(dir, name), text);
      names.push(name);
      markdown += text + '\n';
    }
  }
  const yaml = readFileSync(join(ROOT, 'manuscript', 'book.yaml'), 'utf8').replace(/chapters:[\s\S]*$/, `chapters:\n${names.map((n) => `  - ${n}`).join('\n')}\n`);
  writeFileSync(join(dir, 'book.yaml'), yaml);
  return { dir, markdown };
}

async function bare(markdown: string): Promise<number> {
  const html = String(await unified().use(remarkParse).use(remarkRehype).use(rehypeStringify).process(markdown));
  const start = performance.now();
  const browser = await launch({ executablePath: await findBrowser(), args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] });
  const page = await browser.newPage();
  await page.setContent(`<!doctype html><html><head><style>@page{size:8.5in 11in;margin:1in} body{font:11.5pt/1.45 serif}</style></head><body>${html}</body></html>`);
  const pdf = await page.pdf({ preferCSSPageSize: true });
  await browser.close();
  const seconds = (performance.now() - start) / 1000;
  console.log(`bare Chromium setContent + page.pdf: ${seconds.toFixed(2)} s, ${(pdf.length / 1e3).toFixed(0)} kB`);
  return seconds;
}

function kindredBuild(dir: string, out: string, extra: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/bin/kindred.js'), 'build', '--manuscript', dir, '--out', out, '--format', 'pdf', ...extra], { cwd: dir, encoding: 'utf8' });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(r.stderr);
  console.log(`kindred build ${extra.join(' ') || '(cache)'}: ${seconds.toFixed(2)} s — ${r.stdout.trim().split('\n').find((l) => l.startsWith('wrote'))}`);
  return seconds;
}

const { dir, markdown } = makeManuscript();
console.log(`${COPIES}× book: ${(markdown.length / 1024).toFixed(0)} KB of Markdown in ${readdirSync(dir).length - 1} chapters`);
const out = join(dir, 'dist');
const b = await bare(markdown);
const cold = kindredBuild(dir, out, ['--no-cache']);
rmSync(join(dir, 'node_modules'), { recursive: true, force: true });
kindredBuild(dir, out, []); // fills the cache
const warm = kindredBuild(dir, out, []);
console.log(`cold / bare = ${(cold / b).toFixed(2)}×, warm / bare = ${(warm / b).toFixed(2)}×`);
rmSync(dir, { recursive: true, force: true });
