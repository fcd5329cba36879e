/**
 * The hostile-input catalogue: one small manuscript per case under test/fixtures/hostile/<case>/, with
 * expect.json beside it (exit code, messages as patterns naming file:line:column, text the PDF must or
 * must not hold). Cases that must fail are checked by loading the book (no browser) and leave the last
 * good outputs alone; cases that must build are built in-process with one shared browser, and their
 * EPUBs go through epubcheck, their PDFs through pdffonts and pdftotext.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build, loadProject } from '../scripts/build.ts';
import { isKindredError } from '../scripts/errors.ts';
import { epubcheck } from './support/epubcheck.ts';
import { kindredAsync } from './support/handout-pdf.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';
import { pdfFonts, readPages } from './support/pdf-text.ts';
import { normalise } from './support/seed.ts';

const HOSTILE = resolve(import.meta.dirname, 'fixtures', 'hostile');

interface Expect {
  about: string;
  exit: number;
  messages: string[];
  notMessages?: string[];
  pdfText?: string[];
  pdfNotText?: string[];
  /** Placeholders in a file replaced by that many generated words (keeps huge inputs out of the repo). */
  expand?: Record<string, Record<string, number>>;
  /** Every word printed lies inside the page. */
  textInsidePage?: boolean;
}

const cases = readdirSync(HOSTILE)
  .filter((name) => existsSync(join(HOSTILE, name, 'expect.json')))
  .sort()
  .map((name) => ({ name, dir: join(HOSTILE, name), expect: JSON.parse(readFileSync(join(HOSTILE, name, 'expect.json'), 'utf8')) as Expect }));

interface Outcome {
  code: number;
  log: string;
  out: string;
  pdf?: string;
  epub?: string;
}

const SENTINEL = 'the last good build';

/** The manuscript to build: the fixture itself, or a copy with its placeholders expanded. */
function manuscriptFor(c: (typeof cases)[number], scratch: string): string {
  if (!c.expect.expand) return c.dir;
  const dir = join(scratch, 'manuscript');
  cpSync(c.dir, dir, { recursive: true });
  for (const [file, placeholders] of Object.entries(c.expect.expand)) {
    let text = readFileSync(join(dir, file), 'utf8');
    for (const [marker, words] of Object.entries(placeholders)) text = text.replace(marker, Array.from({ length: words }, (_, i) => `word${i}`).join(' '));
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** What `kindred build` would do, in-process: validation first (no browser), then both outputs. */
async function runCase(c: (typeof cases)[number]): Promise<Outcome> {
  const scratch = tempDir('kindred-hostile-');
  const out = join(scratch, 'dist');
  const log: string[] = [];
  const manuscriptDir = manuscriptFor(c, scratch);
  // The previous build's outputs, which a failed build must leave as they were.
  execFileSync('mkdir', ['-p', out]);
  for (const ext of ['pdf', 'epub']) writeFileSync(join(out, `previous.${ext}`), SENTINEL);
  try {
    loadProject({ manuscriptDir, log: (l) => log.push(l) });
    log.length = 0;
    const outputs = await build({ manuscriptDir, outDir: out, formats: ['pdf', 'epub'], profile: 'print', browser: sharedBrowser(), log: (l) => log.push(l) });
    return { code: 0, log: log.join('\n'), out, pdf: outputs.find((o) => o.format === 'pdf')?.path, epub: outputs.find((o) => o.format === 'epub')?.path };
  } catch (error) {
    if (isKindredError(error)) {
      log.push(`error: ${error.format()}`);
      return { code: error.exitCode, log: log.join('\n'), out };
    }
    log.push(`unexpected: ${(error as Error).stack}`);
    return { code: 2, log: log.join('\n'), out };
  }
}

const outcomes = new Map<string, Outcome>();
let checked: Map<string, string>;

beforeAll(async () => {
  for (const c of cases) {
    const start = performance.now();
    outcomes.set(c.name, await runCase(c));
    if (process.env.KINDRED_TIMINGS) console.log(`${c.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`);
  }
  await closeSharedBrowser();
  const epubs = [...outcomes.entries()].filter(([, o]) => o.epub);
  const results = await epubcheck(epubs.map(([, o]) => o.epub!));
  checked = new Map(epubs.map(([name], i) => [name, results[i].output]));
}, 1_500_000);

afterAll(() => {
  for (const o of outcomes.values()) rmSync(resolve(o.out, '..'), { recursive: true, force: true });
});

describe.each(cases)('hostile input: $name', (c) => {
  const outcome = () => outcomes.get(c.name)!;

  it(`exits ${c.expect.exit} (${c.expect.about})`, () => {
    expect(outcome().code, outcome().log).toBe(c.expect.exit);
  });

  it('names file:line:column in its messages', () => {
    for (const pattern of c.expect.messages) expect(outcome().log).toMatch(new RegExp(pattern));
    for (const pattern of [...(c.expect.notMessages ?? []), 'this is a bug', 'Maximum call stack']) expect(outcome().log).not.toMatch(new RegExp(pattern));
  });

  if (c.expect.exit !== 0) {
    it('writes nothing and leaves the previous outputs as they were', () => {
      const files = readdirSync(outcome().out).sort();
      expect(files).toEqual(['previous.epub', 'previous.pdf']);
      for (const f of files) expect(readFileSync(join(outcome().out, f), 'utf8')).toBe(SENTINEL);
    });
    return;
  }

  it('writes an EPUB that passes epubcheck with no errors and no warnings', () => {
    expect(checked.get(c.name)).toMatch(/No errors or warnings detected/);
  });

  it('writes a PDF with every font embedded', () => {
    const fonts = pdfFonts(outcome().pdf!);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded || /Type 3/.test(f.type))).toEqual([]);
  });

  it('prints the text it must and nothing it must not', async () => {
    const text = normalise((await readPages(outcome().pdf!)).map((p) => p.text).join(' '));
    for (const t of c.expect.pdfText ?? []) expect(text, t).toContain(normalise(t));
    for (const t of c.expect.pdfNotText ?? []) expect(text, t).not.toContain(normalise(t));
  });

  if (c.expect.textInsidePage) {
    it('keeps every printed word inside the page', () => {
      const xml = execFileSync('pdftotext', ['-bbox', outcome().pdf!, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
      const outside: string[] = [];
      for (const page of xml.split('<page ').slice(1)) {
        const width = Number(/width="([\d.]+)"/.exec(page)![1]);
        for (const m of page.matchAll(/<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)"[^>]*>([^<]*)<\/word>/g)) {
          if (Number(m[1]) < 0 || Number(m[2]) > width) outside.push(m[3]);
        }
      }
      expect(outside).toEqual([]);
    });
  }
});

describe('the command line on a hostile input', () => {
  it('exits 1 with the file:line message and no stack, before printing anything', async () => {
    const out = tempDir('kindred-hostile-cli-');
    const result = await kindredAsync(['build', '--manuscript', join(HOSTILE, 'image-escapes'), '--out', out]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/^error: test\/fixtures\/hostile\/image-escapes\/01-one\.md:3:1: image \.\.\/\.\.\/x\.png points outside the manuscript folder/m);
    expect(result.stderr).not.toMatch(/printing| {4}at /);
    expect(readdirSync(out)).toEqual([]);
    rmSync(out, { recursive: true, force: true });
  });
});
