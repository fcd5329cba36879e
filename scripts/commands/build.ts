/** `kindred build`: the PDF and the EPUB from the manuscript. */
import { relative, resolve } from 'node:path';
import type { Command } from './command.ts';
import { noPositionals, parseArgs, PROJECT_OPTIONS, userTemplatesDir } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { build, type BuildOutput, type Format } from '../build.ts';
import { jsonReport, readError, warningCollector } from '../json-report.ts';
import { bleedOption, trimOption } from '../trim-options.ts';
import { defaultCacheDir } from '../cache.ts';

const usage = `Usage: kindred build [options]

Builds dist/<title-slug>.pdf and dist/<title-slug>.epub from the manuscript.

Options:
  --format LIST         what to build: pdf, epub, handouts, comma-separated (default: pdf,epub)
  --manuscript DIR      folder with book.yaml and the chapters (default: ./manuscript)
  --templates DIR       your templates; they add to and override Kindred's own (default: ./templates)
  --out DIR             output folder (default: ./dist)
  --profile print|screen  print: press-ready interior (default); screen: bookmarks, links, tagged
  --trim SIZE           override book.yaml's trim: 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, WxHin, WxHmm
  --bleed LENGTH        override book.yaml's bleed, e.g. 0.125in
  --pdfx                convert the PDF to PDF/X-1a:2001 (needs Ghostscript)
  --crop-marks          add crop marks outside the trim (off by default: print-on-demand services reject them)
  --no-cache            parse and print everything again instead of reusing unchanged parts
                        (the cache is MANUSCRIPT/.kindred-cache, or KINDRED_CACHE_DIR)
  --no-check            skip the print-on-demand preflight of the print PDF
  --json                print one JSON document on stdout: the outputs (path, kind, pages, bytes),
                        the warnings (file, line, column) and the time; no progress lines
  --quiet               only warnings and errors
  --watch               build again on every save of a chapter, book.yaml, worksheet data or a template
                        (one line per rebuild; Ctrl-C stops)
  --verbose             show stack traces for unexpected errors

Trims and bleed are held to what print-on-demand services print: 4 × 6 in up to 8.5 × 11.69 in
(portrait; A4 fits), and a bleed of 0 or 0.125 in (up to 0.25 in).`;

/** A path relative to the working folder when it lies inside it. */
const shownPath = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path) || path);

const sizeText = (bytes: number) => (bytes > 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`);

export const command: Command = {
  summary: 'build the PDF and the EPUB from the manuscript',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      {
        format: { type: 'string', default: 'pdf,epub' },
        ...PROJECT_OPTIONS,
        profile: { type: 'string', default: 'print' },
        trim: { type: 'string' },
        bleed: { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        'no-check': { type: 'boolean', default: false },
        'crop-marks': { type: 'boolean', default: false },
        pdfx: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
      },
      usage,
    );
    noPositionals(positionals, usage);
    const formats = values.format.split(',').map((f) => f.trim()).filter(Boolean);
    const bad = formats.find((f) => f !== 'pdf' && f !== 'epub' && f !== 'handouts');
    if (bad || formats.length === 0) throw new KindredError(`unknown format "${bad ?? ''}": use pdf, epub, handouts or a list such as pdf,epub`);
    if (values.profile !== 'print' && values.profile !== 'screen') throw new KindredError(`unknown profile "${values.profile}": use print or screen`);
    if (values.trim) trimOption(values.trim);
    if (values.bleed) bleedOption(values.bleed);
    const templatesDir = userTemplatesDir(argv, values.templates);
    // Before the browser starts: a missing Ghostscript should not cost a whole print first.
    if (values.pdfx) (await import('../pdf/pdfx.ts')).requireGhostscript();
    const started = performance.now();
    const manuscriptDir = resolve(values.manuscript);
    const profile: 'print' | 'screen' = values.profile;
    const run = (log: (line: string) => void) => build({
      manuscriptDir,
      templatesDir,
      outDir: values.out,
      formats: formats as Format[],
      profile,
      trim: values.trim,
      bleed: values.bleed,
      cropMarks: values['crop-marks'],
      pdfx: values.pdfx,
      log,
      cacheDir: values['no-cache'] ? undefined : defaultCacheDir(manuscriptDir),
      check: !values['no-check'],
      browser: ctx.browser,
    });
    if (values.watch) {
      const { watchLoop } = await import('../preview/watch-loop.ts');
      const cacheDir = defaultCacheDir(manuscriptDir);
      await watchLoop({
        dirs: [manuscriptDir, ...(templatesDir ? [templatesDir] : [])],
        ignore: [resolve(values.out), cacheDir],
        // Warnings still show; the progress lines would bury the one line per rebuild.
        build: async () => (await run((line) => void (line.startsWith('warning:') && ctx.log(line)))).map((o) => `${shownPath(o.path)}${o.pages ? ` (${o.pages} pages)` : ''}`).join(', '),
        out: ctx.out,
      });
      return 0;
    }
    const collected = warningCollector(ctx.log);
    let outputs: BuildOutput[];
    try {
      outputs = await run(collected.log);
    } catch (error) {
      if (values.json) ctx.out(jsonReport({ ok: false, outputs: [], warnings: collected.warnings, errors: [readError(error)], started }));
      throw error;
    }
    if (values.json) {
      const kind = (o: BuildOutput) => (o.format === 'pdf' ? `${values.profile}-pdf` : o.format);
      const listed = outputs.map((o) => ({ path: o.path, kind: kind(o), pages: o.pages, bytes: o.bytes, seconds: Number(o.seconds.toFixed(3)), cached: o.cached ?? false }));
      ctx.out(jsonReport({ ok: true, outputs: listed, warnings: collected.warnings, started }));
      return 0;
    }
    if (ctx.quiet) return 0;
    ctx.out('');
    for (const o of outputs) {
      const pages = o.pages ? `${o.pages} pages, ` : '';
      ctx.out(`wrote ${relative(process.cwd(), o.path) || o.path}  (${pages}${sizeText(o.bytes)}, ${o.seconds.toFixed(1)} s)`);
    }
    ctx.out(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return 0;
  },
};
