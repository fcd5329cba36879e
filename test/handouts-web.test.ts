/**
 * Web worksheets (`kindred handouts --format html`): one self-contained file per worksheet and per packet,
 * filled in the real browser at phone and desktop widths, answers restored after a reload, saved to a
 * file, printed like the handout, and clean for axe-core.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { loadProject } from '../scripts/load-project.ts';
import { clientBrowser, closeClientBrowser } from './support/client-browser.ts';
import { loadBrand } from '../scripts/handouts/brand.ts';
import { writeWebWorksheets } from '../scripts/handouts/web-worksheet.ts';
import type { HandoutJob } from '../scripts/handouts/write-handouts.ts';
import { kindred, ROOT, tempDir } from './support/cli.ts';

const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
const brand = loadBrand(project.book);
const out = tempDir('kindred-web-');
const IDS = project.prepared.worksheets.map((w) => w.id);
const AXE = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
const file = (name: string) => join(out, `${name}.html`);

beforeAll(() => {
  const jobs: HandoutJob[] = project.prepared.worksheets.map((w) => ({ name: w.id, title: w.title, what: w.id, worksheets: [w], outPath: join(out, `${w.id}.pdf`) }));
  const pick = (id: string) => project.prepared.worksheets.find((w) => w.id === id)!;
  jobs.push({
    name: 'packet-001',
    title: 'Lee & Park',
    what: 'row 1',
    worksheets: [pick('check-in'), pick('love-languages')],
    client: { partnerA: 'Zoë Lee', partnerB: 'Γιώργος Park', date: '2026-03-02', bringBack: '2026-03-09', appointment: '4' },
    outPath: join(out, 'packet-001.pdf'),
  });
  const { failures } = writeWebWorksheets(jobs, { ...project, brand, paper: 'letter', log: () => {} });
  expect(failures).toEqual([]);
});
afterAll(async () => {
  await closeClientBrowser();
  rmSync(out, { recursive: true, force: true });
});

/** A page that records every request it makes; JavaScript on, as in a client's browser. */
async function open(width: number): Promise<{ page: Page; requests: string[] }> {
  const page = await (await clientBrowser()).newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setViewport({ width, height: 900 });
  // axe-core in every document the page opens, compiled once for the page rather than once a check.
  await page.evaluateOnNewDocument(AXE);
  return { page, requests };
}

/** axe-core's findings in the open document (injected by open() before the document's own scripts). */
async function axeViolations(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  });
}

describe('web worksheets', () => {
  it.each([...IDS, 'packet-001'])('%s is one self-contained file with labelled controls and no network reference', (name) => {
    const html = readFileSync(file(name), 'utf8');
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/(src|href)="(?!data:|#)/);
    expect(html).not.toMatch(/url\((?!['"]?data:)/);
    const controls = html.match(/<(input|textarea)\b[^>]*>/g) ?? [];
    expect(controls.length).toBeGreaterThan(2);
    for (const control of controls) expect(control, control).toMatch(/aria-label="[^"]{2,}"/);
  });

  it.each([390, 1280])('check-in at %i px: fits, fills, keeps the answers after a reload, saves them to a file', async (width) => {
    const { page, requests } = await open(width);
    await page.goto(pathToFileURL(file('check-in')).href);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await page.type('input[name="check-in.week.moreOf.line1"]', 'More walks, fewer screens — Ελληνικά');
    await page.click('input[name="check-in.week.partnerA.rating.emotional"][value="4"]');
    await page.type('input[name="client.partnerA"]', 'Zoë');
    await page.reload();
    const restored = await page.evaluate(() => ({
      more: (document.querySelector('input[name="check-in.week.moreOf.line1"]') as HTMLInputElement).value,
      rating: (document.querySelector('input[name="check-in.week.partnerA.rating.emotional"]:checked') as HTMLInputElement | null)?.value,
      name: (document.querySelector('input[name="client.partnerA"]') as HTMLInputElement).value,
    }));
    expect(restored).toEqual({ more: 'More walks, fewer screens — Ελληνικά', rating: '4', name: 'Zoë' });

    // "Save my answers" makes a file (a blob: download); read what it holds.
    const saved = await page.evaluate(async () => {
      let href = '';
      let download = '';
      const click = HTMLAnchorElement.prototype.click;
      HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
        href = this.href;
        download = this.download;
      };
      (document.querySelector('.web-save') as HTMLButtonElement).click();
      HTMLAnchorElement.prototype.click = click;
      return { download, text: await (await fetch(href)).text() };
    });
    expect(saved.download).toBe('check-in-answers.json');
    const answers = JSON.parse(saved.text).answers as { name: string; label: string; value: string }[];
    expect(answers).toContainEqual({ name: 'check-in.week.partnerA.rating.emotional', label: 'Partner A · Emotional', value: '4' });
    expect(answers).toContainEqual({ name: 'check-in.week.moreOf.line1', label: 'What do we need more of? · line 1', value: 'More walks, fewer screens — Ελληνικά' });
    expect(requests.filter((u) => !/^(file|data|blob):/.test(u))).toEqual([]);
    if (width === 390) expect(await axeViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('prints like the handout: the worksheet on at most two pages, without the toolbar', async () => {
    const { page } = await open(1280);
    await page.goto(pathToFileURL(file('check-in')).href);
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    await page.close();
    const path = join(out, 'check-in-printed.pdf');
    writeFileSync(path, pdf);
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
    expect(pages).toBeLessThanOrEqual(2);
    const text = execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
    expect(text).toContain('Weekly Check-In');
    expect(text).toContain('Page 1 of');
    expect(text).not.toContain('Save my answers');
  }, 120_000);

  describe('at 1280 px', () => {
    let desktop: Page;
    beforeAll(async () => {
      desktop = (await open(1280)).page;
    });
    afterAll(() => desktop.close());

    it.each([...IDS, 'packet-001'])('%s: axe-core finds no violations', async (name) => {
      await desktop.goto(pathToFileURL(file(name)).href);
      expect(await axeViolations(desktop)).toEqual([]);
    }, 120_000);
  });

  it('the packet carries the names, the bring-back date and the appointment', async () => {
    const { page } = await open(390);
    await page.goto(pathToFileURL(file('packet-001')).href);
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    const names = await page.$$eval('input[name="client.partnerB"]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(names).toEqual(['Γιώργος Park', 'Γιώργος Park']);
    const text = await page.evaluate(() => document.body.innerText);
    expect(text).toContain('Please bring this back on 2026-03-09');
    expect(text).toContain('Appointment 4');
    await page.close();
  }, 120_000);

  it('the command writes them with --format html, without a browser', () => {
    const dir = tempDir('kindred-web-cli-');
    const result = kindred(['handouts', '--format', 'html', '--only', 'check-in', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/wrote .*handouts\/check-in\.html {2}\(web worksheet, \d+ fields/);
    rmSync(dir, { recursive: true, force: true });
  });
});
