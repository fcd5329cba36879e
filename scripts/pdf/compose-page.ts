/// <reference lib="dom.iterable" />
/**
 * Work done inside a loaded document before it is printed, where the browser's own line breaking can be
 * measured. The page is laid out at the text block's width with print media, so its lines break as they
 * will on paper.
 *
 * - Soft hyphens stay only where a line breaks at them. Every unused one is a character in the PDF's
 *   text layer: search, copy and screen readers met "Inti­macy", and on a letter-spaced first line the
 *   gap around the empty hyphen glyph split words ("Inti­m acy").
 * - Worksheets are fitted to their pages (print body only): their pages are found the way the browser
 *   will break them (forced breaks, then blocks that must stay whole moved to the next page), and the
 *   write-in areas on the page a worksheet ends on (ruled lines, boxes, else the month grid) grow by whole
 *   lines until that page is full; a page that overflows by a little gives up write-in lines (never below
 *   two an area) so that it does not spill a line or two onto a page of its own.
 */
import type { Page } from 'puppeteer-core';

/** Runs in the page: removes the soft hyphens at which no line breaks. Returns how many stay. */
function keepBreakingHyphens(): number {
  const SHY = '\u00AD';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  // A letter by its lowest box: at a break Chromium also gives the hyphen it draws to the letter after
  // the soft hyphen (a box on the line above), so a bounding box over both lines would put the break one
  // soft hyphen too late ("individu-als" kept, "individ-uals" dropped).
  const lowestBox = (node: Text, at: number) => {
    range.setStart(node, at);
    range.setEnd(node, at + 1);
    return [...range.getClientRects()].filter((r) => r.height > 0).sort((a, b) => a.top - b.top).at(-1);
  };
  const edits: [Text, boolean[]][] = [];
  let kept = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data;
    if (!text.includes(SHY)) continue;
    const at: number[] = [];
    for (let i = text.indexOf(SHY); i >= 0; i = text.indexOf(SHY, i + 1)) at.push(i);
    const keep = at.map(() => false);
    const boxes = new Map<number, DOMRect | undefined>();
    const box = (i: number) => {
      if (!boxes.has(i)) boxes.set(i, lowestBox(node, i));
      return boxes.get(i);
    };
    // Whether the letter at b sits on a later line than the letter at a.
    const apart = (a: number, b: number) => {
      const before = box(a);
      const after = box(b);
      return !!before && !!after && after.top > before.top + before.height / 2;
    };
    // Lines only move down through a text, so when the letters around a run of soft hyphens share a
    // line, none of them breaks: halving the run finds the few that do with a handful of measurements
    // instead of two for each of the thousands of soft hyphens a chapter holds.
    const find = (lo: number, hi: number) => {
      if (lo > hi || !apart(at[lo] - 1, at[hi] + 1)) return;
      if (lo === hi) {
        keep[lo] = true;
        kept++;
        return;
      }
      const mid = (lo + hi) >> 1;
      find(lo, mid);
      find(mid + 1, hi);
    };
    // A soft hyphen that starts or ends the text has no letter on one side: it never breaks here.
    find(at[0] === 0 ? 1 : 0, at[at.length - 1] === text.length - 1 ? at.length - 2 : at.length - 1);
    edits.push([node, keep]);
  }
  // Removing a break opportunity the lines did not use changes no line, so all are measured first.
  for (const [node, keep] of edits) {
    let k = 0;
    node.data = node.data.replace(/\u00AD/g, () => (keep[k++] ? SHY : ''));
  }
  return kept;
}

