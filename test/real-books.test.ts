/**
 * Books written by others (test/fixtures/real-books/<book>/, each with its licence and SOURCE.md):
 * raw-HTML figures, code, tables, links to files that are not in the book; and readme-style, chapters
 * in the shapes project READMEs and docs folders have (a logo and an HTML <h1>, badges, front matter,
 * two titles, none). Each builds in-process with
 * one shared browser and must exit 0 with an EPUB that epubcheck passes with no errors and no warnings,
 * a PDF whose fonts are all embedded (none a stand-in for a missing glyph), and all of its text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { toString } from 'hast-util-to-string';
import { build, loadProject } from '../scripts/build.ts';
import { epubcheck } from './support/epubcheck.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';
import { bodyText, pdfFonts, readPages } from './support/pdf-text.ts';
import { normalise } from './support/seed.ts';

const BOOKS = resolve(import.meta.dirname, 'fixtures', 'real-books');
const run = promisify(execFile);
const books = readdirSync(BOOKS)
  .filter((name) => existsSync(join(BOOKS, name, 'book.yaml')))
  .sort();

interface Built {
  log: string;
  pdf: string;
  epub: string;
  /** Each chapter's text as the book holds it, normalised. */
  chapters: string[];
  epubcheck: string;
  error?: string;
}

const built = new Map<string, Built>();
const scratch = tempDir('kindred-real-books-');

beforeAll(async () => {
  for (const name of books) {
    const log: string[] = [];
    const manuscriptDir = join(BOOKS, name);
    try {
      const { prepared } = loadProject({ manuscriptDir, log: () => {} });
      const outputs = await build({ manuscriptDir, outDir: join(scratch, name), formats: ['pdf', 'epub'], profile: 'print', browser: sharedBrowser(), log: (l) => log.push(l) });
      built.set(name, {
        log: log.join('\n'),
        pdf: outputs.find((o) => o.format === 'pdf')!.path,
        epub: outputs.find((o) => o.format === 'epub')!.path,
        chapters: prepared.chapters.map((c) => normalise(toString(c.hast))),
        epubcheck: '',
      });
    } catch (error) {
      built.set(name, { log: log.join('\n'), pdf: '', epub: '', chapters: [], epubcheck: '', error: String((error as Error).stack ?? error) });
    }
  }
  await closeSharedBrowser();
  const epubs = [...built.values()].filter((b) => b.epub);
  for (const [i, result] of (await epubcheck(epubs.map((b) => b.epub))).entries()) epubs[i].epubcheck = result.output;
}, 1_500_000);

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each(books)('real book: %s', (name) => {
  const book = () => built.get(name)!;

  it('builds (exit 0) with no unexpected failure', () => {
    expect(book().error, book().log).toBeUndefined();
    expect(book().log).not.toMatch(/this is a bug|blocked a request|could not load/);
  });

  it('writes an EPUB that passes epubcheck with no errors and no warnings', () => {
    expect(book().epubcheck).toMatch(/No errors or warnings detected/);
  });

  it('embeds every font of the PDF, and only the book’s own faces', () => {
    const fonts = pdfFonts(book().pdf);
    expect(fonts.filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
    // A character no book font has would print in a system stand-in (or as a box): none may appear.
    // The Noto Sans faces are the book's own fallbacks (fonts.yaml), loaded for the Chinese book.
    const strangers = fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, '')).filter((n) => !/^(SourceSerif4|SourceSans3|DejaVuSansMono|NotoSans)/.test(n));
    expect(strangers).toEqual([]);
  });

  it('prints all of the text of every chapter', async () => {
    // Without the running heads and folios, which would split a sentence that crosses a page.
    const text = normalise((await readPages(book().pdf)).map((p) => bodyText(p, 50)).join(' '));
    expect(text).not.toContain('\uFFFD');
    for (const [i, chapter] of book().chapters.entries()) {
      // Every 200-character stretch of the chapter appears in the PDF (images' alt text aside).
      const missing = [];
      for (let at = 0; at + 40 <= chapter.length; at += 200) if (!text.includes(chapter.slice(at, at + 40))) missing.push(chapter.slice(at, at + 40));
      expect(missing, `chapter ${i + 1}`).toEqual([]);
    }
  });
});

