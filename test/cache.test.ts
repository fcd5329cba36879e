/**
 * The build cache cannot lie and makes rebuilds cheap: an unchanged rebuild parses and prints nothing,
 * a one-paragraph edit reprints one document and preflight measures only the pages that changed, a changed image or font file changes the PDF, and a
 * damaged entry is dropped with a note instead of failing the build. Counts come from KINDRED_DEBUG lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { kindredIn, tempDir, ROOT, type CliResult } from './support/cli.ts';
import { manuscript } from './support/manuscript.ts';
import { png } from './support/png.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { normalise } from './support/seed.ts';

const require = createRequire(import.meta.url);
const fontFile = (pkg: string, name: string) => join(require.resolve(`${pkg}/package.json`), '..', 'TTF', name);
const SANS = fontFile('source-sans', 'SourceSans3-Bold.ttf');
const SERIF = fontFile('source-serif', 'SourceSerif4-Bold.ttf');

const para = (n: number) => `Paragraph ${n}: ${'Closeness grows when two people keep turning toward each other. '.repeat(12)}`;
const chapter = (title: string, from: number) => `# ${title}\n\n${[0, 1, 2, 3, 4].map((i) => para(from + i)).join('\n\n')}\n`;

const dir = manuscript({
  'book.yaml': 'title: Test Book\nauthor: Test Author\ndescription: d\nidentifier: urn:uuid:00000000-0000-4000-8000-000000000000\nchapters:\n  - 01-one.md\n  - 02-two.md\n',
  '01-one.md': `${chapter('One', 1)}\n![A figure](figure.png)\n`,
  '02-two.md': chapter('Two', 10),
});
writeFileSync(join(dir, 'figure.png'), png(300, 200));
// A user's templates folder whose stylesheet sets the chapter titles in a font file of its own.
const templates = tempDir('kindred-cache-templates-');
mkdirSync(join(templates, 'css'), { recursive: true });
mkdirSync(join(templates, 'fonts'), { recursive: true });
copyFileSync(SANS, join(templates, 'fonts', 'display.ttf'));
writeFileSync(
  join(templates, 'css', 'tokens.css'),
  `${readFileSync(join(ROOT, 'templates', 'css', 'tokens.css'), 'utf8')}\n@font-face { font-family: 'Display'; font-weight: 700; src: url('../fonts/display.ttf') format('truetype'); }\nh1 { font-family: 'Display' !important; }\n`,
);
const out = join(dir, 'dist');
const pdf = join(out, 'test-book.pdf');
const build = () => kindredIn(['build', '--manuscript', dir, '--templates', templates, '--out', out, '--format', 'pdf'], { cwd: dir });
const debug = (r: CliResult) => r.stderr.split('\n').filter((l) => l.startsWith('debug: cache:'));

let saved: string | undefined;
beforeAll(() => {
  saved = process.env.KINDRED_DEBUG;
  process.env.KINDRED_DEBUG = '1';
  delete process.env.KINDRED_CACHE_DIR;
});
afterAll(() => {
  if (saved === undefined) delete process.env.KINDRED_DEBUG;
  else process.env.KINDRED_DEBUG = saved;
});

describe('the build cache', () => {
  let first: CliResult;
  let firstPdf: Buffer;
  beforeAll(async () => {
    first = await build();
    firstPdf = readFileSync(pdf);
  });

  it('lives in the manuscript folder and is filled by a first build', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(debug(first)).toContain('debug: cache: parsed 2 of 2 chapters (0 from the cache)');
    expect(debug(first).find((l) => l.includes('printed'))).toMatch(/printed (\d+) of \1 documents \(0 from the cache\)/);
    // (What is known of the fonts goes in only when this process has not read them already.)
    expect(readdirSync(join(dir, '.kindred-cache')).filter((kind) => kind !== 'fonts').sort()).toEqual(['chapter-print', 'measured-pages', 'output', 'page-starts', 'parse', 'print', 'render', 'state']);
  });

  it('an unchanged rebuild parses no chapter and prints nothing', async () => {
    const again = await build();
    expect(again.code, again.stderr).toBe(0);
    expect(debug(again)).toEqual(['debug: cache: print-pdf restored from the cache']);
    expect(readFileSync(pdf).equals(firstPdf)).toBe(true);
  });

  it('a one-paragraph edit parses one chapter and reprints only that chapter, laid out as a cold build lays it out', async () => {
    // In letters the book already prints: a new letter changes the font subsets of the edit's document,
    // and with them every page of it, which preflight then measures again.
    writeFileSync(join(dir, '02-two.md'), chapter('Two', 10).replace('Paragraph 12:', 'Paragraph 12 was edited:'));
    const edited = await build();
    expect(edited.code, edited.stderr).toBe(0);
    expect(debug(edited)).toContain('debug: cache: parsed 1 of 2 chapters (1 from the cache)');
    expect(debug(edited).find((l) => l.includes('printed'))).toMatch(/printed 1 of (\d+) documents \(\d+ from the cache\)/);
    // Both chapters share one body document: chapter One is cut from its last print, only Two is printed.
    expect(debug(edited)).toContain('debug: cache: found 1 of 2 chapters in earlier prints');
    expect(debug(edited)).toContain('debug: cache: rendered 1 of 2 chapters (1 from the cache)');
    // Only the document printed again is read for the EPUB's page starts; the others' come from the cache.
    expect(debug(edited).find((l) => l.includes('page starts'))).toMatch(/read the page starts of 1 of (\d+) body documents \(\d+ from the cache\)/);
    // Preflight measures again only the pages the edit changed (its paragraph's page, and those after it on which the text moved).
    const measured = /preflight measured (\d+) of (\d+) distinct pages/.exec(debug(edited).join('\n'));
    expect(measured, debug(edited).join('\n')).not.toBeNull();
    expect(Number(measured![1])).toBeGreaterThan(0);
    expect(Number(measured![1])).toBeLessThan(Number(measured![2]) / 2);
    expect(normalise(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }))).toContain(normalise('Paragraph 12 was edited:'));
    // Page for page, line for line, the same book as a build of the edited text with no cache.
    const fresh = tempDir('kindred-cache-fresh-');
    const cold = await kindredIn(['build', '--manuscript', dir, '--templates', templates, '--out', fresh, '--format', 'pdf', '--no-cache'], { cwd: dir });
    expect(cold.code, cold.stderr).toBe(0);
    const layout = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(layout(pdf)).toBe(layout(join(fresh, 'test-book.pdf')));
  });

  it('a changed image changes the PDF', async () => {
    writeFileSync(join(dir, 'figure.png'), png(320, 240));
    const changed = await build();
    expect(changed.code, changed.stderr).toBe(0);
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })).toMatch(/\s320\s+240\s/);
  });

  it('a changed template changes the PDF: chapters rendered from the cache are rendered again', async () => {
    const opener = readFileSync(join(ROOT, 'templates', 'partials', 'chapter-opener.hbs'), 'utf8');
    mkdirSync(join(templates, 'partials'), { recursive: true });
    writeFileSync(join(templates, 'partials', 'chapter-opener.hbs'), `${opener.trimEnd()}\n<p>A revised opener.</p>\n`);
    const changed = await build();
    expect(changed.code, changed.stderr).toBe(0);
    expect(debug(changed)).toContain('debug: cache: rendered 2 of 2 chapters (0 from the cache)');
    expect(normalise(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }))).toContain(normalise('A revised opener.'));
  });

  it('a changed font file changes the PDF', async () => {
    const fonts = () => pdfFonts(pdf).map((f) => f.name).join(' ');
    expect(fonts()).not.toMatch(/SourceSerif4\w*-Bold\b/);
    copyFileSync(SERIF, join(templates, 'fonts', 'display.ttf'));
    const changed = await build();
    expect(changed.code, changed.stderr).toBe(0);
    expect(fonts()).toMatch(/SourceSerif4\w*-Bold\b/);
  });

  it('a truncated or garbled entry is dropped with a note and the build succeeds', async () => {
    const cache = join(dir, '.kindred-cache');
    for (const kind of ['output', 'print', 'parse']) {
      for (const name of readdirSync(join(cache, kind))) truncateSync(join(cache, kind, name), 100);
    }
    writeFileSync(join(dir, '01-one.md'), `${chapter('One', 1)}\n![A figure](figure.png)\n\nOne more line.\n`);
    const damaged = await build();
    expect(damaged.code, damaged.stderr).toBe(0);
    expect(damaged.stderr).toMatch(/note: dropped a damaged cache entry \((parse|print|output)\/[0-9a-f]+\.bin: /);
    expect(normalise(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }))).toContain(normalise('One more line.'));
    expect(existsSync(join(cache, 'print'))).toBe(true);
  });
});

describe('the build cache and the EPUB', () => {
  const book = manuscript({
    'book.yaml': 'title: Epub Cache\nauthor: Test Author\ndescription: d\nidentifier: urn:uuid:00000000-0000-4000-8000-000000000001\nchapters:\n  - 01-one.md\n  - 02-two.md\n',
    '01-one.md': chapter('One', 1),
    '02-two.md': chapter('Two', 10),
  });
  const epubIn = (out: string, ...more: string[]) => kindredIn(['build', '--manuscript', book, '--out', out, '--format', 'epub', ...more], { cwd: book });
  /** Every file of an EPUB, by path, its modification date left out. */
  const entries = (file: string) => {
    const dir = tempDir('kindred-cache-epub-');
    execFileSync('unzip', ['-q', '-o', file, '-d', dir]);
    const files = (execFileSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).trim().split('\n') as string[]).sort();
    return files.map((f) => [f.slice(dir.length), readFileSync(f).toString('latin1').replace(/<meta property="dcterms:modified">[^<]*<\/meta>/, '')]);
  };

  it('after an edit checks one document with axe-core and subsets no font again, and writes the EPUB a build without the cache writes', async () => {
    const out = join(book, 'dist');
    const first = await epubIn(out);
    expect(first.code, first.stderr).toBe(0);
    writeFileSync(join(book, '02-two.md'), chapter('Two', 10).replace('Paragraph 12:', 'Paragraph 12 was edited:'));
    const edited = await epubIn(out);
    expect(edited.code, edited.stderr).toBe(0);
    expect(debug(edited).join('\n')).toMatch(/checked the accessibility of 1 of (\d+) EPUB documents \(\d+ from the cache\)/);
    expect(readdirSync(join(book, '.kindred-cache'))).toEqual(expect.arrayContaining(['axe', 'cover', 'epub-fonts']));
    const fresh = tempDir('kindred-cache-epub-fresh-');
    const cold = await epubIn(fresh, '--no-cache');
    expect(cold.code, cold.stderr).toBe(0);
    expect(entries(join(out, 'epub-cache.epub'))).toEqual(entries(join(fresh, 'epub-cache.epub')));
  });
});
