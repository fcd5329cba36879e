/** `kindred handouts`: one fillable PDF per worksheet, or one pre-filled packet per client with --clients. */
import { join, relative, resolve } from 'node:path';
import type { Command } from './command.ts';
import { noPositionals, parseArgs, PROJECT_OPTIONS, userTemplatesDir } from '../parse-args.ts';
import { KindredError } from '../errors.ts';
import { loadProject } from '../load-project.ts';
import { loadBrand, type Paper } from '../handouts/brand.ts';
import { readClients } from '../handouts/read-clients.ts';
import { writeHandouts, type HandoutJob } from '../handouts/write-handouts.ts';

const usage = `Usage: kindred handouts [options]

Writes OUT/handouts/<worksheet-id>.pdf for every worksheet of the book: one or two pages at full paper
size, fillable PDF forms with the practice's branding. With --clients, writes one packet per CSV row
instead: OUT/handouts/<couple>.pdf with the listed worksheets and the names and date filled in.

Options:
  --manuscript DIR      folder with book.yaml (default: ./manuscript)
  --templates DIR       your templates; they add to and override Kindred's own (default: ./templates)
  --out DIR             output folder; handouts go to OUT/handouts (default: ./dist)
  --paper letter|a4     paper size (default: the brand's paper, else letter)
  --flat                plain handouts for printing, without form fields
  --brand FILE.yaml     practice branding (practice, clinician, contact, logo, paper, credit);
                        default: book.yaml's handouts: block
  --clients FILE.csv    one packet per row; columns couple,partner_a,partner_b,session_date,worksheets
                        (worksheet ids separated by ";")
  --only ID,ID          only these worksheets (ids as in the book: intimacy-assessment, check-in …)

Exit status: 0 when every handout or packet was written; 1 on an error, or when a --clients row
was skipped (the other packets are still written).`;

const PAPERS: Paper[] = ['letter', 'a4'];

export const command: Command = {
  summary: 'one fillable PDF per worksheet, or a packet per client with --clients',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseArgs(
      argv,
      {
        ...PROJECT_OPTIONS,
        paper: { type: 'string' },
        flat: { type: 'boolean', default: false },
        brand: { type: 'string' },
        clients: { type: 'string' },
        only: { type: 'string' },
      },
      usage,
    );
    noPositionals(positionals, usage);
    if (values.paper && !PAPERS.includes(values.paper as Paper)) throw new KindredError(`unknown paper "${values.paper}": use letter or a4`);
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
      const clients = readClients(resolve(values.clients), worksheets.map((w) => w.id));
      skipped = clients.skipped;
      for (const error of skipped) ctx.log(`error: ${error.format()}`);
      jobs = clients.rows.map((row) => ({
        name: row.slug,
        title: row.couple,
        worksheets: row.worksheets.map((id) => worksheets.find((w) => w.id === id)!),
        client: { partnerA: row.partnerA, partnerB: row.partnerB, date: row.date },
        outPath: join(outDir, `${row.slug}.pdf`),
      }));
    } else {
      jobs = worksheets.map((w) => ({ name: w.id, title: w.title, worksheets: [w], outPath: join(outDir, `${w.id}.pdf`) }));
    }
    const noun = values.clients ? 'packets' : 'handouts';
    const count = (n: number) => `${n} ${n === 1 ? noun.slice(0, -1) : noun}`;
    const kind = `${values.flat ? 'flat' : 'fillable'}, ${paper === 'a4' ? 'A4' : 'US Letter'}`;
    ctx.log(`• ${count(jobs.length)} (${kind})${brand.practice ? ` for ${brand.practice}` : ''}`);
    const started = performance.now();
    const results = await writeHandouts(jobs, { book, browser: ctx.browser, brand, templates, paper, flat: values.flat, noun, log: ctx.log });
    for (const r of results) {
      const fields = values.flat ? '' : `, ${r.fields} fields`;
      ctx.out(`wrote ${relative(process.cwd(), r.path)}  (${r.pages} page${r.pages === 1 ? '' : 's'}${fields}, ${Math.round(r.bytes / 1e3)} kB)`);
    }
    ctx.log(`  ${count(results.length)} in ${((performance.now() - started) / 1000).toFixed(1)} s${skipped.length ? `; ${skipped.length} row${skipped.length > 1 ? 's' : ''} skipped` : ''}`);
    return skipped.length ? 1 : 0;
  },
};
