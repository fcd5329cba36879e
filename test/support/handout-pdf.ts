/** Reads handouts back: form widgets with their rectangles, and the printed page as grey pixels to check them against. */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, PDFCheckBox, PDFRadioGroup, type PDFTextField } from 'pdf-lib';
import { kindredIn, type CliResult } from './cli.ts';

/** Runs the CLI in this process with the file's shared browser (one browser, not one per run). */
export const kindredAsync = (args: string[]): Promise<CliResult> => kindredIn(args);

export interface Widget {
  name: string;
  type: 'text' | 'multiline' | 'checkbox' | 'radio';
  page: number;
  /** PDF points, origin bottom left. */
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every widget of every field, with its page (0-based). */
export async function readWidgets(path: string): Promise<{ widgets: Widget[]; pageHeights: number[] }> {
  const doc = await PDFDocument.load(readFileSync(path));
  const pages = doc.getPages();
  const widgets: Widget[] = [];
  for (const field of doc.getForm().getFields()) {
    const type = field instanceof PDFRadioGroup ? 'radio' : field instanceof PDFCheckBox ? 'checkbox' : (field as PDFTextField).isMultiline() ? 'multiline' : 'text';
    for (const widget of field.acroField.getWidgets()) {
      const page = pages.findIndex((p) => p.ref === widget.P());
      widgets.push({ name: field.getName(), type, page, ...widget.getRectangle() });
    }
  }
  return { widgets, pageHeights: pages.map((p) => p.getHeight()) };
}

export interface Grey {
  width: number;
  height: number;
  /** 0 black … 255 white, row by row. */
  data: Uint8Array;
  scale: number;
}

/** Renders every page to 8-bit grey at `dpi` with pdftoppm (PGM). */
export function renderGrey(path: string, dpi = 144): Grey[] {
  const dir = mkdtempSync(join(tmpdir(), 'kindred-grey-'));
  execFileSync('pdftoppm', ['-r', String(dpi), '-gray', path, join(dir, 'p')]);
  const pages = readdirSync(dir)
    .filter((f) => f.endsWith('.pgm'))
    .sort()
    .map((f) => {
      const bytes = readFileSync(join(dir, f));
      const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(bytes.subarray(0, 40).toString('latin1'))!;
      return { width: Number(header[1]), height: Number(header[2]), data: bytes.subarray(header[0].length), scale: dpi / 72 };
    });
  rmSync(dir, { recursive: true, force: true });
  return pages;
}

/** The darkest pixel in a box given in PDF points (origin bottom left). */
export function darkest(img: Grey, pageHeight: number, x0: number, y0: number, x1: number, y1: number): number {
  const px = (x: number) => Math.max(0, Math.min(img.width - 1, Math.round(x * img.scale)));
  const py = (y: number) => Math.max(0, Math.min(img.height - 1, Math.round((pageHeight - y) * img.scale)));
  let min = 255;
  for (let row = py(Math.max(y0, y1)); row <= py(Math.min(y0, y1)); row++) {
    for (let col = px(Math.min(x0, x1)); col <= px(Math.max(x0, x1)); col++) min = Math.min(min, img.data[row * img.width + col]);
  }
  return min;
}

/** Share of points along a segment where ink lies within `tol` pt of it (across the segment). */
export function inkAlong(img: Grey, pageHeight: number, from: [number, number], to: [number, number], tol: number, ink = 200): number {
  const steps = 40;
  let hits = 0;
  const horizontal = from[1] === to[1];
  for (let i = 1; i < steps; i++) {
    const x = from[0] + ((to[0] - from[0]) * i) / steps;
    const y = from[1] + ((to[1] - from[1]) * i) / steps;
    const dark = horizontal ? darkest(img, pageHeight, x, y - tol, x, y + tol) : darkest(img, pageHeight, x - tol, y, x + tol, y);
    if (dark < ink) hits++;
  }
  return hits / (steps - 1);
}

/** Long answers in the scripts a handout must take: plain and accented Latin, Greek, Cyrillic. */
export const SAMPLES = [
  'We would like more evenings together without our phones, and a walk on Sundays again, every single week',
  'Zoë and Sørén: a crème brûlée, Łódź, Ærøskøbing, façade, naïve, Šťastný, Œuvre — ĳ ğ ş ı İ ț',
  'Περισσότερο χρόνο μαζί, χωρίς τηλέφωνα, και μια βόλτα κάθε Κυριακή',
  'Больше времени вместе, без телефонов, и прогулка каждое воскресенье',
];

/**
 * Fills every field of a handout as a client would with pdf-lib: long text in every text field (the
 * samples in turn), the last option of every radio group, every check box; appearances drawn with the
 * handout font. Returns the filled PDF and the values set, by field name.
 */
export async function fillEverything(path: string, fontFile: string): Promise<{ bytes: Uint8Array; values: Map<string, string> }> {
  const doc = await PDFDocument.load(readFileSync(path));
  doc.registerFontkit((await import('@pdf-lib/fontkit')).default);
  const font = await doc.embedFont(readFileSync(fontFile), { subset: false });
  const values = new Map<string, string>();
  let i = 0;
  for (const field of doc.getForm().getFields()) {
    if (field instanceof PDFRadioGroup) {
      const option = field.getOptions().at(-1)!;
      field.select(option);
      values.set(field.getName(), option);
    } else if (field instanceof PDFCheckBox) {
      field.check();
      values.set(field.getName(), 'Yes');
    } else {
      const text = SAMPLES[i++ % SAMPLES.length];
      (field as PDFTextField).setText(text);
      values.set(field.getName(), text);
    }
  }
  doc.getForm().updateFieldAppearances(font);
  return { bytes: await doc.save({ updateFieldAppearances: false }), values };
}
