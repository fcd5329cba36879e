/**
 * The print interior read back from the built book at three trims (8.5×11 from the shared build, 6×9 with
 * bleed, 5.5×8.5) and the screen PDF: the text layer, worksheets placed and fitted for the open book,
 * heads on the text block's edges, pen-sized circles and boxes. One build per trim serves every check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { build, loadProject } from '../scripts/build.ts';
import { pageGeometry, type PageGeometry } from '../scripts/pdf/page-geometry.ts';
import { parseTrim, PT_PER_IN } from '../scripts/print-rules.ts';
import { closeSharedBrowser, sharedBrowser, tempDir } from './support/cli.ts';
import { ROOT, seedSentences } from './support/seed.ts';
import { components, inkIn, lowestInk, rasterize } from './support/raster.ts';
import { useSampleBook } from './support/sample-book.ts';

// The book builds in the background from the start of the run (test/global-setup.ts); this waits for it.
const sample = useSampleBook();

const MANUSCRIPT = join(ROOT, 'manuscript');
const out = tempDir('kindred-interior-');

/** Words as a reader searches them: soft hyphens and hyphens joined (pdftotext joins a word hyphenated at a line end). */
const words = (text: string) =>
  text.normalize('NFKC').replace(/[\u00AD\u2010\u2011-]/g, '').replace(/[\u2019'’]/g, '').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/** Seed sentences with a word 4-gram (or, if shorter, all their words) missing from the text. */
function missingSentences(text: string): string[] {
  const hay = ` ${words(text).join(' ')} `;
  return seedSentences().filter((s) => {
    const w = words(s);
    const grams = w.length < 4 ? [w] : w.slice(0, -3).map((_, i) => w.slice(i, i + 4));
    return grams.some((g) => !hay.includes(` ${g.join(' ')} `));
  });
}

interface Word {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
}

/** pdftotext's words with their boxes (points, from the top left of the MediaBox), page by page. */
function wordBoxes(pdf: string): Word[][] {
  const html = execFileSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return html
    .split('<page ')
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        text: m[4],
      })),
    );
}

interface Book {
  trim: string;
  pdf: string;
  g: PageGeometry;
  words: Word[][];
  /** Where the text block starts, from the top of the sheet (bleed included). */
  textTop: number;
  textBottom: number;
  left: (recto: boolean) => number;
  right: (recto: boolean) => number;
}

function readBook(trim: string, bleedIn: number, pdf: string): Book {
  const g = pageGeometry(parseTrim(trim)!, bleedIn * PT_PER_IN, 150);
  const textWidth = g.trim.widthPt - g.inside - g.outside;
  const left = (recto: boolean) => (recto ? g.inside : g.bleed + g.outside);
  return { trim, pdf, g, words: wordBoxes(pdf), textTop: g.bleed + g.top, textBottom: g.bleed + g.trim.heightPt - g.bottom, left, right: (recto) => left(recto) + textWidth };
}

const project = loadProject({ manuscriptDir: MANUSCRIPT, log: () => {} });
const headings = project.prepared.chapters.flatMap((c) => c.headings.filter((h) => h.depth >= 2 && h.depth <= 3).map((h) => h.text));
const squash = (s: string) => words(s).join(' ');
const headingSet = new Set(headings.map(squash));

