/**
 * `kindred handouts`: every worksheet as a one- or two-page fillable handout in both paper sizes, flat
 * handouts, branding on every page, and packets from a clients CSV with a bad row.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from 'pdf-lib';
import { loadProject } from '../scripts/build.ts';
import { slugify } from '../scripts/load-book.ts';
import { loadBrand } from '../scripts/handouts/brand.ts';
import { handoutDocument, PAPERS } from '../scripts/handouts/handout-html.ts';
import { tempDir, type CliResult } from './support/cli.ts';
import { inkAlong, darkest, kindredAsync, readWidgets, renderGrey, } from './support/handout-pdf.ts';

const ROOT = resolve(import.meta.dirname, '..');
const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
const IDS = project.prepared.worksheets.map((w) => w.id);
const PRACTICE = 'Riverside Couples Counseling';
const CONTACT = '(555) 014-2290 · riversidecouples.example';

const work = tempDir('kindred-handouts-');
const brandFile = join(work, 'brand.yaml');
writeFileSync(join(work, 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="60"><circle cx="40" cy="30" r="22" fill="none" stroke="#7a3b3b" stroke-width="5"/><circle cx="78" cy="30" r="22" fill="none" stroke="#444" stroke-width="5"/></svg>');
writeFileSync(brandFile, `practice: ${PRACTICE}\nclinician: Dr. Ana Ruiz, LMFT\ncontact: "${CONTACT}"\nlogo: logo.svg\n`);
const clientsFile = join(work, 'clients.csv');
writeFileSync(clientsFile, ['couple,partner_a,partner_b,session_date,worksheets', 'Lee & Park,Sam Lee,Jordan Park,2026-03-02,check-in;love-languages', 'Okafor,Ada,Chidi,2026-03-04,warning-signs;nosuch', 'Müller–Weiß,Jonas,Lena,2026-03-05,intimacy-assessment'].join('\n') + '\n');

const out = { letter: join(work, 'letter'), a4: join(work, 'a4'), flat: join(work, 'flat'), packets: join(work, 'packets') };
const runs = {} as Record<keyof typeof out, CliResult>;
const pdf = (dir: string, name: string) => join(dir, 'handouts', `${name}.pdf`);
const pdfinfo = (path: string) => execFileSync('pdfinfo', [path], { encoding: 'utf8' });
const pageText = (path: string, page: number) => execFileSync('pdftotext', ['-f', String(page), '-l', String(page), '-layout', path, '-'], { encoding: 'utf8' });

beforeAll(async () => {
  const [letter, a4, flat, packets] = await Promise.all([
    kindredAsync(['handouts', '--out', out.letter, '--brand', brandFile, '--paper', 'letter']),
    kindredAsync(['handouts', '--out', out.a4, '--brand', brandFile, '--paper', 'a4']),
    kindredAsync(['handouts', '--out', out.flat, '--flat']),
    kindredAsync(['handouts', '--out', out.packets, '--brand', brandFile, '--clients', clientsFile]),
  ]);
  Object.assign(runs, { letter, a4, flat, packets });
}, 240_000);

/** The fields each handout asks for: the data-field elements of its HTML (no browser involved). */
function expectedFields(id: string) {
  const worksheet = project.prepared.worksheets.find((w) => w.id === id)!;
  const brand = loadBrand(project.book);
  return handoutDocument({ ...project, brand, paper: 'letter', worksheets: [worksheet], fillable: true }).fields;
}

