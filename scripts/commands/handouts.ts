/** `kindred handouts`: one fillable PDF per worksheet, or one pre-filled packet per client with --clients. */
import { join, relative, resolve } from 'node:path';
import type { Command, CommandContext } from './command.ts';
import { noPositionals, parseArgs, PROJECT_OPTIONS, userTemplatesDir } from '../parse-args.ts';
import { formatPlace, KindredError } from '../errors.ts';
import { missingGlyphs, scriptsOf } from '../handouts/handout-font.ts';
import { loadProject } from '../load-project.ts';
import { loadBrand, type Paper } from '../handouts/brand.ts';
import { readClients } from '../handouts/read-clients.ts';
import { writeHandouts, type HandoutFailure, type HandoutJob } from '../handouts/write-handouts.ts';
import { type JsonError, type JsonOutput, jsonReport, readError, warningCollector } from '../json-report.ts';

const usage = `Usage: kindred handouts [options]

Writes OUT/handouts/<worksheet-id>.pdf for every worksheet of the book: one or two pages at full paper
size, fillable PDF forms with the practice's branding. With --clients, writes one packet per CSV row
instead: OUT/handouts/packet-<row>.pdf with the listed worksheets and the names and date filled in.

Options:
  --manuscript DIR      folder with book.yaml (default: ./manuscript)
  --templates DIR       your templates; they add to and override Kindred's own (default: ./templates)
  --out DIR             output folder; handouts go to OUT/handouts (default: ./dist)
  --format pdf,html     fillable PDFs (default), and/or web worksheets: one self-contained HTML file
                        each, filled in any browser, answers kept on the device
  --paper letter|a4     paper size (default: the brand's paper, else letter)
  --flat                plain handouts for printing, without form fields
  --brand FILE.yaml     practice branding (practice, clinician, contact, logo, paper, credit);
                        default: book.yaml's handouts: block
  --clients FILE.csv    one packet per row; columns couple,partner_a,partner_b,session_date,worksheets
                        (worksheet ids separated by ";"), optionally bring_back and appointment
  --name-files          name packets after the couple (lee-park.pdf) instead of by row (packet-003.pdf);
                        names in file names end up in download folders and e-mail attachments
  --only ID,ID          only these worksheets (ids as in the book: intimacy-assessment, check-in …)
  --json                print one JSON document on stdout: the files (path, kind, pages, bytes, fields),
                        the warnings and errors (file, line, column) and the time; no progress lines
  --quiet               only warnings and errors

Exit status: 0 when every handout or packet was written; 1 on an error, when a --clients row was
skipped, or when a handout failed (the others are still written).`;

const PAPERS: Paper[] = ['letter', 'a4'];
const FORMATS = ['pdf', 'html'];

const undrawable = (text: string) => {
  const missing = missingGlyphs(text);
  return missing.length ? `"${text}" needs ${scriptsOf(missing).join(' and ')} letters (${missing.slice(0, 6).join(' ')}) that the handout font lacks` : undefined;
};

export const command: Command = {
  summary: 'one fillable PDF per worksheet, or a packet per client with --clients',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parse(argv);
    noPositionals(positionals, usage);
    const started = performance.now();
    const collected = warningCollector(ctx.log);
    const listed: JsonOutput[] = [];
    const errors: JsonError[] = [];
    // Each file written is a line on stdout, or an entry of the --json document.
    const wrote = (o: JsonOutput, line: string) => (values.json ? listed.push(o) : ctx.quiet || ctx.out(line));
    const fail = (error: JsonError, line: string) => {
      errors.push(error);
      ctx.log(line);
    };
    try {
      const code = await run(values, { ...ctx, log: collected.log }, argv, wrote, fail);
      if (values.json) ctx.out(jsonReport({ ok: code === 0, outputs: listed, warnings: collected.warnings, errors, started }));
      return code;
    } catch (error) {
      if (values.json) ctx.out(jsonReport({ ok: false, outputs: listed, warnings: collected.warnings, errors: [...errors, readError(error)], started }));
      throw error;
    }
  },
};

type Values = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  return parseArgs(
    argv,
    {
      ...PROJECT_OPTIONS,
      paper: { type: 'string' },
      flat: { type: 'boolean', default: false },
      brand: { type: 'string' },
      clients: { type: 'string' },
      only: { type: 'string' },
      format: { type: 'string', default: 'pdf' },
      'name-files': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    usage,
  );
}

