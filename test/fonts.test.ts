/**
 * The fonts as templates/fonts.yaml declares them: files that exist and are TrueType, scripts covered,
 * fallbacks chosen by language and text, warnings for characters no font has, the @font-face rules,
 * the faces for pdf-lib, the EPUB subsets. No browser: the printed results are in fonts-pdf.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fontkit from '@pdf-lib/fontkit';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bookFonts, declaredFaces, facesFor, fontBytes, fontFaceCss } from '../scripts/fonts.ts';
import { readDeclarations } from '../scripts/fonts/declarations.ts';
import { planFonts } from '../scripts/fonts/plan.ts';
import { coverageOfFace, openFont, scriptOf } from '../scripts/fonts/coverage.ts';
import { epubFonts } from '../scripts/fonts/epub-fonts.ts';
import { charsPerLine, pageGeometry } from '../scripts/pdf/page-geometry.ts';
import { parseTrim } from '../scripts/print-rules.ts';
import { slugify } from '../scripts/load-book.ts';
import { KindredError } from '../scripts/errors.ts';
import { tempDir } from './support/cli.ts';

const plan = bookFonts();
const decl = plan.declarations;
const sample = (text: string, line = 3) => [{ text, place: { file: '/book/ch1.md', line, column: 1 } }];

describe('declared fonts', () => {
  it('lists every face the stylesheets use, each a TrueType-outlined file with its licence', () => {
    const faces = declaredFaces();
    const count = (family: string) => faces.filter((f) => f.family === family).length;
    expect([count('Source Serif 4'), count('Source Sans 3'), count('DejaVu Sans Mono')]).toEqual([6, 5, 4]);
    for (const face of faces) {
      for (const source of face.sources) {
        const font = openFont(source.file);
        expect((font as unknown as { directory: { tables: Record<string, unknown> } }).directory.tables.glyf, source.file).toBeDefined(); // CFF would print as Type 3
      }
    }
    for (const family of [...decl.families, ...decl.fallbacks]) expect(family.package.license, family.family).toMatch(/LICENSE/);
  });

  it('has real small caps and old-style figures in the text face, and family names without stray styles', () => {
    const regular = openFont(plan.textFamily.faces[0].sources[0].file);
    expect(regular.availableFeatures).toEqual(expect.arrayContaining(['smcp', 'c2sc', 'onum']));
    for (const face of decl.families.slice(0, 2).flatMap((f) => f.faces)) {
      const font = openFont(face.sources[0].file);
      const typographic = (font as unknown as { getName(n: string): string | null }).getName('preferredFamily') ?? font.familyName;
      expect(typographic).toBe(face.family);
    }
  });

  it('covers Latin Extended, Greek and Cyrillic in the text and heading faces', () => {
    const text = 'Łódź Ærø Đặng Việt ŞİĞ Αθήνα αβγδεζηθ Москва Київ щъыэюя';
    for (const family of decl.families.slice(0, 2)) {
      for (const face of family.faces) {
        const cover = coverageOfFace(face);
        const missing = [...text].filter((c) => c !== ' ' && !cover.has(c.codePointAt(0)!));
        expect(missing, `${family.family} ${face.weight} ${face.style}`).toEqual([]);
      }
    }
  });

  it('reports a bad declaration at its line, with what to do', () => {
    const dir = tempDir('kindred-fonts-');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'fonts.yaml');
    writeFileSync(file, 'families:\n  - family: Nope\n    package: "@fontsource/not-installed-here"\n    version: 1.0.0\n    faces:\n      - { weight: 400, file: 400.css }\n');
    let error: unknown;
    try {
      readDeclarations(file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KindredError);
    expect((error as KindredError).format()).toMatch(/fonts\.yaml:3:\d+: font package @fontsource\/not-installed-here is not installed\n {2}Install it: npm i --save-exact/);
  });
});

describe('fallbacks', () => {
  it('loads none for a Latin book', () => {
    const latin = planFonts(decl, { language: 'en', samples: sample('Plain English — with “quotes”, café, Łódź and Αθήνα.') });
    expect(latin.fallbacks).toEqual([]);
    expect(fontFaceCss(latin)).not.toContain('Noto');
  });

  it('chooses the face by language and loads only the slices the text uses', () => {
    const text = '中文和日本，人生。';
    const pick = (language: string) => planFonts(decl, { language, samples: sample(text) }).fallbacks.map((f) => f.family);
    expect(pick('en')).toEqual(['Noto Sans SC']);
    expect(pick('zh-Hans')).toEqual(['Noto Sans SC']);
    expect(pick('zh-TW')).toEqual(['Noto Sans TC']);
    expect(pick('ja')).toEqual(['Noto Sans JP']);
    expect(pick('ko')).toEqual(['Noto Sans KR']);
    const zh = planFonts(decl, { language: 'zh', samples: sample(text) });
    const slices = zh.fallbacks[0].faces[0].sources;
    expect(slices.length).toBeGreaterThan(0);
    expect(slices.length).toBeLessThan(10); // of ~100
  });

  it('serves every family, weight and style, declared before the family so its own glyphs win', () => {
    const mixed = planFonts(decl, { language: 'en', samples: sample('Hello 世界, مرحبا, שלום') });
    expect(mixed.fallbacks.map((f) => f.family)).toEqual(['Noto Sans SC', 'Noto Sans Arabic', 'Noto Sans Hebrew']);
    const css = fontFaceCss(mixed).split('\n');
    const boldItalic = css.filter((r) => r.includes("'Source Serif 4'") && r.includes('font-weight: 700; font-style: italic'));
    expect(boldItalic.some((r) => r.includes('noto-sans-sc') && r.includes('-700-normal') && r.includes('unicode-range'))).toBe(true);
    const own = boldItalic.findIndex((r) => r.includes('SourceSerif4-BoldIt.ttf'));
    expect(own).toBe(boldItalic.length - 1);
  });

  it('warns, naming the file, line and script, about characters no font has', () => {
    const lines: string[] = [];
    planFonts(decl, { language: 'en', samples: [...sample('Fine text.', 1), ...sample('Thai: สวัสดี and more', 7)] }, (l) => lines.push(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: \/book\/ch1\.md:7:1: no font of the book has a glyph for 5 Thai characters such as “ส” \(U\+0E2A, Thai script\)/);
    expect(scriptOf('ア')).toBe('Katakana');
  });

  it('tells which faces cover a piece of text (for form fields and names drawn by pdf-lib)', () => {
    const mixed = planFonts(decl, { language: 'en', samples: sample('Anna 李 and Omar عمر') });
    const runs = facesFor(mixed, 'Anna 李娜', { family: 'Source Sans 3', weight: 400 });
    expect(runs.map((r) => r.text).join('')).toBe('Anna 李娜');
    expect(runs.map((r) => r.face?.family)).toEqual(['Source Sans 3', 'Noto Sans SC', 'Noto Sans SC']); // 李 and 娜 are in two slices
    expect(runs[1].source?.file).toMatch(/noto-sans-sc-\d+-400-normal\.woff2$/);
    expect(facesFor(mixed, 'ก')[0].face).toBeUndefined();
  });
});

describe('metrics and bytes', () => {
  it('measures characters per line on the body face', () => {
    const g = pageGeometry(parseTrim('6x9')!, 0, 100);
    const english = planFonts(decl, { language: 'en', samples: sample('When was the last time you truly felt close to someone, not just physically near?') });
    const chinese = planFonts(decl, { language: 'zh', samples: sample('你好，我是教授，很高兴认识你。接下来我们将共度一段时光了。') });
    expect(english.averageCharEm).toBeGreaterThan(0.4);
    expect(english.averageCharEm).toBeLessThan(0.55);
    expect(chinese.averageCharEm).toBeGreaterThan(0.95);
    expect(charsPerLine(g, english.averageCharEm)).toBeGreaterThan(2 * charsPerLine(g, chinese.averageCharEm));
  });

  it('gives pdf-lib separate, valid TrueType fonts even when asked for together', async () => {
    const [regular, semibold, sans] = await Promise.all([
      fontBytes('Source Serif 4', 400, 'normal'),
      fontBytes('Source Serif 4', 600, 'normal'),
      fontBytes('Source Sans 3', 400, 'normal'),
    ]);
    for (const [bytes, name] of [[regular, 'SourceSerif4-Regular'], [semibold, 'SourceSerif4-Semibold'], [sans, 'SourceSans3-Regular']] as const) {
      expect(Buffer.from(bytes.subarray(0, 4)).toString('hex')).toBe('00010000');
      expect(fontkit.create(Buffer.from(bytes)).postscriptName).toBe(name);
    }
  });

  it('subsets the EPUB faces to TrueType with their names and features, and ships the licences', async () => {
    const { files, css } = await epubFonts(plan, 'Intimacy — “closer”');
    const ttf = [...files.keys()].filter((f) => f.endsWith('.ttf'));
    expect(ttf.length).toBeGreaterThanOrEqual(11);
    expect([...files.keys()].filter((f) => /\.woff2?$/.test(f))).toEqual([]);
    expect([...files.keys()].filter((f) => f.endsWith('LICENSE.txt'))).toHaveLength(3);
    const semibold = fontkit.create(Buffer.from(files.get('OEBPS/fonts/SourceSans3-Semibold.ttf') as Uint8Array));
    expect((semibold as unknown as { getName(n: string): string | null }).getName('preferredFamily')).toBe('Source Sans 3');
    expect(semibold.familyName).not.toMatch(/ExtraLight/);
    const regular = fontkit.create(Buffer.from(files.get('OEBPS/fonts/SourceSerif4-Regular.ttf') as Uint8Array));
    expect(regular.availableFeatures).toContain('smcp');
    expect(regular.characterSet.length).toBeLessThan(200);
    expect(css).toContain('src: url("fonts/SourceSerif4-Regular.ttf") format("truetype")');
  });

  it('names the files of a non-Latin title in its own script', () => {
    expect(slugify('函数式编程指北')).toBe('函数式编程指北');
    expect(slugify('한국어 책')).toBe('한국어-책');
    expect(slugify('Café naïve')).toBe('cafe-naive');
  });
});
