/**
 * A real Chinese book written by others (three chapters of the Chinese "Mostly Adequate Guide", CC BY-SA
 * 4.0, in test/fixtures/real-books/mostly-adequate-zh): it builds, every character prints from an
 * embedded TrueType face (body, headings, code, running heads), and epubcheck passes the EPUB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../scripts/build.ts';
import { pdfFonts } from './support/pdf-text.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';

const BOOK = join(import.meta.dirname, 'fixtures/real-books/mostly-adequate-zh');

describe('a real Chinese book', () => {
  const out = tempDir('kindred-zh-out-');
  const log: string[] = [];
  let pdf: string;
  let epub: string;
  let text: string;

  beforeAll(async () => {
    const outputs = await build({ browser: sharedBrowser(), manuscriptDir: BOOK, outDir: out, formats: ['pdf', 'epub'], profile: 'print', log: (l) => log.push(l) });
    pdf = outputs.find((o) => o.format === 'pdf')!.path;
    epub = outputs.find((o) => o.format === 'epub')!.path;
    text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\u00AD/g, '');
  });
  afterAll(async () => {
    await closeSharedBrowser();
    rmSync(out, { recursive: true, force: true });
  });

  it('names its files after the Chinese title and reports no missing glyph', () => {
    expect(readdirSync(out).sort()).toEqual(['js-函数式编程指南.epub', 'js-函数式编程指南.pages.json', 'js-函数式编程指南.pdf']);
    expect(log.filter((l) => /no font of the book has a glyph/.test(l))).toEqual([]);
  });

  it('embeds every font as TrueType, the Chinese from Noto Sans SC', () => {
    const fonts = pdfFonts(pdf);
    expect(fonts.filter((f) => !f.embedded || f.type !== 'CID TrueType')).toEqual([]);
    expect(fonts.some((f) => /NotoSansSC/.test(f.name))).toBe(true);
  });

  it('prints the Chinese of the chapters, the headings, the code comments and the running heads', () => {
    const source = readFileSync(join(BOOK, 'ch1.md'), 'utf8');
    const han = new Set(source.match(/\p{Script=Han}/gu));
    const printed = new Set(text.match(/\p{Script=Han}/gu));
    expect([...han].filter((c) => !printed.has(c))).toEqual([]);
    for (const words of ['第 1 章：我们在做什么？', '一个简单例子', '// 结合律（assosiative）', '你好，我是 Franklin Risby 教授，很高兴认识你。']) {
      expect(text.replace(/\n/g, '')).toContain(words);
    }
    expect(text.match(/JS 函数式编程指南/g)?.length).toBeGreaterThan(3); // title page, heads
  });

  it('passes epubcheck', () => {
    const check = spawnSync('java', ['-jar', '/usr/share/java/epubcheck.jar', epub], { encoding: 'utf8' });
    expect(check.stdout + check.stderr).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
  }, 300_000); // epubcheck's JVM is slow on a busy machine
});
