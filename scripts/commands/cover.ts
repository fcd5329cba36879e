/** `kindred cover`: the full-wrap cover PDF (back, spine, front, bleed) and the front cover as a PNG. */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from './command.ts';
import { noPositionals, parseArgs, PROJECT_OPTIONS, userTemplatesDir } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { loadBook } from '../load-book.ts';
import { createTemplateSet, templateDirs } from '../render-template.ts';
import { SPINE_TEXT_MIN_PAGES, type Paper } from '../print-rules.ts';
import { trimOption } from '../trim-options.ts';
import { writeAtomic } from '../write-atomic.ts';
import { coverGeometry } from '../cover/cover-geometry.ts';
import { writeCover } from '../cover/write-cover.ts';
import { renderFrontCoverPng } from '../cover/front-cover-png.ts';
import { readInterior, parsePages } from '../cover/interior-pages.ts';

const usage = `Usage: kindred cover [options]

Renders OUT/<slug>-cover.pdf, the full-wrap cover for print-on-demand (back + spine + front with
0.125 in bleed, spine width from the page count and paper), and OUT/<slug>-cover.png, the front cover
at 1600 × 2560 px (the EPUB's cover).

Options:
  --manuscript DIR      folder with book.yaml (default: ./manuscript)
  --templates DIR       your templates: cover.hbs and css/cover.css override Kindred's (default: ./templates)
  --out DIR             output folder; the interior PDF is read from here (default: ./dist)
  --pages N             interior page count (default: counted in OUT/<slug>.pdf)
  --trim SIZE           the interior's trim: 5.5x8.5, 6x9, 7x10, 8x10, 8.5x11, a4, a5, WxHin, WxHmm
                        (default: the trim of OUT/<slug>.pdf when it is built, else book.yaml's)
  --paper white|cream|color   paper for the spine width (default: book.yaml's)
  --pdfx                convert the wrap to PDF/X-1a:2001 in CMYK (needs Ghostscript)`;

const PAPERS = ['white', 'cream', 'color'];
const fixed = (n: number) => n.toFixed(3);
const shown = (path: string) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));

export const command: Command = {
  summary: 'render the full-wrap cover PDF and the front cover PNG',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      {
        ...PROJECT_OPTIONS,
        pages: { type: 'string' },
        paper: { type: 'string' },
        trim: { type: 'string' },
        pdfx: { type: 'boolean', default: false },
      },
      usage,
    );
    noPositionals(positionals, usage);
    if (values.paper && !PAPERS.includes(values.paper)) throw new KindredError(`unknown paper "${values.paper}": use white, cream or color`);
    const trimGiven = values.trim ? trimOption(values.trim) : undefined;
    const pages = values.pages ? parsePages(values.pages) : undefined;
    if (values.pdfx) (await import('../pdf/pdfx.ts')).requireGhostscript();
    const book = loadBook(resolve(values.manuscript));
    const templates = createTemplateSet(templateDirs(userTemplatesDir(argv, values.templates)));
    const outDir = resolve(values.out);
    const interiorPath = join(outDir, `${book.slug}.pdf`);
    // The cover fits the interior it is made for: its page count and its trim, unless given.
    const interior = pages === undefined || (!trimGiven && existsSync(interiorPath)) ? await readInterior(interiorPath) : undefined;
    const trim = trimGiven ?? interior?.trim ?? book.trim;
    const paper = (values.paper ?? book.paper) as Paper;
    const g = coverGeometry(trim, pages ?? interior!.pages, paper);

    ctx.log(`• cover for ${g.pages} pages of ${fixed(g.trimWidthIn)} × ${fixed(g.trimHeightIn)} in on ${paper} paper: spine ${fixed(g.spineIn)} in, sheet ${fixed(g.widthIn)} × ${fixed(g.heightIn)} in`);
    const pdfPath = join(outDir, `${book.slug}-cover.pdf`);
    const pdf = await writeCover(ctx.browser, book, templates, g, pdfPath, { pdfx: values.pdfx, log: ctx.log });
    const pngPath = join(outDir, `${book.slug}-cover.png`);
    ctx.log('• the front cover image (PNG)');
    const png = await renderFrontCoverPng(ctx.browser, book, templates, ctx.log);
    writeAtomic(pngPath, png);

    if (ctx.quiet) return 0;
    const spineText = g.spineText ? `spine text at ${g.spineFontPt} pt` : `no spine text (below ${SPINE_TEXT_MIN_PAGES} pages)`;
    ctx.out(`wrote ${shown(pdfPath)}  (${fixed(g.widthIn)} × ${fixed(g.heightIn)} in with 0.125 in bleed; spine ${fixed(g.spineIn)} in; ${spineText}${values.pdfx ? '; PDF/X-1a:2001' : ''}; ${Math.round(pdf.length / 1e3)} kB)`);
    ctx.out(`wrote ${shown(pngPath)}  (front cover, 1600 × 2560 px, ${Math.round(png.length / 1e3)} kB)`);
    return 0;
  },
};