/** What each page of a book is: blank, chapter opener, notes page, worksheet pages by worksheet. */
function pageKinds(book: Book) {
  // The text block's words: a thumb tab's number sits beside it, in the outer margin and the bleed.
  const body = (p: number) => book.words[p].filter((w) => w.yMin > book.textTop - 4 && w.xMax > book.left(p % 2 === 0) - 4 && w.xMin < book.right(p % 2 === 0) + 4);
  const firstLine = (p: number) => {
    const ws = body(p);
    if (ws.length === 0) return '';
    const top = Math.min(...ws.map((w) => w.yMin));
    return ws.filter((w) => w.yMin < top + 4).map((w) => w.text).join(' ');
  };
  const firstOpener = book.words.findIndex((_, p) => /^CHAPTER 1$/.test(firstLine(p)));
  const kinds = book.words.map((ws, p) => {
    const line = firstLine(p);
    if (ws.length === 0) return 'blank';
    if (/^CHAPTER \d+$/.test(line)) return 'opener';
    if (/^NOTES$/.test(line)) return 'notes';
    if (/^Worksheet \d+ ·/.test(line)) return 'worksheet';
    return headingSet.has(squash(line)) || p < firstOpener ? 'text' : 'continues';
  });
  // A worksheet runs on over the pages that continue it; text pages continue text.
  const spans: { start: number; pages: number; cutout: boolean }[] = [];
  kinds.forEach((kind, p) => {
    if (kind === 'worksheet') spans.push({ start: p, pages: 1, cutout: false });
    else if (kind === 'continues' && kinds.slice(0, p).findLast((k) => k !== 'continues') === 'worksheet') spans[spans.length - 1].pages++;
  });
  for (const span of spans) span.cutout = book.words[span.start].some((w) => w.text === 'CARD');
  return { kinds, spans, firstOpener, body };
}

const books: Book[] = [];
let screenPdf = '';
/** Each trim's build log. */
const built = new Map<string, string[]>();

beforeAll(async () => {
  const builds: [string, number][] = [
    ['6x9', 0.125],
    ['5.5x8.5', 0],
  ];
  books.push(readBook('8.5x11', 0, join(sample.dir, 'closer.pdf')));
  for (const [trim, bleed] of builds) {
    const log: string[] = [];
    // build() preflights the print PDF (check on by default) and throws naming any rule it breaks.
    const [result] = await build({ browser: sharedBrowser(), manuscriptDir: MANUSCRIPT, outDir: join(out, trim), formats: ['pdf'], profile: 'print', trim, bleed: `${bleed}in`, log: (l) => log.push(l) });
    built.set(trim, log);
    books.push(readBook(trim, bleed, result.path));
  }
  const [screen] = await build({ browser: sharedBrowser(), manuscriptDir: MANUSCRIPT, outDir: join(out, 'screen'), formats: ['pdf'], profile: 'screen', log: () => {} });
  screenPdf = screen.path;
}, 600_000);

afterAll(async () => {
  await closeSharedBrowser();
  rmSync(out, { recursive: true, force: true });
});

describe('the build', () => {
  // build() would have thrown, naming the rule, had the PDF broken one (test/build-check.test.ts).
  it('passes its own print-on-demand checks at 6×9 with bleed and at 5.5×8.5, laid out once', () => {
    for (const trim of ['6x9', '5.5x8.5']) {
      expect(built.get(trim)!.join('\n'), trim).toMatch(/checking it against the print-on-demand rules/);
      expect(built.get(trim)!.join('\n'), trim).not.toContain('laying out again');
    }
  });
});

describe('the text layer', () => {
  it('holds every sentence of the article, word for word, in the print PDF at every trim', () => {
    for (const book of books) {
      // Below the running heads, which would sit inside a sentence that turns the page.
      const y = Math.floor(book.textTop - 6);
      const text = execFileSync('pdftotext', ['-nopgbrk', '-x', '0', '-y', String(y), '-W', '5000', '-H', '5000', book.pdf, '-'], { encoding: 'utf8' });
      expect(missingSentences(text), book.trim).toEqual([]);
      expect(text, `${book.trim}: soft hyphens inside a line`).not.toMatch(/\u00AD\S/);
      expect(text, `${book.trim}: ligature characters`).not.toMatch(/[\uFB00-\uFB06]/);
      expect(text, `${book.trim}: letter-spaced words read as letters`).not.toMatch(/\b[A-Z] [A-Z] [A-Z] [A-Z]\b/);
    }
  });

  it('holds every sentence in the screen PDF, whose bookmarks are the headings, once, with their spaces', async () => {
    const g = pageGeometry(parseTrim('8.5x11')!, 0, 150);
    const text = execFileSync('pdftotext', ['-nopgbrk', '-W', '5000', '-H', String(Math.floor(g.trim.heightPt - g.bottom + 4)), screenPdf, '-'], { encoding: 'utf8' });
    expect(missingSentences(text)).toEqual([]);
    const doc = await getDocument({ data: new Uint8Array(readFileSync(screenPdf)), verbosity: 0 }).promise;
    const titles: string[] = [];
    const walk = (items: { title: string; items: unknown[] }[] | null) => {
      for (const item of items ?? []) {
        titles.push(item.title);
        walk(item.items as never);
      }
    };
    walk(await doc.getOutline());
    await doc.destroy();
    expect(titles.length).toBeGreaterThan(60);
    // Every heading of the chapters is a bookmark, in order, exactly as written.
    let from = 0;
    for (const heading of headings) {
      const at = titles.indexOf(heading, from);
      expect(at, `bookmark for "${heading}"`).toBeGreaterThanOrEqual(0);
      from = at + 1;
    }
    // Every bookmark reads as words of the book: none doubled, no words run together.
    const hay = ` ${words(text).join(' ')} `;
    for (const title of titles) expect(hay, `bookmark "${title}"`).toContain(` ${squash(title)} `);
  });
});