describe.each(['letter', 'a4'] as const)('fillable handouts on %s', (paper) => {
  it('the command succeeds and reports every handout', () => {
    expect(runs[paper].code, runs[paper].stderr).toBe(0);
    for (const id of IDS) expect(runs[paper].stdout).toMatch(new RegExp(`wrote .*handouts/${id}\\.pdf  \\([12] pages?, \\d+ fields`));
  });

  it.each(IDS)('%s is a one- or two-page AcroForm on the right paper with the expected field names', async (id) => {
    const path = pdf(out[paper], id);
    const info = pdfinfo(path);
    expect(info).toMatch(/Form:\s+AcroForm/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    const doc = await PDFDocument.load(readFileSync(path));
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(PAPERS[paper].width, 0);
      expect(page.getHeight()).toBeCloseTo(PAPERS[paper].height, 0);
    }
    const names = doc.getForm().getFields().map((f) => f.getName());
    expect(new Set(names)).toEqual(new Set(expectedFields(id).map((f) => f.name)));
    expect(names).toEqual(expect.arrayContaining(['partnerA.name', 'partnerB.name', 'date']));
    // No marker link is left behind.
    const uris = doc.getPages().flatMap((p) => p.node.Annots()?.asArray() ?? []).map((ref) => String(doc.context.lookup(ref)));
    expect(uris.filter((u) => u.includes('kindred:field'))).toEqual([]);
  });

  it.each(IDS)('%s has the branding, the title and the credit on every page', (id) => {
    const path = pdf(out[paper], id);
    const pages = Number(/Pages:\s+(\d+)/.exec(pdfinfo(path))![1]);
    for (let n = 1; n <= pages; n++) {
      const text = pageText(path, n).replace(/\s+/g, ' ');
      expect(text).toContain(PRACTICE);
      expect(text).toContain('Dr. Ana Ruiz, LMFT');
      expect(text).toContain(CONTACT);
      expect(text).toContain('Closer');
      expect(text).toContain(`Page ${n} of ${pages}`);
    }
    expect(pageText(path, 1)).toContain(project.prepared.worksheets.find((w) => w.id === id)!.title);
    // A handout stands alone: no "Worksheet N ·" from the book.
    expect(pageText(path, 1)).not.toMatch(/Worksheet \d+ ·/);
  });

  /**
   * Every widget sits on its printed write-in area, checked against the ink of the printed page, not
   * against the markers it was made from: the page is rendered to grey pixels (144 dpi) and each widget
   * must have a printed rule along its bottom edge (write-in lines, boxes, tally boxes, calendar cells),
   * a printed square along all four edges (check boxes) or a printed circle touching all four edges
   * (rating and quiz circles), each within 2 pt. Empty fields draw nothing, so the ink is the page's own.
   */
  it.each(IDS)('every field of %s lies on its printed write-in area (within 2 pt)', async (id) => {
    const path = pdf(out[paper], id);
    const { widgets, pageHeights } = await readWidgets(path);
    const pages = renderGrey(path);
    const off: string[] = [];
    const TOL = 2;
    for (const w of widgets) {
      const img = pages[w.page];
      const h = pageHeights[w.page];
      const { x, y, width, height } = w;
      const bottom = inkAlong(img, h, [x, y], [x + width, y], TOL);
      let ok: boolean;
      if (w.type === 'checkbox') {
        const edges = [bottom, inkAlong(img, h, [x, y + height], [x + width, y + height], TOL), inkAlong(img, h, [x, y], [x, y + height], TOL), inkAlong(img, h, [x + width, y], [x + width, y + height], TOL)];
        ok = edges.every((e) => e > 0.9);
      } else if (w.type === 'radio') {
        const cx = x + width / 2;
        const cy = y + height / 2;
        const touches = [darkest(img, h, cx - 1, y - TOL, cx + 1, y + TOL), darkest(img, h, cx - 1, y + height - TOL, cx + 1, y + height + TOL), darkest(img, h, x - TOL, cy - 1, x + TOL, cy + 1), darkest(img, h, x + width - TOL, cy - 1, x + width + TOL, cy + 1)];
        ok = touches.every((d) => d < 200) && Math.abs(width - height) < 1;
      } else ok = bottom > 0.9;
      if (!ok) off.push(`${w.name} (${w.type}) on page ${w.page + 1} at ${[x, y, width, height].map((n) => n.toFixed(1)).join(', ')}`);
    }
    expect(widgets.length).toBeGreaterThanOrEqual(3);
    expect(off).toEqual([]);
  });
});

