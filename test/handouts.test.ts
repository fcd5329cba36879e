/**
 * `kindred handouts`: every worksheet as a one- or two-page fillable handout in both paper sizes, flat
 * handouts, branding on every page, and packets from a clients CSV with a bad row.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PDFDict, PDFDocument, type PDFHexString, PDFName, PDFRadioGroup, PDFRawStream, PDFTextField } from 'pdf-lib';
import { loadProject } from '../scripts/build.ts';
import { loadBrand } from '../scripts/handouts/brand.ts';
import { handoutDocument, PAPERS } from '../scripts/handouts/handout-html.ts';
import { tempDir, type CliResult } from './support/cli.ts';
import { inkAlong, darkest, fillEverything, kindredAsync, readWidgets, renderGrey, SAMPLES } from './support/handout-pdf.ts';
import fontkit from '@pdf-lib/fontkit';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

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
writeFileSync(
  clientsFile,
  [
    'couple,partner_a,partner_b,session_date,worksheets,bring_back,appointment',
    'Lee & Park,Sam Lee,Jordan Park,2026-03-02,check-in;love-languages,2026-03-09,4',
    'Okafor,Ada,Chidi,2026-03-04,warning-signs;nosuch,,',
    'Müller–Weiß,Jonas,Lena,2026-03-05,intimacy-assessment,,',
    'Haddad,Layla ليلى,Omar,2026-03-06,check-in,,',
    'Nguyễn,Linh Nguyễn,Γιώργος Παπαδόπουλος,2026-03-07,reflection-journal,,',
  ].join('\n') + '\n',
);

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
}, 900_000);

/** The mean grey (0 black … 255 white) of a box given in PDF points. */
function meanGrey(img: ReturnType<typeof renderGrey>[number], pageHeight: number, x0: number, y0: number, x1: number, y1: number): number {
  let sum = 0;
  let n = 0;
  for (let row = Math.round((pageHeight - y1) * img.scale); row <= Math.round((pageHeight - y0) * img.scale); row++) {
    for (let col = Math.round(x0 * img.scale); col <= Math.round(x1 * img.scale); col++) {
      sum += img.data[row * img.width + col];
      n++;
    }
  }
  return sum / n;
}

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
    expect(names).toEqual(expect.arrayContaining(['client.partnerA', 'client.partnerB', 'client.date']));
    // Every other field is namespaced by the worksheet.
    expect(names.filter((n) => !n.startsWith('client.') && !n.startsWith(`${id}.`))).toEqual([]);
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

