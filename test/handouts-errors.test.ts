/**
 * Handout failures: field names made from worksheet data that would clash fail `build` at the worksheet
 * and the YAML line; a handout that fails is reported while the others are written, and the browser is
 * closed afterwards (the command used to hang with it open).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadProject } from '../scripts/load-project.ts';
import { execFileSync } from 'node:child_process';
import { createBrowser } from '../scripts/browser.ts';
import { loadBrand } from '../scripts/handouts/brand.ts';
import { handoutDocument } from '../scripts/handouts/handout-html.ts';
import { writeHandouts, type HandoutJob } from '../scripts/handouts/write-handouts.ts';
import { printDocuments } from '../scripts/pdf/print-documents.ts';
import { kindred, ROOT, tempDir } from './support/cli.ts';
import { loadErrors, manuscript } from './support/manuscript.ts';

const checkIn = readFileSync(join(ROOT, 'manuscript', 'worksheets', 'check-in.yaml'), 'utf8');
const chapter = '# One\n\nSome text.\n\n::worksheet{template="check-in" data="worksheets/check-in.yaml"}\n';
const withTypes = (types: string[]) => checkIn.replace(/^types: .*$/m, `types:\n${types.map((t) => `  - ${t}`).join('\n')}`);
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('field names made from data', () => {
  it('a type named "Appreciation" builds: ratings live under "rating.", apart from the questions', () => {
    const dir = manuscript({ '01-one.md': chapter, 'worksheets/check-in.yaml': withTypes(['Emotional', 'Appreciation']) });
    dirs.push(dir);
    const project = loadProject({ manuscriptDir: dir, log: () => {} });
    const [worksheet] = project.prepared.worksheets;
    const names = handoutDocument({ ...project, brand: loadBrand(project.book), paper: 'letter', worksheets: [worksheet], fillable: true }).fields.map((f) => f.name);
    expect(names).toContain('check-in.week.partnerA.rating.appreciation');
    expect(names).toContain('check-in.week.partnerA.appreciation.line1');
  });

  it('two types that make one name fail build with the worksheet and the YAML lines', () => {
    const dir = manuscript({ '01-one.md': chapter, 'worksheets/check-in.yaml': withTypes(['Emotional', 'Self-care', 'Self care']) });
    dirs.push(dir);
    const error = loadErrors(dir);
    const [first, ...others] = error.errors;
    expect(others).toEqual([]);
    const text = first.format(dir);
    expect(text).toMatch(/^01-one\.md:5:1: worksheet "check-in": the rating "week\.partnerA\.rating\.selfCare" appears twice/);
    const yamlLine = withTypes(['Emotional', 'Self-care', 'Self care']).split('\n').indexOf('  - Self care') + 1;
    expect(text).toContain(`worksheets/check-in.yaml:${yamlLine - 1}:5 ("Self-care")`);
    expect(text).toContain(`worksheets/check-in.yaml:${yamlLine}:5 ("Self care")`);

    // The real command says the same and exits 1.
    const result = kindred(['build', '--manuscript', dir, '--out', join(dir, 'dist'), '--format', 'epub']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/01-one\.md:5:1: worksheet "check-in": the rating "week\.partnerA\.rating\.selfCare" appears twice/);
    expect(result.stderr).toMatch(/check-in\.yaml:\d+:5 \("Self care"\)/);
    expect(existsSync(join(dir, 'dist'))).toBe(false);
  });
});

describe('one failure never stalls the rest', () => {
  it('a failing handout is reported with what it was, the others are written, and the browser closes', async () => {
    const browser = createBrowser();
    const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
    const brand = loadBrand(project.book);
    const out = tempDir('kindred-fail-');
    dirs.push(out);
    const pick = (id: string) => project.prepared.worksheets.find((w) => w.id === id)!;
    const broken = { ...pick('warning-signs'), id: 'broken', template: 'no-such-template' };
    const jobs: HandoutJob[] = ['reflection-journal', 'broken', 'warning-signs', 'conversation-cards'].map((id) => ({
      name: id,
      title: id,
      what: `the handout "${id}"`,
      worksheets: [id === 'broken' ? broken : pick(id)],
      outPath: join(out, `${id}.pdf`),
    }));
    const log: string[] = [];
    const { results, failures } = await writeHandouts(jobs, { ...project, browser, brand, paper: 'letter', flat: false, noun: 'handouts', log: (l) => log.push(l), concurrency: 2 });
    expect(failures.map((f) => f.job.what)).toEqual(['the handout "broken"']);
    expect(String((failures[0].error as Error).message)).toMatch(/no-such-template/);
    expect(results.map((r) => r.name).sort()).toEqual(['conversation-cards', 'reflection-journal', 'warning-signs']);
    for (const r of results) expect((await PDFDocument.load(readFileSync(r.path))).getForm().getFields().length).toBeGreaterThan(0);
    expect(existsSync(join(out, 'broken.pdf'))).toBe(false);
    expect(log.some((l) => l.includes('failed: the handout "broken"'))).toBe(true);

    // The print pool stops taking jobs at the first failure and lets the one in flight finish.
    let made = 0;
    const html = (fail: boolean) => () => {
      made++;
      if (fail) throw new Error('cannot render');
      return '<!DOCTYPE html><html><body><p>x</p></body></html>';
    };
    await expect(printDocuments(browser, [{ name: 'a', html: html(true) }, { name: 'b', html: html(false) }, { name: 'c', html: html(false) }], { allowRoots: [], concurrency: 1 })).rejects.toThrow('cannot render');
    expect(made).toBe(1);

    // The browser this test started is a child of this process; closing the handle ends it.
    const browsers = () => execFileSync('ps', ['-o', 'args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\n').filter((l) => /chrom/i.test(l));
    expect(browsers().length).toBeGreaterThan(0);
    await browser.close();
    expect(browsers()).toEqual([]);
  }, 240_000);
});
