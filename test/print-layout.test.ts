/** Book typography of the print profile, read back from the built book: numbers, openers, heads, boxes. */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { PDFArray, PDFDocument, PDFName } from 'pdf-lib';
import { readPages, bodyText, textLines, type PageText } from './support/pdf-text.ts';
import { normalise, ROOT } from './support/seed.ts';
import { loadProject } from '../scripts/build.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const HEAD_ZONE = 50;
let pages: PageText[];
let doc: PDFDocument;

/** Lines of a page as their trimmed parts. */
const lines = (page: PageText): string[][] => textLines(page).map((l) => l.parts.map((p) => p.trim()));

/** Entries `label … page` from the pages of a list (contents or list of worksheets). */
function listEntries(listPages: PageText[]): { label: string; page: number }[] {
  return listPages.flatMap((p) =>
    lines(p)
      .filter((l) => /^\d+$/.test(l[l.length - 1]) && l.length > 1)
      .map((l) => ({ label: l.slice(0, -1).join(' ').replace(/^\d+\s+/, ''), page: Number(l[l.length - 1]) })),
  );
}

const pageOfFolio = (n: number) => {
  const first = pages.findIndex((p) => /C\s*H\s*A\s*P\s*T\s*E\s*R\s*1\b/.test(p.text));
  return pages[first + n - 1];
};

beforeAll(async () => {
  const path = join(sample.dir, 'closer.pdf');
  pages = await readPages(path);
  doc = await PDFDocument.load(readFileSync(path));
});

describe('print profile layout', () => {
  it('has an even page count', () => {
    expect(pages.length % 2).toBe(0);
  });

  it('prints the page numbers of the contents where those headings are', () => {
    const start = pages.findIndex((p) => /^\s*Contents/.test(bodyText(p, HEAD_ZONE)));
    const end = pages.findIndex((p, i) => i > start && /^\s*(List of Worksheets|C\s*H\s*A\s*P)/.test(bodyText(p, HEAD_ZONE)));
    const entries = listEntries(pages.slice(start, end));
    expect(entries.length).toBeGreaterThanOrEqual(9);
    for (const entry of entries) {
      const page = pageOfFolio(entry.page);
      expect(normalise(bodyText(page, HEAD_ZONE)), `"${entry.label}" on page ${entry.page}`).toContain(normalise(entry.label));
    }
  });

  it('prints the page numbers of the list of worksheets where those worksheets are', () => {
    const start = pages.findIndex((p) => /^\s*List of Worksheets/.test(bodyText(p, HEAD_ZONE)));
    if (start < 0) return expect.fail('no List of Worksheets page');
    const end = pages.findIndex((p, i) => i > start && /C\s*H\s*A\s*P/.test(p.text));
    const entries = listEntries(pages.slice(start, end));
    expect(entries.length).toBeGreaterThanOrEqual(9);
    for (const entry of entries) {
      const text = normalise(bodyText(pageOfFolio(entry.page), HEAD_ZONE));
      expect(text, `"${entry.label}" on page ${entry.page}`).toContain(normalise(entry.label));
    }
  });

  it('opens every chapter on a right-hand (odd) page, without head or folio', () => {
    const openers = pages.filter((p) => /^\s*C\s*H\s*A\s*P\s*T\s*E\s*R\s*\d/.test(bodyText(p, 0)));
    expect(openers).toHaveLength(9);
    for (const opener of openers) {
      expect(opener.page % 2, `opener on page ${opener.page}`).toBe(1);
      expect(opener.items.filter((i) => i.top < HEAD_ZONE && i.str.trim())).toEqual([]);
    }
  });

  it('runs heads on body pages: the book title on the left, the chapter on the right, with the folio', () => {
    const first = pages.findIndex((p) => /C\s*H\s*A\s*P\s*T\s*E\s*R\s*1\b/.test(p.text));
    let checked = 0;
    for (const page of pages.slice(first)) {
      const head = page.items.filter((i) => i.top < HEAD_ZONE).map((i) => i.str).join(' ');
      const blank = page.text.trim() === '';
      const opener = /^\s*C\s*H\s*A\s*P/.test(bodyText(page, 0));
      if (blank || opener) {
        expect(head.trim(), `page ${page.page}`).toBe('');
        continue;
      }
      const folio = String(page.page - first);
      expect(head, `page ${page.page}`).toContain(folio);
      if (page.page % 2 === 0) expect(normalise(head)).toContain('closer');
      else expect(normalise(head).length).toBeGreaterThan(folio.length + 3);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('never leaves a heading alone at the foot of a page', () => {
    const project = loadProject({ manuscriptDir: join(ROOT, 'manuscript'), log: () => {} });
    const headings = new Set(project.prepared.chapters.flatMap((c) => c.headings.filter((h) => h.depth > 1).map((h) => normalise(h.text))));
    const titles = new Set(project.prepared.worksheets.map((w) => normalise(`Worksheet ${w.number} · ${w.title}`)));
    expect(headings.size).toBeGreaterThan(20);
    for (const page of pages) {
      const body = lines(page).filter((l) => l.join('').trim());
      const last = body.at(-1);
      if (!last || page.items.every((i) => i.top < HEAD_ZONE)) continue;
      const text = normalise(last.join(' '));
      expect(headings.has(text) || titles.has(text), `page ${page.page} ends with the heading "${last.join(' ')}"`).toBe(false);
    }
  });

  it('leaves no widow: no paragraph ends with a single line at the top of a page', () => {
    for (const page of pages) {
      const body = textLines(page, HEAD_ZONE).map((l) => ({ top: l.top, x: l.x, text: l.parts.join('') }));
      if (body.length < 3) continue;
      const base = Math.min(...body.slice(0, 8).map((l) => l.x));
      const [first, second, third] = body;
      const continues = Math.abs(first.x - base) < 1 && /^[a-z]/.test(first.text.trim());
      const leading = third.top - second.top;
      const nextStartsBlock = second.x > base + 3 || second.top - first.top > leading * 1.4;
      expect(continues && nextStartsBlock, `page ${page.page} starts with a widow: "${first.text.slice(0, 60)}"`).toBe(false);
    }
  });

  it('has no annotations, bookmarks, forms or tags', () => {
    for (const page of doc.getPages()) expect(page.node.lookupMaybe(PDFName.of('Annots'), PDFArray)).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('Outlines'))).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('AcroForm'))).toBeUndefined();
    expect(doc.catalog.get(PDFName.of('StructTreeRoot'))).toBeUndefined();
  });
});