describe.each([0, 1, 2])('the book at trim %#', (index) => {
  const book = () => books[index];

  it('opens worksheets of two pages or more on a left-hand page, and gives cut-out pages blank backs', () => {
    const b = book();
    const { spans, kinds } = pageKinds(b);
    expect(spans.length, b.trim).toBeGreaterThanOrEqual(9);
    for (const span of spans) {
      if (span.cutout) {
        expect((span.start + 1) % 2, `${b.trim}: cut-out page ${span.start + 1} is a right-hand page`).toBe(1);
        continue;
      }
      if (span.pages >= 2) expect((span.start + 1) % 2, `${b.trim}: worksheet on pages ${span.start + 1}–${span.start + span.pages}`).toBe(0);
    }
    const cards = b.words.flatMap((ws, p) => (ws.some((w) => w.text === 'CARD') ? [p] : []));
    expect(cards.length, b.trim).toBeGreaterThanOrEqual(1);
    const ink = rasterize(b.pdf, Math.min(...cards) + 1, Math.max(...cards) + 2, 20);
    for (const p of cards) {
      expect((p + 1) % 2, `${b.trim}: cards on page ${p + 1}`).toBe(1);
      expect(kinds[p + 1], `${b.trim}: the back of the cards on page ${p + 1}`).toBe('blank');
      const back = ink.get(p + 2)!;
      expect(inkIn(back, 0, 0, 10_000, 10_000), `${b.trim}: ink on the back of page ${p + 1}`).toBe(0);
    }
  });

  it('inks at least a quarter of the text block on every body page but chapter ends, and nothing outside it on worksheet pages', () => {
    const b = book();
    const { kinds, spans, firstOpener, body } = pageKinds(b);
    const pages = rasterize(b.pdf, firstOpener + 1, b.words.length, 24);
    const worksheetPages = new Set(spans.flatMap((s) => Array.from({ length: s.pages }, (_, k) => s.start + k)));
    const height = b.textBottom - b.textTop;
    for (let p = firstOpener; p < b.words.length; p++) {
      const recto = p % 2 === 0;
      const r = pages.get(p + 1)!;
      // A run of text ends where a chapter does or a worksheet (which starts a page) follows: its last
      // page is exempt from the quarter but holds at least four lines.
      const runEnd = p + 1 === b.words.length || ['opener', 'blank', 'worksheet', 'notes'].includes(kinds[p + 1]);
      if (runEnd && ['text', 'continues'].includes(kinds[p]) && !worksheetPages.has(p)) {
        const lines = new Set(body(p).map((w) => Math.round(w.yMin)));
        expect(lines.size, `${b.trim}: lines on page ${p + 1}, the end of a run of text`).toBeGreaterThanOrEqual(4);
      }
      if (kinds[p] !== 'blank' && !runEnd) {
        const lowest = lowestInk(r, b.left(recto), b.right(recto), b.textTop, b.textBottom + 2) ?? b.textTop;
        expect((lowest - b.textTop) / height, `${b.trim}: page ${p + 1} is inked down to`).toBeGreaterThanOrEqual(0.25);
      }
      if (worksheetPages.has(p)) {
        const [l, rt] = [b.left(recto) - 2, b.right(recto) + 2];
        const outside = inkIn(r, 0, b.textTop, l, 10_000) + inkIn(r, rt, b.textTop, 10_000, 10_000) + inkIn(r, 0, b.textBottom + 2, 10_000, 10_000);
        expect(outside, `${b.trim}: ink outside the text block on worksheet page ${p + 1}`).toBe(0);
      }
    }
  });

  it('sets both running heads flush with the text block’s outer edge, 0.375 in clear of a bleeding trim', () => {
    const b = book();
    let checked = 0;
    b.words.forEach((ws, p) => {
      const head = ws.filter((w) => w.yMin < b.textTop - 6);
      if (head.length === 0) return;
      const recto = p % 2 === 0;
      if (recto) expect(Math.max(...head.map((w) => w.xMax)), `${b.trim}: recto head, page ${p + 1}`).toBeCloseTo(b.right(true), -0.3);
      else expect(Math.min(...head.map((w) => w.xMin)), `${b.trim}: verso head, page ${p + 1}`).toBeCloseTo(b.left(false), -0.3);
      const safe = b.g.bleed > 0 ? 0.375 * PT_PER_IN : 0.25 * PT_PER_IN;
      expect(Math.min(...head.map((w) => w.yMin)) - b.g.bleed, `${b.trim}: head on page ${p + 1} from the trim`).toBeGreaterThanOrEqual(safe);
      checked++;
    });
    expect(checked).toBeGreaterThan(20);
  });

  it('draws rating circles of 6 mm with 3 mm between them, and tick boxes of 5 mm', () => {
    const b = book();
    const find = (re: RegExp) => b.words.findIndex((ws) => re.test(ws.map((w) => w.text).join(' ')));
    // The check-in's scale (its prompt and legend), not the chapter's text that asks the same question.
    const ratings = find(/How are we doing\? 1 = distant/);
    const ticks = find(/Kept it/);
    expect(ratings, b.trim).toBeGreaterThan(0);
    expect(ticks, b.trim).toBeGreaterThan(0);
    const dpi = 150;
    const mm = (px: number) => (px / dpi) * 25.4;
    const shapes = (page: number) => {
      const r = rasterize(b.pdf, page + 1, page + 1, dpi).get(page + 1)!;
      return components(r).filter((c) => {
        const w = mm(c.right - c.left + 1);
        const h = mm(c.bottom - c.top + 1);
        return w > 3.5 && w < 9 && Math.abs(w - h) < 0.4 && c.pixels < (c.right - c.left + 1) * (c.bottom - c.top + 1) * 0.5;
      });
    };
    const circles = shapes(ratings);
    expect(circles.length, `${b.trim}: circles on page ${ratings + 1}`).toBeGreaterThanOrEqual(50);
    for (const c of circles) expect(mm(c.right - c.left + 1), `${b.trim}: circle`).toBeGreaterThanOrEqual(5.9);
    const rows: (typeof circles)[] = [];
    for (const c of [...circles].sort((a, c2) => a.top - c2.top)) {
      const row = rows.find((r) => Math.abs(r[0].top - c.top) < 4);
      if (row) row.push(c);
      else rows.push([c]);
    }
    for (const row of rows) {
      row.sort((a, b2) => a.left - b2.left);
      for (let i = 1; i < row.length; i++) expect(mm(row[i].left - row[i - 1].right - 1), `${b.trim}: gap between circles`).toBeGreaterThanOrEqual(2.9);
    }
    const boxes = shapes(ticks);
    expect(boxes.length, `${b.trim}: tick boxes on page ${ticks + 1}`).toBeGreaterThanOrEqual(5);
    for (const box of boxes) expect(mm(box.right - box.left + 1), `${b.trim}: tick box`).toBeGreaterThanOrEqual(4.9);
  });
});

it('keeps 0.375 in between the trim and any text of the bleeding 6×9 book (kindred check passes)', () => {
  const b = books[1];
  const result = execFileSync(process.execPath, [join(ROOT, 'scripts', 'bin', 'kindred.js'), 'check', b.pdf], { encoding: 'utf8' });
  expect(result).toMatch(/top margin: .*0\.375 in needed with bleed/);
  expect(result).toContain('ready for print-on-demand');
});

