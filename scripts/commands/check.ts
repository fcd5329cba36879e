/** `kindred check`: preflight a PDF against the print-on-demand rules; exit 1 when one fails. */
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Command } from './command.ts';
import { parseArgs } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { loadBook, type Book } from '../load-book.ts';
import type { Paper } from '../print-rules.ts';
import { inspectPdf } from '../preflight/inspect-pdf.ts';
import { passes, preflight } from '../preflight/preflight-rules.ts';
import { formatCoverReport, formatJson, formatReport } from '../preflight/report.ts';
import { trimOption } from '../trim-options.ts';
import { coverGeometry } from '../cover/cover-geometry.ts';
import { parsePages, readInterior } from '../cover/interior-pages.ts';
import { coverRules } from '../preflight/cover-rules.ts';
import { inspectCover } from '../preflight/inspect-cover.ts';

const usage = `Usage: kindred check [FILE.pdf] [options]
       kindred check --cover COVER.pdf [INTERIOR.pdf] [options]

Checks a print interior against the print-on-demand rules (KDP first): page count, trim and bleed,
gutter for the page count, outer margins, fonts embedded and not Type 3, image resolution, annotations,
bookmarks, forms, JavaScript, encryption; the PDF/X version, RGB or rich-black text and total ink
above 300 %; prints the spine width. Exits 1 when a rule fails.

With --cover, checks a full-wrap cover instead: its size against the wrap formula for the interior's
trim, page count and paper (to 0.01 in), all text 0.125 in inside the trim and 0.0625 in from the
spine folds, and nothing in the barcode area. The page count and trim come from the interior PDF
(default: dist/<slug>.pdf), or from --pages and --trim.

Options:
  --cover COVER.pdf     check a cover wrap (see above)
  --pages N             the interior's page count, for --cover
  --trim SIZE           the interior's trim, for --cover (default: the interior's, else book.yaml's)
  --manuscript DIR      folder with book.yaml (default: ./manuscript); gives the default file and the paper
  --paper white|cream|color   paper for the spine width (default: book.yaml's, else white)
  --json                print the facts and findings as JSON`;

const PAPERS = ['white', 'cream', 'color'];
/** Under --quiet the report keeps only its failed rules (✗) and warnings (!). */
const isProblem = (line: string) => /^[✗!] /.test(line);

function tryLoadBook(dir: string, required: boolean): Book | undefined {
  if (!required && !existsSync(join(dir, 'book.yaml'))) return undefined;
  try {
    return loadBook(dir);
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
}

interface CoverValues {
  manuscript: string;
  paper?: string;
  json: boolean;
  cover?: string;
  pages?: string;
  trim?: string;
}

/** `kindred check --cover`: the wrap against the interior it is made for. */
async function checkCover(values: CoverValues, interiorArg: string | undefined, ctx: Parameters<Command['run']>[1]): Promise<number> {
  const trimGiven = values.trim ? trimOption(values.trim) : undefined;
  const pages = values.pages ? parsePages(values.pages) : undefined;
  const book = tryLoadBook(resolve(values.manuscript), false);
  const interiorPath = interiorArg ? resolve(interiorArg) : book ? resolve('dist', `${book.slug}.pdf`) : undefined;
  const needInterior = pages === undefined || (!trimGiven && !book);
  if (needInterior && !interiorPath) throw new KindredError('the cover check needs the interior: name its PDF, or give --pages and --trim');
  const interior = interiorPath && (needInterior || (!trimGiven && existsSync(interiorPath))) ? await readInterior(interiorPath) : undefined;
  const trim = trimGiven ?? interior?.trim ?? book!.trim;
  const paper = (values.paper ?? book?.paper ?? 'white') as Paper;
  const g = coverGeometry(trim, pages ?? interior!.pages, paper);
  const file = resolve(values.cover!);
  const findings = coverRules(await inspectCover(file), g);
  if (values.json) ctx.out(JSON.stringify({ ok: passes(findings), findings, geometry: g }, null, 2));
  else for (const line of formatCoverReport(file, findings)) if (!ctx.quiet || isProblem(line)) ctx.out(line);
  return passes(findings) ? 0 : 1;
}

export const command: Command = {
  summary: 'preflight a PDF for print-on-demand (fonts, gutter, boxes, annotations, spine)',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      {
        manuscript: { type: 'string', default: 'manuscript' },
        paper: { type: 'string' },
        json: { type: 'boolean', default: false },
        cover: { type: 'string' },
        pages: { type: 'string' },
        trim: { type: 'string' },
      },
      usage,
    );
    if (positionals.length > 1) throw new KindredError(`unexpected argument "${positionals[1]}": check one PDF at a time`, { hint: usage });
    if (values.paper && !PAPERS.includes(values.paper)) throw new KindredError(`unknown paper "${values.paper}": use white, cream or color`);
    if (values.cover) return checkCover(values, positionals[0], ctx);
    const book = tryLoadBook(resolve(values.manuscript), positionals.length === 0);
    const file = positionals[0] ? resolve(positionals[0]) : resolve('dist', `${book!.slug}.pdf`);
    const paper = (values.paper ?? book?.paper ?? 'white') as Paper;

    ctx.log(`• checking ${relative(process.cwd(), file) || file}`);
    const facts = await inspectPdf(file);
    const findings = preflight(facts, { paper });
    if (values.json) ctx.out(formatJson(facts, findings));
    else for (const line of formatReport(facts, findings)) if (!ctx.quiet || isProblem(line)) ctx.out(line);
    return passes(findings) ? 0 : 1;
  },
};