describe('filling every field (long Latin, accented, Greek and Cyrillic text)', () => {
  const fontFile = join(ROOT, 'node_modules', 'source-sans', 'TTF', 'SourceSans3-Regular.ttf');

  it.each(IDS)('%s: typed ink stays in each field\'s line box, no .notdef, values read back by pdf.js and Poppler', async (id) => {
    const path = pdf(out.letter, id);
    const filledPath = join(work, `${id}-filled.pdf`);
    const { bytes, values } = await fillEverything(path, fontFile);
    writeFileSync(filledPath, bytes);

    // The handout font has a glyph for every character typed (fontkit lays them out as the viewer would).
    const font = fontkit.create(readFileSync(fontFile));
    for (const text of SAMPLES) expect(font.layout(text).glyphs.filter((g) => g.id === 0).length, text).toBe(0);

    // Ink: every pixel the filling changed lies inside a widget, and a text field's ink stays above its rule.
    const { widgets, pageHeights } = await readWidgets(filledPath);
    const empty = renderGrey(path, 72);
    const filled = renderGrey(filledPath, 72);
    const stray: string[] = [];
    for (const [p, img] of filled.entries()) {
      const h = pageHeights[p];
      const on = widgets.filter((w) => w.page === p);
      for (let row = 0; row < img.height; row++) {
        for (let col = 0; col < img.width; col++) {
          const i = row * img.width + col;
          if (Math.abs(img.data[i] - empty[p].data[i]) < 60) continue;
          const x = col / img.scale;
          const y = h - row / img.scale;
          const inside = on.find((w) => x >= w.x - 1 && x <= w.x + w.width + 1 && y >= w.y - 1 && y <= w.y + w.height + 1);
          if (!inside) stray.push(`page ${p + 1} at ${x.toFixed(0)},${y.toFixed(0)}`);
          else if (inside.type === 'text' && y < inside.y + 1.5) stray.push(`${inside.name}: ink on its rule at ${x.toFixed(0)},${y.toFixed(0)}`);
        }
      }
    }
    expect(stray.slice(0, 10)).toEqual([]);
    // Every text field shows ink.
    for (const w of widgets.filter((w) => w.type === 'text')) {
      expect(darkest(filled[w.page], pageHeights[w.page], w.x + 2, w.y + 3, w.x + w.width - 2, w.y + w.height - 2), w.name).toBeLessThan(120);
    }

    // pdf.js reads every value back.
    const pdfjs = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const read = new Map<string, string>();
    for (let n = 1; n <= pdfjs.numPages; n++) {
      for (const a of await (await pdfjs.getPage(n)).getAnnotations()) {
        if (a.fieldName && a.fieldValue && a.fieldValue !== 'Off') read.set(a.fieldName, String(a.fieldValue));
      }
    }
    await pdfjs.destroy();
    expect(Object.fromEntries(read)).toEqual(Object.fromEntries(values));
    // Poppler draws them: the typed words are in its text.
    const text = execFileSync('pdftotext', [filledPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // (Poppler leaves out what a narrow field clips: the first characters are always visible.)
    for (const sample of new Set([...values.values()].filter((v) => SAMPLES.includes(v)))) expect(text).toContain(sample.slice(0, 6));
  });

  it.each(IDS)('%s: /DR with the handout font, /DA and /TU on every field, tagged, /Lang, title shown', async (id) => {
    const path = pdf(out.letter, id);
    const info = pdfinfo(path);
    expect(info).toMatch(/Tagged:\s+yes/);
    const doc = await PDFDocument.load(readFileSync(path));
    const acro = doc.catalog.lookup(PDFName.of('AcroForm'), PDFDict);
    const fonts = acro.lookup(PDFName.of('DR'), PDFDict).lookup(PDFName.of('Font'), PDFDict);
    const [fontName] = fonts.keys().map((k) => k.decodeText());
    expect(fontName).toMatch(/SourceSans3/);
    expect(String(doc.catalog.get(PDFName.of('Lang')))).toBe('(en)');
    expect(String(doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict).get(PDFName.of('DisplayDocTitle')))).toBe('true');
    // XMP with the handout's title, the author and the language, as a PDF/UA checker asks.
    const xmp = new TextDecoder().decode((doc.catalog.lookup(PDFName.of('Metadata')) as PDFRawStream).getContents());
    expect(xmp).toMatch(/<dc:title><rdf:Alt><rdf:li xml:lang="x-default">[^<]+ · Closer<\/rdf:li>/);
    expect(xmp).toContain('<dc:language><rdf:Bag><rdf:li>en</rdf:li>');
    for (const field of doc.getForm().getFields()) {
      const tu = field.acroField.dict.lookup(PDFName.of('TU'));
      expect(tu, field.getName()).toBeDefined();
      expect((tu as PDFHexString).decodeText().length, field.getName()).toBeGreaterThan(2);
      if (field instanceof PDFTextField) expect(field.acroField.getDefaultAppearance(), field.getName()).toMatch(new RegExp(`^/${fontName} \\d+(\\.5)? Tf`));
      if (field instanceof PDFRadioGroup) {
        // Options are the printed values, and there is no /Opt: the appearance states are named by them.
        expect(field.getOptions().every((o) => /^([A-B]|[1-5])$/.test(o)), field.getOptions().join()).toBe(true);
        expect(field.acroField.dict.get(PDFName.of('Opt'))).toBeUndefined();
      }
    }
    // Every widget is a /Form element of the structure tree, and the pages tab in structure order.
    for (const page of doc.getPages()) {
      expect(String(page.node.get(PDFName.of('Tabs')))).toBe('/S');
      for (const ref of page.node.Annots()?.asArray() ?? []) {
        const annot = doc.context.lookup(ref, PDFDict);
        if (String(annot.get(PDFName.of('Subtype'))) === '/Widget') expect(annot.get(PDFName.of('StructParent'))).toBeDefined();
      }
    }
  });

  it('shows the check-in tooltips as printed prompts', async () => {
    const doc = await PDFDocument.load(readFileSync(pdf(out.letter, 'check-in')));
    const tu = (name: string) => (doc.getForm().getField(name).acroField.dict.lookup(PDFName.of('TU')) as PDFHexString).decodeText();
    expect(tu('check-in.week.moreOf.line1')).toBe('What do we need more of? · line 1');
    expect(tu('check-in.week.partnerA.appreciation.line2')).toBe('Partner A · One thing I appreciated this week · line 2');
    expect(tu('check-in.week.partnerB.rating.physical')).toBe('Partner B · Physical');
    expect(tu('client.date')).toBe('Date');
  });

  it('keeps a rating chosen in pdf.js selected for Poppler after a pdf.js save', async () => {
    const path = pdf(out.letter, 'check-in');
    const pdfjs = await getDocument({ data: new Uint8Array(readFileSync(path)), verbosity: 0 }).promise;
    const annotations = await (await pdfjs.getPage(1)).getAnnotations();
    const three = annotations.find((a) => a.fieldName === 'check-in.week.partnerA.rating.emotional' && a.buttonValue === '3');
    expect(three).toBeDefined();
    pdfjs.annotationStorage.setValue(three.id, { value: true });
    const saved = await pdfjs.saveDocument();
    await pdfjs.destroy();
    const savedPath = join(work, 'check-in-pdfjs-saved.pdf');
    writeFileSync(savedPath, saved);
    const json = JSON.parse(execFileSync('qpdf', ['--json', savedPath], { encoding: 'utf8', maxBuffer: 64e6 }));
    const widgets = json.acroform.fields.filter((f: { fullname: string }) => f.fullname === 'check-in.week.partnerA.rating.emotional');
    expect(widgets.map((w: { value: string }) => w.value)).toEqual(['/3', '/3', '/3', '/3', '/3']);
    expect(widgets.map((w: { annotation: { appearancestate: string } }) => w.annotation.appearancestate)).toEqual(['/Off', '/Off', '/3', '/Off', '/Off']);
    // Poppler draws the dot in circle 3 and in no other.
    const { widgets: placed, pageHeights } = await readWidgets(savedPath);
    const [page] = renderGrey(savedPath, 72);
    const circles = placed.filter((w) => w.name === 'check-in.week.partnerA.rating.emotional');
    // A dot fills the centre of its circle; a printed digit leaves most of it white.
    const centres = circles.map((w) => meanGrey(page, pageHeights[0], w.x + w.width / 2 - 2, w.y + w.height / 2 - 2, w.x + w.width / 2 + 2, w.y + w.height / 2 + 2));
    expect(centres.map((d) => d < 80)).toEqual([false, false, true, false, false]);
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
  const packet = (row: number) => pdf(out.packets, `packet-${String(row).padStart(3, '0')}`);

  it('writes a packet per good row, named by row, reports the bad rows and exits 1', () => {
    const { code, stderr } = runs.packets;
    expect(code, stderr).toBe(1);
    expect(stderr).toMatch(/clients\.csv:3:1: row 2: unknown worksheet "nosuch" \(available: .*check-in.*\) — skipped/);
    // A name the handout font cannot draw is reported with its row, not printed as boxes.
    expect(stderr).toMatch(/clients\.csv:5:1: row 4: "Layla ليلى" needs Arabic letters \(.*\) that the handout font lacks — skipped/);
    expect(stderr).toMatch(/packets 3\/3/);
    expect(readdirSync(join(out.packets, 'handouts')).sort()).toEqual(['packet-001.pdf', 'packet-003.pdf', 'packet-005.pdf']);
  });

  it('has only the listed worksheets, with the names, date, bring-back date and appointment filled in', async () => {
    const doc = await PDFDocument.load(readFileSync(packet(1)));
    const form = doc.getForm();
    expect(form.getTextField('client.partnerA').getText()).toBe('Sam Lee');
    expect(form.getTextField('client.partnerB').getText()).toBe('Jordan Park');
    expect(form.getTextField('client.date').getText()).toBe('2026-03-02');
    const names = form.getFields().map((f) => f.getName());
    expect(names).toContain('check-in.week.partnerA.rating.emotional');
    expect(names).toContain('love-languages.partner.q1');
    expect(names.filter((n) => /^(intimacy-assessment|warning-signs)\./.test(n))).toEqual([]);
    const text = execFileSync('pdftotext', [packet(1), '-'], { encoding: 'utf8' });
    expect(text).toContain('Weekly Check-In');
    expect(text).toContain('Love-Language Quiz');
    expect(text).not.toContain('Warning Signs');
    expect(text).toMatch(/Please bring this back on\s+2026-03-09/);
    expect(text).toContain('Appointment 4');
    expect(doc.getPageCount()).toBeLessThanOrEqual(4);
    // The PDF's title names the couple (metadata), the file name does not.
    expect(doc.getTitle()).toContain('Lee & Park');
  });

  it('shows the pre-filled names without clicking, accented and Greek ones too', () => {
    const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', packet(3), '-'], { encoding: 'utf8' });
    expect(text).toContain('Jonas');
    expect(text).toContain('Lena');
    expect(text).toContain('2026-03-05');
    const greek = execFileSync('pdftotext', ['-f', '1', '-l', '1', packet(5), '-'], { encoding: 'utf8' });
    expect(greek).toContain('Linh Nguyễn');
    expect(greek).toContain('Γιώργος Παπαδόπουλος');
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
