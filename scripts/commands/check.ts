/** `kindred check`: preflight a PDF against the print-on-demand rules; exit 1 when one fails. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../cli.ts';
import { parseArgs } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { loadBook, type Book } from '../load-book.ts';
import type { Paper } from '../print-rules.ts';
import { inspectPdf } from '../preflight/inspect-pdf.ts';
import { passes, preflight } from '../preflight/preflight-rules.ts';
import { formatJson, formatReport } from '../preflight/report.ts';

const usage = `Usage: kindred check [FILE.pdf] [options]

Checks a print interior against the print-on-demand rules (KDP first): page count, trim and bleed,
gutter for the page count, outer margins, fonts embedded and not Type 3, image resolution, annotations,
bookmarks, forms, JavaScript, encryption; the PDF/X version, RGB or rich-black text and total ink
above 300 %; prints the spine width. Exits 1 when a rule fails.

Options:
  --manuscript DIR      folder with book.yaml (default: ./manuscript); gives the default file and the paper
  --paper white|cream|color   paper for the spine width (default: book.yaml's, else white)
  --json                print the facts and findings as JSON`;

const PAPERS = ['white', 'cream', 'color'];

function tryLoadBook(dir: string, required: boolean): Book | undefined {
  if (!required && !existsSync(join(dir, 'book.yaml'))) return undefined;
  try {
    return loadBook(dir);
  } catch (error) {
    if (required) throw error;
    return undefined;
  }
}

export const command: Command = {
  summary: 'preflight a PDF for print-on-demand (fonts, gutter, boxes, annotations, spine)',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      { manuscript: { type: 'string', default: 'manuscript' }, paper: { type: 'string' }, json: { type: 'boolean', default: false } },
      usage,
    );
    if (positionals.length > 1) throw new KindredError(`unexpected argument "${positionals[1]}": check one PDF at a time`, { hint: usage });
    if (values.paper && !PAPERS.includes(values.paper)) throw new KindredError(`unknown paper "${values.paper}": use white, cream or color`);
    const book = tryLoadBook(resolve(values.manuscript), positionals.length === 0);
    const file = positionals[0] ? resolve(positionals[0]) : resolve('dist', `${book!.slug}.pdf`);
    const paper = (values.paper ?? book?.paper ?? 'white') as Paper;

    const facts = await inspectPdf(file);
    const findings = preflight(facts, { paper });
    if (values.json) ctx.out(formatJson(facts, findings));
    else for (const line of formatReport(facts, findings)) ctx.out(line);
    return passes(findings) ? 0 : 1;
  },
};
