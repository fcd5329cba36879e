/** Reads a PDF back: page text with pdfjs (optionally without the running-head zone), fonts and boxes. */
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface PageText {
  page: number;
  text: string;
  /** Text items with their baseline y measured from the top of the page. */
  items: { str: string; x: number; top: number }[];
  width: number;
  height: number;
}

export async function readPages(path: string): Promise<PageText[]> {
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path)), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0, y0, x1, y1] = page.view;
    const content = await page.getTextContent();
    const items = content.items
      .filter((i): i is typeof i & { str: string; transform: number[] } => 'str' in i)
      .map((i) => ({ str: i.str, x: i.transform[4] - x0, top: y1 - i.transform[5] }));
    pages.push({ page: n, text: items.map((i) => i.str).join(' '), items, width: x1 - x0, height: y1 - y0 });
  }
  await doc.destroy();
  return pages;
}

/** Page text without anything above `headZone` points from the top (running heads and folios). */
export function bodyText(page: PageText, headZone: number): string {
  return page.items.filter((i) => i.top > headZone).map((i) => i.str).join(' ');
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
}

/** pdffonts' table as rows. */
export function pdfFonts(path: string): FontRow[] {
  const out = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => {
      const m = /^(\S+)\s+(.+?)\s{2,}(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(line);
      return { name: m?.[1] ?? line, type: m?.[2] ?? '', embedded: m?.[4] === 'yes' };
    });
}

export interface TextLine {
  /** Baseline, from the top of the page. */
  top: number;
  /** Left edge of the line's first item. */
  x: number;
  /** The line's items, left to right. */
  parts: string[];
}

/** A page's text grouped into lines by baseline (within 2 pt), top to bottom, below `headZone`. */
export function textLines(page: PageText, headZone = 0): TextLine[] {
  const rows = new Map<number, { x: number; str: string }[]>();
  for (const item of page.items) {
    if (!item.str.trim() || item.top < headZone) continue;
    const key = [...rows.keys()].find((k) => Math.abs(k - item.top) < 2) ?? item.top;
    rows.set(key, [...(rows.get(key) ?? []), item]);
  }
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([top, items]) => {
      items.sort((a, b) => a.x - b.x);
      return { top, x: items[0].x, parts: items.map((i) => i.str) };
    });
}