async function run(values: Values, ctx: CommandContext, argv: string[], wrote: (o: JsonOutput, line: string) => void, fail: (error: JsonError, line: string) => void): Promise<number> {
  if (values.paper && !PAPERS.includes(values.paper as Paper)) throw new KindredError(`unknown paper "${values.paper}": use letter or a4`);
  const formats = values.format.split(',').map((f) => f.trim()).filter(Boolean);
  const badFormat = formats.find((f) => !FORMATS.includes(f));
  if (badFormat || !formats.length) throw new KindredError(`unknown format "${badFormat ?? values.format}": use pdf, html or pdf,html`);
  const templatesDir = userTemplatesDir(argv, values.templates);
  const { book, templates, prepared } = loadProject({ manuscriptDir: resolve(values.manuscript), templatesDir, log: ctx.log });
  const brand = loadBrand(book, values.brand);
  const paper = (values.paper ?? brand.paper ?? 'letter') as Paper;
  const ids = prepared.worksheets.map((w) => w.id);
  const only = values.only?.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = only?.filter((id) => !ids.includes(id)) ?? [];
  if (unknown.length) throw new KindredError(`unknown worksheet "${unknown[0]}" in --only`, { hint: `Worksheets of this book: ${ids.join(', ')}.` });
  const worksheets = prepared.worksheets.filter((w) => !only || only.includes(w.id));
  if (!worksheets.length) throw new KindredError('the manuscript has no worksheets to make handouts of');
  const outDir = join(resolve(values.out), 'handouts');

  let jobs: HandoutJob[];
  let skipped: KindredError[] = [];
  if (values.clients) {
    const clients = readClients(resolve(values.clients), worksheets.map((w) => w.id), { canDraw: undrawable, byName: values['name-files'] });
    skipped = clients.skipped;
    for (const error of skipped) fail(readError(error), `error: ${error.format()}`);
    const width = Math.max(3, String(clients.rows.at(-1)?.row ?? 0).length);
    jobs = clients.rows.map((row) => {
      const name = values['name-files'] ? row.slug : `packet-${String(row.row).padStart(width, '0')}`;
      return {
        name,
        title: row.couple,
        what: `the packet of row ${row.row} (${row.worksheets.join(', ')})`,
        worksheets: row.worksheets.map((id) => worksheets.find((w) => w.id === id)!),
        client: { partnerA: row.partnerA, partnerB: row.partnerB, date: row.date, bringBack: row.bringBack, appointment: row.appointment },
        outPath: join(outDir, `${name}.pdf`),
      };
    });
  } else {
    jobs = worksheets.map((w) => ({ name: w.id, title: w.title, what: `the handout "${w.id}" (${formatPlace(w.place)})`, worksheets: [w], outPath: join(outDir, `${w.id}.pdf`) }));
  }
  const noun = values.clients ? 'packets' : 'handouts';
  const count = (n: number) => `${n} ${n === 1 ? noun.slice(0, -1) : noun}`;
  let failed = 0;
  if (formats.includes('html')) {
    const { writeWebWorksheets } = await import('../handouts/web-worksheet.ts');
    const written = writeWebWorksheets(jobs, { book, brand, templates, paper, log: ctx.log });
    for (const r of written.results) wrote({ path: r.path, kind: 'web-worksheet', bytes: r.bytes, fields: r.fields }, `wrote ${relative(process.cwd(), r.path)}  (web worksheet, ${r.fields} fields, ${Math.round(r.bytes / 1e3)} kB)`);
    for (const f of written.failures) fail(failure(f), `error: ${f.job.what} failed: ${describe(f.error)}`);
    failed += written.failures.length;
  }
  if (formats.includes('pdf')) {
    const kind = `${values.flat ? 'flat' : 'fillable'}, ${paper === 'a4' ? 'A4' : 'US Letter'}`;
    ctx.log(`• ${count(jobs.length)} (${kind})${brand.practice ? ` for ${brand.practice}` : ''}`);
    const started = performance.now();
    const { results, failures } = await writeHandouts(jobs, { book, browser: ctx.browser, brand, templates, paper, flat: values.flat, noun, log: ctx.log });
    for (const r of results) {
      const fields = values.flat ? '' : `, ${r.fields} fields`;
      wrote({ path: r.path, kind: values.clients ? 'packet-pdf' : 'handout-pdf', pages: r.pages, bytes: r.bytes, fields: values.flat ? undefined : r.fields }, `wrote ${relative(process.cwd(), r.path)}  (${r.pages} page${r.pages === 1 ? '' : 's'}${fields}, ${Math.round(r.bytes / 1e3)} kB)`);
    }
    for (const f of failures) fail(failure(f), `error: ${f.job.what} failed: ${describe(f.error)}`);
    failed += failures.length;
    ctx.log(`  ${count(results.length)} in ${((performance.now() - started) / 1000).toFixed(1)} s${failures.length ? `; ${failures.length} failed` : ''}${skipped.length ? `; ${skipped.length} row${skipped.length > 1 ? 's' : ''} skipped` : ''}`);
  }
  return skipped.length || failed ? 1 : 0;
}

/** A handout that failed, as JSON: which one, and why. */
function failure(f: HandoutFailure): JsonError {
  const error = readError(f.error);
  return { ...error, message: `${f.job.what} failed: ${error.message}` };
}

/** A failure's message: a KindredError as the CLI prints it, anything else as a bug with its message. */
function describe(error: unknown): string {
  if (error instanceof KindredError) return error.format();
  return `${(error as Error)?.message ?? String(error)} (this is a bug in Kindred; run with --verbose for details)`;
}
