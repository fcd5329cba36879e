/**
 * Bookmark titles from the headings themselves. Chromium builds the outline of a printed document from
 * its headings' laid-out text, and gets it wrong: a heading that wraps loses the space at the wrap
 * ("Intimacyin"), one set in several inline boxes comes out doubled ("Worksheet 1Worksheet 1 · …").
 * Its outline items are the document's headings in order, so each gets the heading's text instead.
 */
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import { PDFDict, type PDFDocument, PDFHexString, PDFName, type PDFRef } from 'pdf-lib';

/** The text of every h1–h6 of an HTML document, in order, as a reader would say it. */
export function headingTexts(html: string): string[] {
  const tree: Root = fromHtml(html);
  const texts: string[] = [];
  visit(tree, 'element', (node: Element) => {
    if (!/^h[1-6]$/.test(node.tagName)) return;
    const text = toString(node).replace(/\u00AD/g, '').replace(/\s+/g, ' ').trim();
    if (text) texts.push(text);
  });
  return texts;
}

/** The outline's items, depth first, in reading order. */
function outlineItems(doc: PDFDocument): PDFDict[] {
  const items: PDFDict[] = [];
  const walk = (first: unknown) => {
    for (let ref = first; ref; ) {
      const item = doc.context.lookupMaybe(ref as PDFRef, PDFDict);
      if (!item) break;
      items.push(item);
      walk(item.get(PDFName.of('First')));
      ref = item.get(PDFName.of('Next'));
    }
  };
  const root = doc.catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict);
  if (root) walk(root.get(PDFName.of('First')));
  return items;
}

const squeeze = (s: string) => s.replace(/\s+/g, '');
/** Chromium's title could be this heading's: it holds every word of it (spaces lost, parts repeated). */
const couldBe = (title: string, heading: string) => heading.split(/\s+/).every((word) => squeeze(title).includes(word));
/** How many headings an outline may skip before an item is left alone. */
const LOOKAHEAD = 3;

/**
 * Sets each bookmark's title to its heading's text. Items and headings are paired in order; an item is
 * matched only when its own text holds every word of the heading (Chromium drops spaces and repeats
 * parts, never invents), so a heading Chromium left out of the outline cannot shift the rest.
 */
export function fixOutlineTitles(doc: PDFDocument, headings: string[]): { fixed: number; items: number } {
  const items = outlineItems(doc);
  let h = 0;
  let fixed = 0;
  for (const item of items) {
    const title = item.lookup(PDFName.of('Title'));
    const current = title && 'decodeText' in title ? (title as PDFHexString).decodeText() : '';
    let k = h;
    while (k < Math.min(headings.length, h + LOOKAHEAD) && !couldBe(current, headings[k])) k++;
    if (k === Math.min(headings.length, h + LOOKAHEAD)) continue;
    h = k + 1;
    if (current !== headings[k]) {
      item.set(PDFName.of('Title'), PDFHexString.fromText(headings[k]));
      fixed++;
    }
  }
  return { fixed, items: items.length };
}