/**
 * The Chinese book (two chapters of the Chinese "Mostly Adequate Guide"): every character prints from an
 * embedded TrueType face (body, headings, code, running heads), from Noto Sans SC where the book's own
 * faces have none, and its files are named after its Chinese title.
 */
describe('a real Chinese book (mostly-adequate-zh)', () => {
  const book = () => built.get('mostly-adequate-zh')!;

  it('names its files after the Chinese title and reports no missing glyph', () => {
    expect(readdirSync(join(scratch, 'mostly-adequate-zh')).sort()).toEqual(['js-函数式编程指南.epub', 'js-函数式编程指南.pages.json', 'js-函数式编程指南.pdf']);
    expect(book().log).not.toMatch(/no font of the book has a glyph/);
  });

  it('takes the Chinese from Noto Sans SC', () => {
    expect(pdfFonts(book().pdf).some((f) => /NotoSansSC/.test(f.name))).toBe(true);
  });

  it('prints the Chinese of the chapters, the headings, the code comments and the running heads', () => {
    const text = execFileSync('pdftotext', [book().pdf, '-'], { encoding: 'utf8' }).replace(/\u00AD/g, '');
    const han = new Set(readFileSync(join(BOOKS, 'mostly-adequate-zh', 'ch1.md'), 'utf8').match(/\p{Script=Han}/gu));
    const printed = new Set(text.match(/\p{Script=Han}/gu));
    expect([...han].filter((c) => !printed.has(c))).toEqual([]);
    for (const words of ['第 1 章：我们在做什么？', '一个简单例子', '// 结合律（assosiative）', '你好，我是 Franklin Risby 教授，很高兴认识你。']) {
      expect(text.replace(/\n/g, '')).toContain(words);
    }
    expect(text.match(/JS 函数式编程指南/g)?.length).toBeGreaterThan(3); // title page, heads
  });
});

describe('chapters as people write them (readme-style)', () => {
  const book = () => built.get('readme-style')!;
  const nav = async () => (await run('unzip', ['-p', book().epub, 'OEBPS/toc.xhtml'])).stdout;

  it('reads a README that opens with a logo, an HTML <h1> and badges: the <h1> is the title, the badges print their alt text', async () => {
    expect(book().error, book().log).toBeUndefined();
    expect(book().log).toMatch(/warning: \S*01-readme\.md:7:\d+: remote image not fetched/);
    expect(book().log).not.toMatch(/01-readme\.md:\d+:\d+: (a second level-one|the chapter has no)/);
    const pages = await readPages(book().pdf);
    const opener = pages.find((p) => /Widget & Friends/.test(bodyText(p, 50)) && /C\s*H\s*A\s*P\s*T\s*E\s*R\s*1/i.test(bodyText(p, 50)));
    expect(opener, 'the opener of chapter 1').toBeDefined();
    // The opener first, then what came before the title in the file: the logo's paragraph, the badges.
    const text = normalise(bodyText(opener!, 50));
    expect(text.indexOf(normalise('Widget & Friends'))).toBeGreaterThanOrEqual(0);
    expect(text.indexOf(normalise('Widget & Friends'))).toBeLessThan(text.indexOf(normalise('build passing')));
    expect(text).toContain(normalise('npm version'));
  });

  it('titles a chapter from its front matter (removed), from its file name when it has no heading (a warning), and makes a second level-one heading a section (a warning naming file:line)', async () => {
    expect(book().log).toMatch(/warning: \S*03-getting-started\.md:1:1: the chapter has no level-one heading .*“Getting started” comes from the file name/);
    expect(book().log).toMatch(/warning: \S*04-usage\.md:6:1: a second level-one heading “Advanced options” is set as a section/);
    expect(book().log).toMatch(/warning: \S*04-usage\.md:11:1: a second level-one heading “Troubleshooting” \(<h1>\) is set as a section/);
    const toc = await nav();
    for (const title of ['1. Widget &amp; Friends', '2. Installing Widget', '3. Getting started', '4. Usage']) expect(toc).toContain(`>${title}</a>`);
    expect(toc).toMatch(/>Advanced options<\/a>/);
    const text = normalise((await readPages(book().pdf)).map((p) => bodyText(p, 50)).join(' '));
    expect(text).not.toMatch(/navorder|layoutpage/);
    for (const title of ['Installing Widget', 'Getting started', 'Usage', 'Advanced options', 'Troubleshooting']) expect(text).toContain(normalise(title));
  });
});