/** Runs in the page: fits every worksheet to its pages. Returns lines added (negative: removed). */
function fitWorksheets(): number {
  const px = (css: string) => {
    const probe = document.createElement('div');
    probe.style.cssText = `position:absolute;visibility:hidden;height:${css}`;
    document.body.append(probe);
    const h = probe.getBoundingClientRect().height;
    probe.remove();
    return h;
  };
  const pageHeight = px('var(--text-height)');
  if (!(pageHeight > 0)) return 0;
  const slack = px('1.5mm');

  /** The blocks the browser will not split, in order, with whether a page break is forced before each. */
  const units = (root: Element): { el: Element; forced: boolean }[] => {
    const out: { el: Element; forced: boolean }[] = [];
    const walk = (el: Element, forced: boolean) => {
      const style = getComputedStyle(el);
      const force = forced || style.breakBefore === 'page';
      const blocks = [...el.children].filter((c) => {
        const d = getComputedStyle(c).display;
        return d !== 'none' && !d.startsWith('inline') && getComputedStyle(c).position !== 'absolute';
      });
      const whole = style.breakInside === 'avoid' || blocks.length === 0 || /^(flex|grid|inline-flex|inline-grid)$/.test(style.display) || el.tagName === 'TR';
      if (whole && el !== root) out.push({ el, forced: force });
      else for (const [i, c] of blocks.entries()) walk(c, i === 0 ? force : false);
    };
    walk(root, false);
    return out;
  };

  /** Pages of a worksheet as the browser will break it: their tops (document y, px), and whether a forced break starts each. */
  const breaks = (ws: Element): { top: number; forced: boolean }[] => {
    const out = [{ top: ws.getBoundingClientRect().top, forced: true }];
    for (const { el, forced } of units(ws)) {
      const r = el.getBoundingClientRect();
      if (r.height === 0) continue;
      const top = out[out.length - 1].top;
      if (forced && r.top > top + 1) out.push({ top: r.top, forced: true });
      else if (r.bottom - top > pageHeight + 0.5) out.push({ top: r.top, forced: false });
    }
    return out;
  };
  const pages = (ws: Element): number[] => breaks(ws).map((b) => b.top);
  const layout = (ws: Element) => breaks(ws).map((b) => `${b.forced}`).join();
  const contentBottom = (ws: Element) => Math.max(...[...ws.querySelectorAll('*')].map((e) => e.getBoundingClientRect().bottom).filter((b) => Number.isFinite(b)), ws.getBoundingClientRect().top);
  /** The bottom of what starts on the page from `from` up to the next page's top. */
  const bottomIn = (ws: Element, from: number, to: number) =>
    Math.max(from, ...[...ws.querySelectorAll('*')].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0 && r.top >= from - 1 && r.top < to - 1).map((r) => r.bottom));

  /** Write-in areas that start on a page (from its top up to the next page's), grouped by row (partners' columns grow together). */
  const areasFrom = (ws: Element, from: number, to = Infinity) => {
    const rows = new Map<number, Element[]>();
    for (const el of ws.querySelectorAll('.ws-lines, .ws-box')) {
      const r = el.getBoundingClientRect();
      if (r.top < from - 1 || r.top >= to - 1) continue;
      const key = [...rows.keys()].find((k) => Math.abs(k - r.top) < 2) ?? r.top;
      rows.set(key, [...(rows.get(key) ?? []), el]);
    }
    return [...rows.values()];
  };
  const addLine = (area: Element) => {
    const line = area.lastElementChild;
    if (!line) return;
    const copy = line.cloneNode(false) as Element;
    area.append(copy);
  };
  const removeLine = (area: Element) => {
    if (area.children.length > 2) area.lastElementChild?.remove();
  };
  /**
   * Adds lines to the rows in turn, a row at a time, while `fill` (px) holds another of its lines, and
   * returns how many rows grew. Each row's line pitch is measured once and the lines are counted, not
   * laid out one by one: every layout of a 75-page document after a line was added cost more than the
   * rest of composing. Then `keeps` is asked once; while it fails, the rows added last give their lines
   * back (a row's pitch that the layout does not bear out).
   */
  const grow = (rows: Element[][], fill: number, keeps: () => boolean): number => {
    const pitch = rows.map((row) => row[0].lastElementChild?.getBoundingClientRect().height ?? 0);
    const added: Element[][] = [];
    for (let k = 0; k < 200 && rows.length > 0; k++) {
      const at = k % rows.length;
      if (!(pitch[at] > 0) || fill < pitch[at]) break;
      rows[at].forEach(addLine);
      added.push(rows[at]);
      fill -= pitch[at];
    }
    while (added.length > 0 && !keeps()) for (const area of added.pop()!) area.lastElementChild?.remove();
    return added.length;
  };

  let changed = 0;
  for (const ws of document.querySelectorAll('section.worksheet')) {
    let tops = pages(ws);
    let last = tops[tops.length - 1];
    const rows = areasFrom(ws, last);
    // A last page that holds only a little of what overflowed: give up lines on the page before.
    if (tops.length > 1) {
      const before = tops[tops.length - 2];
      const spill = contentBottom(ws) - last;
      const earlier = areasFrom(ws, before).filter((row) => row[0].getBoundingClientRect().top < last);
      if (spill < pageHeight * 0.25 && earlier.length > 0) {
        for (let guard = 0; guard < 40 && pages(ws).length === tops.length; guard++) {
          const row = earlier[guard % earlier.length];
          if (row.every((a) => a.children.length <= 2) && earlier.every((r) => r.every((a) => a.children.length <= 2))) break;
          row.forEach(removeLine);
          changed--;
        }
        tops = pages(ws);
        last = tops[tops.length - 1];
      }
    }
    // A page that holds only a little before a forced break or the worksheet's end (a stranded "Ritual 3"):
    // the section it belongs to moves over whole from its heading, when the page before stays half full
    // and the pages stay as many.
    for (let i = 1; i < tops.length; i++) {
      const all = breaks(ws);
      const next = all[i + 1];
      if (all[i].forced || (next && !next.forced)) continue;
      const to = next?.top ?? Infinity;
      if (bottomIn(ws, all[i].top, to) - all[i].top >= pageHeight * 0.25) continue;
      const heading = [...ws.querySelectorAll<HTMLElement>('.ws-heading')].filter((h) => {
        const top = h.getBoundingClientRect().top;
        return top >= all[i - 1].top + pageHeight * 0.5 && top < all[i].top && bottomIn(ws, top, to) - top <= pageHeight - slack;
      }).at(-1);
      if (!heading) continue;
      heading.style.breakBefore = 'page';
      if (breaks(ws).length !== all.length) heading.style.removeProperty('break-before');
    }
    tops = pages(ws);
    last = tops[tops.length - 1];
    // Write-in areas grow by whole lines on every page a worksheet ends or a forced break follows.
    for (let i = 0; i < breaks(ws).length - 1; i++) {
      // Pages after a grown one have moved down: their tops are read again.
      const all = breaks(ws);
      if (!all[i + 1].forced) continue;
      const shape = layout(ws);
      changed += grow(areasFrom(ws, all[i].top, all[i + 1].top), pageHeight - (bottomIn(ws, all[i].top, all[i + 1].top) - all[i].top) - slack, () => layout(ws) === shape);
    }
    const fill = () => pageHeight - (contentBottom(ws) - last) - slack;
    const growRows = areasFrom(ws, last);
    if (growRows.length > 0) {
      changed += grow(growRows, fill(), () => pages(ws).length === tops.length);
    } else if (rows.length === 0) {
      const cells = [...ws.querySelectorAll<HTMLElement>('.ws-calendar-cell')].filter((c) => c.getBoundingClientRect().top >= last - 1);
      const rowsOfCells = new Set(cells.map((c) => Math.round(c.getBoundingClientRect().top))).size;
      const extra = fill();
      if (rowsOfCells > 0 && extra > 0) {
        const h = cells[0].getBoundingClientRect().height + extra / rowsOfCells;
        for (const c of cells) c.style.height = `${h}px`;
        if (pages(ws).length !== tops.length) for (const c of cells) c.style.removeProperty('height');
      }
    }
  }
  return changed;
}

/** Changes whenever what is done to a page changes, for the print cache's key. */
const COMPOSE_SOURCE = [keepBreakingHyphens, fitWorksheets].map(String).join('\n');

/**
 * Composes a loaded page laid out as it will print: print media (emulated before it loaded, so its first
 * layout is already the printed one) at the text block's width. The width comes from the document's
 * `data-composing` attribute (page-geometry.ts) or, in a template without it, is set here.
 */
export async function composePage(page: Page): Promise<void> {
  // Functions passed to the page are serialised; the TypeScript runner wraps named functions in __name().
  await page.evaluate('globalThis.__name = (f) => f');
  await page.emulateMediaType('print');
  await page.evaluate(async () => {
    await document.fonts.ready;
    const root = document.documentElement;
    const width = getComputedStyle(root).getPropertyValue('--text-width').trim();
    if (width && !root.hasAttribute('data-composing')) root.style.width = width;
  });
  if (await page.evaluate(() => document.body.classList.contains('body'))) await page.evaluate(fitWorksheets);
  await page.evaluate(keepBreakingHyphens);
  await page.evaluate(() => {
    document.documentElement.removeAttribute('data-composing');
    document.documentElement.style.removeProperty('width');
  });
}
