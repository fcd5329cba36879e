/**
 * The command line's conventions: -v/--version from package.json, `help <command>`, one-line answers
 * with a suggestion for unknown options and commands, --quiet and --json, and trims and bleeds held to
 * what print-on-demand services print. All but the last block run in this process without a browser;
 * the last builds the tiny fixture book once with the real browser and reuses that build.
 */
import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { kindredIn, ROOT, sharedBrowser, tempDir } from './support/cli.ts';
import { manuscript, MINIMAL_BOOK } from './support/manuscript.ts';
import { parseArgs } from '../scripts/parse-args.ts';
import { loadBook } from '../scripts/load-book.ts';
import { bleedOption, trimOption } from '../scripts/trim-options.ts';
import { KindredError } from '../scripts/errors.ts';
import { PDFDocument } from 'pdf-lib';

const COMMANDS = ['build', 'check', 'cover', 'handouts'];
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('version and help', () => {
  it('-v and --version print the version package.json gives', async () => {
    for (const flag of ['-v', '--version']) {
      const r = await kindredIn([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(`kindred ${VERSION}\n`);
    }
  });

  it('help <command> and <command> --help print that command’s own help', async () => {
    const top = await kindredIn(['help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('kindred help <command>');
    for (const name of COMMANDS) {
      const help = await kindredIn(['help', name]);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: kindred ${name}\\b`));
      expect(help.stdout).not.toBe(top.stdout);
      for (const flag of ['--help', '-h']) expect((await kindredIn([name, flag])).stdout).toBe(help.stdout);
    }
  });

  it('help for a command that does not exist suggests the nearest', async () => {
    const r = await kindredIn(['help', 'handout']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: unknown command "handout"; did you mean handouts\?/);
  });
});

describe('unknown options and commands: one line with a suggestion', () => {
  it('kindred build --trm 6x9', async () => {
    const r = await kindredIn(['build', '--trm', '6x9']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: unknown option --trm for "kindred build"; did you mean --trim? (kindred help build)\n');
  });

  it('for every command, with no node:util text and no usage', async () => {
    const cases: [string[], string][] = [
      [['check', '--jsn'], 'error: unknown option --jsn for "kindred check"; did you mean --json? (kindred help check)'],
      [['cover', '--pags', '90'], 'error: unknown option --pags for "kindred cover"; did you mean --pages? (kindred help cover)'],
      [['handouts', '--brnad', 'b.yaml'], 'error: unknown option --brnad for "kindred handouts"; did you mean --brand? (kindred help handouts)'],
      [['build', '-trim', '6x9'], 'error: unknown option -trim for "kindred build"; did you mean --trim? (kindred help build)'],
      [['build', '--man', 'x'], 'error: unknown option --man for "kindred build"; did you mean --manuscript? (kindred help build)'],
      [['build', '--colour'], 'error: unknown option --colour for "kindred build" (kindred help build)'],
      [['build', '--trim'], 'error: option --trim for "kindred build" needs a value (kindred help build)'],
      [['build', '--pdfx=yes'], 'error: option --pdfx for "kindred build" takes no value (kindred help build)'],
      [['build', 'stray'], 'error: unexpected argument "stray" for "kindred build" (kindred help build)'],
    ];
    for (const [argv, line] of cases) {
      const r = await kindredIn(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(lines(r.stderr), argv.join(' ')).toEqual([line]);
      expect(r.stderr).not.toMatch(/Usage:|To specify a positional|ERR_PARSE_ARGS/);
    }
  });

  it('an unknown command names the nearest one', async () => {
    const r = await kindredIn(['buld']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual(['error: unknown command "buld"; did you mean build? (commands: build, check, cover, handouts, init, new, preview; kindred --help)']);
  });

  it('the suggestions live in the shared wrapper, so a new command gets them too', () => {
    const usage = 'Usage: kindred preview [options]\n\nOptions:\n  --port N';
    const options = { port: { type: 'string' }, open: { type: 'boolean' } } as const;
    expect(() => parseArgs(['--prot', '4310'], options, usage)).toThrow('unknown option --prot for "kindred preview"; did you mean --port? (kindred help preview)');
    const { values } = parseArgs(['--port', '4310', '--quiet'], options, usage);
    expect(values).toMatchObject({ port: '4310', quiet: true });
  });
});

describe('trims and bleed print-on-demand services accept', () => {
  const dir = manuscript({ '01-one.md': '# One\n\nText.\n' });
  const build = (...extra: string[]) => kindredIn(['build', '--manuscript', dir, '--out', join(dir, 'dist'), ...extra], { cwd: dir });

  it('refuses --bleed 1in, --trim 13x20 and --trim 2x3 as flags, saying the accepted range', async () => {
    const cases: [string[], RegExp][] = [
      [['--bleed', '1in'], /^error: --bleed 1in: a bleed of 1 in is more than print-on-demand services take; accepted: 0 or 0\.125 in \(KDP, IngramSpark, Lulu\); up to 0\.25 in$/],
      [['--trim', '13x20'], /^error: --trim 13x20: 13 × 20 in is larger than print-on-demand services print; accepted: 4 × 6 in up to 8\.5 × 11\.69 in/],
      [['--trim', '2x3'], /^error: --trim 2x3: 2 × 3 in is smaller than print-on-demand services print; accepted: 4 × 6 in up to 8\.5 × 11\.69 in/],
      [['--trim', '11x8.5'], /^error: --trim 11x8\.5: 11 × 8\.5 in is larger than print-on-demand services print/],
      [['--bleed=-3mm'], /^error: --bleed -3mm: a bleed of -0\.118 in is negative; accepted: 0 or 0\.125 in/],
    ];
    for (const [argv, message] of cases) {
      const r = await build(...argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(lines(r.stderr), argv.join(' ')).toHaveLength(1);
      expect(lines(r.stderr)[0]).toMatch(message);
    }
    const cover = await kindredIn(['cover', '--manuscript', dir, '--out', join(dir, 'dist'), '--pages', '120', '--trim', '13x20'], { cwd: dir });
    expect(cover.code).toBe(1);
    expect(cover.stderr).toMatch(/^error: --trim 13x20: 13 × 20 in is larger/);
  });

  it('refuses them in book.yaml at the value’s line and column', async () => {
    const cases: [string, RegExp][] = [
      ['trim: 13x20', /book\.yaml:7:7: field "trim": 13 × 20 in is larger than print-on-demand services print; accepted: 4 × 6 in up to 8\.5 × 11\.69 in/],
      ['trim: 3.5x5', /book\.yaml:7:7: field "trim": 3\.5 × 5 in is smaller than print-on-demand services print; accepted:/],
      ['bleed: 1in', /book\.yaml:7:8: field "bleed": a bleed of 1 in is more than print-on-demand services take; accepted: 0 or 0\.125 in \(KDP, IngramSpark, Lulu\); up to 0\.25 in/],
      ['bleed: -0.125in', /book\.yaml:7:8: field "bleed": a bleed of -0\.125 in is negative; accepted:/],
    ];
    for (const [line, message] of cases) {
      const bad = manuscript({ 'book.yaml': `${MINIMAL_BOOK}${line}\n`, '01-one.md': '# One\n' });
      expect(readFileSync(join(bad, 'book.yaml'), 'utf8').split('\n')[6]).toBe(line);
      const r = await kindredIn(['build', '--manuscript', bad, '--out', join(bad, 'dist')], { cwd: bad });
      expect(r.code, line).toBe(1);
      expect(r.stderr, line).toMatch(message);
    }
  });

  it('accepts the edges of the range, A4, A5 and the bleeds services take', () => {
    for (const trim of ['4x6', '8.5x11.69', 'a4', 'a5', '6x9', '8.5x11', '150x220mm']) expect(() => trimOption(trim), trim).not.toThrow();
    for (const bleed of ['0', '0in', '0.125in', '3.175mm', '0.25in']) expect(() => bleedOption(bleed), bleed).not.toThrow();
    for (const trim of ['8.6x11', '4x5.9', '216x300mm']) expect(() => trimOption(trim), trim).toThrow(KindredError);
    expect(() => bleedOption('0.26in')).toThrow('up to 0.25 in');
    const book = loadBook(manuscript({ 'book.yaml': `${MINIMAL_BOOK}trim: a4\nbleed: 3.175mm\n`, '01-one.md': '# One\n' }));
    expect(book.bleedPt).toBeCloseTo(9, 6);
  });

  it('started no browser for any of these mistakes', () => {
    expect(sharedBrowser().started).toBe(false);
  });
});

describe('--json and --quiet on a real build', () => {
  const work = tempDir('kindred-cli-');
  const book = join(work, 'tiny-book');
  cpSync(join(ROOT, 'test', 'fixtures', 'cli', 'tiny-book'), book, { recursive: true });
  const out = join(work, 'dist');
  const build = (...extra: string[]) => kindredIn(['build', '--manuscript', book, '--out', out, '--format', 'pdf', ...extra], { cwd: work });
  const chapter = readFileSync(join(book, '01-one.md'), 'utf8').split('\n');
  const linkLine = chapter.findIndex((l) => l.includes('[notes]'));

  it('build --json prints one JSON document: outputs, warnings with their place, timing', async () => {
    const r = await build('--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.outputs).toHaveLength(1);
    const [pdf] = report.outputs;
    expect(pdf).toMatchObject({ path: join(out, 'tiny-book.pdf'), kind: 'print-pdf', cached: false });
    expect(pdf.bytes).toBe(statSync(pdf.path).size);
    expect(pdf.pages).toBe((await PDFDocument.load(readFileSync(pdf.path))).getPageCount());
    expect(report.warnings).toContainEqual({
      file: 'tiny-book/01-one.md',
      line: linkLine + 1,
      column: chapter[linkLine].indexOf('[notes]') + 1,
      message: 'link to notes.md, which is not part of the book; kept its text without the link',
    });
    expect(report.errors).toEqual([]);
    expect(report.timing.seconds).toBeGreaterThan(0);
    // No progress on stderr in this mode, only the warning.
    expect(lines(r.stderr).every((l) => l.startsWith('warning:'))).toBe(true);
  });

  it('--quiet leaves only warnings and errors (the unchanged book comes back from the cache)', async () => {
    const r = await build('--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^warning: tiny-book\/01-one\.md:\d+:\d+: link to notes\.md/)]);
    const again = JSON.parse((await build('--json')).stdout);
    expect(again.outputs[0]).toMatchObject({ kind: 'print-pdf', cached: true });
  });

  it('handouts --json lists the files it wrote, and a failing build is a JSON document too', async () => {
    const r = await kindredIn(['handouts', '--manuscript', book, '--out', out, '--format', 'html', '--json'], { cwd: work });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.ok).toBe(true);
    expect(report.outputs).toHaveLength(1);
    expect(report.outputs[0]).toMatchObject({ path: join(out, 'handouts', 'reflection-journal.html'), kind: 'web-worksheet' });
    expect(report.outputs[0].bytes).toBe(statSync(report.outputs[0].path).size);
    expect(report.outputs[0].fields).toBeGreaterThan(0);

    const failed = await kindredIn(['build', '--manuscript', join(work, 'nowhere'), '--out', out, '--json'], { cwd: work });
    expect(failed.code).toBe(1);
    const failure = JSON.parse(failed.stdout);
    expect(failure).toMatchObject({ ok: false, outputs: [], errors: [{ message: expect.stringContaining('no book.yaml') }] });
  });
});