describe('flat handouts', () => {
  it('are written for every worksheet, with no form fields and no marker links', async () => {
    expect(runs.flat.code, runs.flat.stderr).toBe(0);
    expect(readdirSync(join(out.flat, 'handouts')).filter((f) => f.endsWith('.pdf')).sort()).toEqual(IDS.map((id) => `${id}.pdf`).sort());
    for (const id of IDS) {
      const path = pdf(out.flat, id);
      expect(pdfinfo(path)).toMatch(/Form:\s+none/);
      const doc = await PDFDocument.load(readFileSync(path));
      expect(doc.getForm().getFields()).toEqual([]);
      expect(doc.getPages().every((p) => !p.node.Annots())).toBe(true);
      expect(doc.getPageCount()).toBeLessThanOrEqual(2);
    }
  });
});

describe('packets from a clients CSV', () => {
  it('writes a packet per good row, names the bad row and exits 1', () => {
    const { code, stderr } = runs.packets;
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/clients\.csv:3:1: row 2: unknown worksheet "nosuch" \(available: .*check-in.*\) — skipped/);
    expect(stderr).toMatch(/packets 2\/2/);
    expect(readdirSync(join(out.packets, 'handouts')).sort()).toEqual(['lee-park.pdf', `${slugify('Müller–Weiß')}.pdf`]);
  });

  it('has only the listed worksheets, with the names and date pre-filled', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf(out.packets, 'lee-park')));
    const form = doc.getForm();
    expect(form.getTextField('partnerA.name').getText()).toBe('Sam Lee');
    expect(form.getTextField('partnerB.name').getText()).toBe('Jordan Park');
    expect(form.getTextField('date').getText()).toBe('2026-03-02');
    const names = form.getFields().map((f) => f.getName());
    expect(names).toContain('check-in.week.partnerA.emotional');
    expect(names).toContain('love-languages.partner.q1');
    expect(names.filter((n) => /^(intimacy-assessment|warning-signs)\./.test(n))).toEqual([]);
    const text = execFileSync('pdftotext', [pdf(out.packets, 'lee-park'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Weekly Check-In');
    expect(text).toContain('Love-Language Quiz');
    expect(text).not.toContain('Warning Signs');
    expect(doc.getPageCount()).toBeLessThanOrEqual(4);
  });

  it('shows the pre-filled names without clicking (appearance streams in the embedded font)', () => {
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf(out.packets, slugify('Müller–Weiß')), '-'], { encoding: 'utf8' });
    expect(text).toContain('Jonas');
    expect(text).toContain('Lena');
    expect(text).toContain('2026-03-05');
  });
});

describe('errors', () => {
  it('rejects an unknown paper and an unknown --only id with a hint', async () => {
    const paper = await kindredAsync(['handouts', '--paper', 'legal', '--out', join(work, 'x')]);
    expect(paper.code).toBe(1);
    expect(paper.stderr).toContain('unknown paper "legal": use letter or a4');
    const only = await kindredAsync(['handouts', '--only', 'check-in,nope', '--out', join(work, 'x')]);
    expect(only.code).toBe(1);
    expect(only.stderr).toMatch(/unknown worksheet "nope" in --only\n\s+Worksheets of this book: .*check-in/);
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  it('names the brand file and line of a bad field', async () => {
    const bad = join(work, 'bad-brand.yaml');
    copyFileSync(brandFile, bad);
    writeFileSync(bad, readFileSync(bad, 'utf8') + 'papr: a4\n');
    const result = await kindredAsync(['handouts', '--brand', bad, '--out', join(work, 'x')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-brand\.yaml:5:1: unknown field "papr"/);
  });
});
