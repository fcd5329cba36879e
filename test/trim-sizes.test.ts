/**
 * Every trim size with bleed, and two without (the same arithmetic with a bleed of 0): sheet size,
 * TrimBox and BleedBox exact to 0.01 pt.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { build } from '../scripts/build.ts';
import { manuscript } from './support/manuscript.ts';
import { sharedBrowser } from './support/cli.ts';

const IN = 72;
const MM = 72 / 25.4;
const TRIMS: [string, number, number][] = [
  ['5.5x8.5', 5.5 * IN, 8.5 * IN],
  ['6x9', 6 * IN, 9 * IN],
  ['7x10', 7 * IN, 10 * IN],
  ['8x10', 8 * IN, 10 * IN],
  ['8.5x11', 8.5 * IN, 11 * IN],
  ['a4', 210 * MM, 297 * MM],
  ['a5', 148 * MM, 210 * MM],
  ['150x220mm', 150 * MM, 220 * MM],
];

const chapter = `# A Chapter\n\n${'Intimacy is built one honest moment at a time. '.repeat(120)}\n\n## A Section\n\n${'Small daily efforts restore warmth and closeness. '.repeat(150)}\n`;
const dir = manuscript({ '01-one.md': chapter });

const box = (b: { x: number; y: number; width: number; height: number }) => [b.x, b.y, b.x + b.width, b.y + b.height];

const WITHOUT_BLEED = new Set(['6x9', 'a4']);

describe.each(TRIMS)('trim %s', (trim, width, height) => {
  it.each(WITHOUT_BLEED.has(trim) ? [0, 0.125] : [0.125])('bleed %s in: MediaBox = trim + bleed on the outside, TrimBox = trim', async (bleedIn) => {
    const out = join(dir, `dist-${trim}-${bleedIn}`);
    const [result] = await build({ manuscriptDir: dir, outDir: out, formats: ['pdf'], profile: 'print', trim, bleed: `${bleedIn}in`, log: () => {}, check: false, browser: sharedBrowser() });
    const doc = await PDFDocument.load(readFileSync(result.path));
    const b = bleedIn * IN;
    expect(doc.getPageCount()).toBeGreaterThanOrEqual(6);
    doc.getPages().forEach((page, i) => {
      const recto = i % 2 === 0;
      const media = box(page.getMediaBox());
      const trimBox = box(page.getTrimBox());
      const expectedTrim = recto ? [0, b, width, b + height] : [b, b, b + width, b + height];
      for (const [k, v] of [0, 0, width + b, height + 2 * b].entries()) expect(media[k]).toBeCloseTo(v, 2);
      for (const [k, v] of expectedTrim.entries()) expect(trimBox[k], `page ${i + 1} TrimBox`).toBeCloseTo(v, 2);
      if (b > 0) for (const [k, v] of box(page.getBleedBox()).entries()) expect(v).toBeCloseTo(media[k], 2);
    });
  });
});
