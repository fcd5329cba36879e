/** The real book, printed by the real browser: size, text, fonts, contents. */
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { readFileSync } from 'node:fs';
import { seedSentences, missingInOrder, seedKeywords } from './support/seed.ts';
import { readPages, bodyText, pdfFonts, type PageText } from './support/pdf-text.ts';
import { execFileSync } from 'node:child_process';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const pdfPath = () => join(sample.dir, 'closer.pdf');
let pages: PageText[];

beforeAll(async () => {
  pages = await readPages(pdfPath());
});

describe('the printed book', () => {
  it('has the trim size of book.yaml (8.5 × 11 in) on every page', async () => {
    const doc = await PDFDocument.load(readFileSync(pdfPath()));
    for (const page of doc.getPages()) {
      expect(page.getTrimBox()).toMatchObject({ width: 612, height: 792 });
      expect(page.getMediaBox()).toMatchObject({ width: 612, height: 792 });
    }
  });

  it('contains every sentence of the seed article, in order', () => {
    // Running heads and folios sit in the top 50 pt; leave them out so they cannot split a sentence.
    const text = pages.map((p) => bodyText(p, 50)).join(' ');
    const sentences = seedSentences();
    expect(sentences.length).toBeGreaterThan(350);
    expect(missingInOrder(sentences, text)).toEqual([]);
  });

  it('sets body text at a measure of 60–75 characters', () => {
    const first = pages.findIndex((p) => /C\s*H\s*A\s*P\s*T\s*E\s*R\s*1\b/.test(p.text));
    const lengths: number[] = [];
    for (const page of pages.slice(first, first + 12)) {
      const rows = new Map<number, string[]>();
      for (const item of page.items) if (item.top > 50) rows.set(Math.round(item.top), [...(rows.get(Math.round(item.top)) ?? []), item.str]);
      for (const row of rows.values()) {
        const line = row.join('').replace(/\u00AD/g, '');
        if (line.length > 45) lengths.push(line.length);
      }
    }
    lengths.sort((a, b) => a - b);
    const median = lengths[Math.floor(lengths.length / 2)];
    expect(lengths.length).toBeGreaterThan(100);
    expect(median).toBeGreaterThanOrEqual(60);
    expect(median).toBeLessThanOrEqual(75);
  });

  it('embeds every font, none of them Type 3', () => {
    const fonts = pdfFonts(pdfPath());
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !f.embedded)).toEqual([]);
    expect(fonts.filter((f) => /Type 3/.test(f.type))).toEqual([]);
  });

  it('lists the nine chapters in the table of contents', () => {
    const first = pages.findIndex((p) => /^\s*Contents/.test(bodyText(p, 50)));
    const last = pages.findIndex((p) => /CHAPTER 1\b/.test(p.text));
    expect(first).toBeGreaterThan(0);
    const contents = pages.slice(first, last).map((p) => p.text).join(' ');
    for (const title of ['Introduction', 'Types of Intimacy', 'The Importance of Intimacy in Relationships', 'Common Myths About Intimacy', 'Signs of Healthy vs. Unhealthy Intimacy', 'How to Build and Improve Intimacy', 'Intimacy Challenges in the Modern World', 'When Intimacy Fades: What to Do', 'Final Thoughts']) {
      expect(contents).toContain(title);
    }
  });

  it('carries the book metadata, with the SEO keywords out of the body', () => {
    const info = execFileSync('pdfinfo', [pdfPath()], { encoding: 'utf8' });
    expect(info).toMatch(/Title:\s+Closer/);
    expect(info).toMatch(/Author:\s+\S/);
    for (const keyword of seedKeywords()) expect(info).toContain(keyword);
    const body = pages.map((p) => p.text).join(' ');
    expect(body).not.toContain('Suggested SEO Keywords');
    expect(body).not.toContain('Complete Article Outline');
  });
});
