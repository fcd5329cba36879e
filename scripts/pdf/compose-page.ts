/**
 * Work done inside a loaded document before it is printed, where the browser's own line breaking can be
 * measured. The page is laid out at the text block's width with print media, so its lines break as they
 * will on paper.
 *
 * - Soft hyphens stay only where a line breaks at them. Every unused one is a character in the PDF's
 *   text layer: search, copy and screen readers met "Inti­macy", and on a letter-spaced first line the
 *   gap around the empty hyphen glyph split words ("Inti­m acy").
 */
import type { Page } from 'puppeteer-core';

/** Runs in the page: removes the soft hyphens at which no line breaks. Returns how many stay. */
function keepBreakingHyphens(): number {
  const SHY = '\u00AD';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  const edits: [Text, boolean[]][] = [];
  let kept = 0;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const text = node.data;
    if (!text.includes(SHY)) continue;
    const keep: boolean[] = [];
    for (let i = text.indexOf(SHY); i >= 0; i = text.indexOf(SHY, i + 1)) {
      if (i === 0 || i >= text.length - 1) {
        keep.push(false);
        continue;
      }
      range.setStart(node, i - 1);
      range.setEnd(node, i);
      const before = range.getBoundingClientRect();
      range.setStart(node, i + 1);
      range.setEnd(node, i + 2);
      const after = range.getBoundingClientRect();
      const breaks = after.height > 0 && before.height > 0 && after.top > before.top + before.height / 2;
      keep.push(breaks);
      if (breaks) kept++;
    }
    edits.push([node, keep]);
  }
  // Removing a break opportunity the lines did not use changes no line, so all are measured first.
  for (const [node, keep] of edits) {
    let k = 0;
    node.data = node.data.replace(/\u00AD/g, () => (keep[k++] ? SHY : ''));
  }
  return kept;
}

/** Lays the page out as it will print (print media, text-block width), then composes it. */
export async function composePage(page: Page): Promise<void> {
  // Functions passed to the page are serialised; the TypeScript runner wraps named functions in __name().
  await page.evaluate('globalThis.__name = (f) => f');
  await page.emulateMediaType('print');
  await page.evaluate(async () => {
    await document.fonts.ready;
    const root = document.documentElement;
    const width = getComputedStyle(root).getPropertyValue('--text-width').trim();
    if (width) root.style.width = width;
  });
  await page.evaluate(keepBreakingHyphens);
  await page.evaluate(() => document.documentElement.style.removeProperty('width'));
}
