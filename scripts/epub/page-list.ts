/**
 * The print edition's page numbers in the EPUB: an empty `<span epub:type="pagebreak" role="doc-pagebreak">`
 * where each printed body page begins, found by the first words printed on the page (searched in the
 * chapter's text from the previous page's marker on, letters and digits only, so hyphenation, list
 * numbers and ligatures do not matter). A page whose words are not in the EPUB (a worksheet's print-only
 * grid, a blank page) gets its marker at its first marked element, or right after the previous one.
 */
import type { Element, ElementContent, Root, Text } from 'hast';
import { visitParents } from 'unist-util-visit-parents';
import type { PageMap } from '../pdf/page-map.ts';
import type { ContentDoc } from './xhtml.ts';

export interface PageTarget {
  label: string;
  /** `chapter-3.xhtml#page-42`. */
  href: string;
}

interface Position {
  node: Text;
  parents: (Root | Element)[];
  offset: number;
}

/** Letters and digits only: modifier letters go too (the print PDF's text has ʼ where the EPUB has ’). */
const normalise = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]|\p{Lm}/gu, '');
/** Normalised characters matched to find a page: enough to be unique in a chapter, few enough to survive print-only words. */
const KEY = 28;

/** The chapter's text, normalised, with the text node and offset of every character kept. */
function indexText(tree: Root): { text: string; at: Position[] } {
  let text = '';
  const at: Position[] = [];
  visitParents(tree, 'text', (node, parents) => {
    for (let i = 0; i < node.value.length; i++) {
      const char = normalise(node.value[i]);
      for (const c of char) {
        text += c;
        at.push({ node, parents: parents as (Root | Element)[], offset: i });
      }
    }
  });
  return { text, at };
}

/** Where in `text` (from `from` on) the page's first words are; tries later words when the first are print-only. */
function findPage(text: string, from: number, pageText: string): number | undefined {
  const words = pageText.split(' ');
  for (let skip = 0; skip < Math.min(words.length, 12); skip++) {
    const key = normalise(words.slice(skip).join(' ')).slice(0, KEY);
    if (key.length < Math.min(KEY, 8)) break;
    const found = text.indexOf(key, from);
    if (found >= 0) return found;
  }
  return undefined;
}

function marker(folio: string): Element {
  return {
    type: 'element',
    tagName: 'span',
    // The folio is its name through title: axe 4.14 treats doc-pagebreak (deprecated in DPUB-ARIA 1.1) as no role and rejects aria-label on it.
    properties: { id: `page-${folio}`, 'epub:type': 'pagebreak', role: 'doc-pagebreak', title: folio, className: ['pagebreak'] },
    children: [],
  };
}

const isMarker = (node: unknown) => (node as Element)?.type === 'element' && (node as Element).properties?.['epub:type'] === 'pagebreak';

/** Before `node`, and before the markers already there (they belong to later pages: markers go in last first). */
function insertBefore(parent: Root | Element, node: ElementContent, span: Element): void {
  let index = parent.children.indexOf(node);
  while (index > 0 && (isMarker(parent.children[index - 1]) || (parent.children[index - 1].type === 'text' && !(parent.children[index - 1] as Text).value.trim()) )) index--;
  parent.children.splice(index, 0, span);
}

/** Inserts the marker at a text position: at the start of its word, or before a heading, link or label that holds it (their names, and the names they give, must not change). */
function insertAt(position: Position, span: Element): void {
  const { node, parents } = position;
  const outer = parents.findIndex(
    (p) => p.type === 'element' && (/^(h[1-6]|a|figcaption|caption|summary)$/.test(p.tagName) || ((p.properties.className as string[] | undefined) ?? []).includes('callout-label')),
  );
  if (outer > 0) {
    insertBefore(parents[outer - 1], parents[outer] as ElementContent, span);
    return;
  }
  let offset = position.offset;
  while (offset > 0 && !/\s/.test(node.value[offset - 1])) offset--;
  // The node keeps the text before the marker, so positions found earlier in it stay valid (markers go in last first).
  const parent = parents[parents.length - 1];
  const after: Text = { type: 'text', value: node.value.slice(offset) };
  node.value = node.value.slice(0, offset);
  parent.children.splice(parent.children.indexOf(node) + 1, 0, span, after);
}

/** Places a marker at the start of an element (by id), or returns false if the document has none after `from`. */
function insertAtElement(tree: Root, id: string, span: Element): boolean {
  let done = false;
  visitParents(tree, 'element', (node, parents) => {
    if (done || node.properties.id !== id) return;
    insertBefore(parents[parents.length - 1] as Root | Element, node, span);
    done = true;
  });
  return done;
}

/** Inserts the markers of every mapped page into the chapters; returns the page list in page order. */
export function insertPageBreaks(chapters: ContentDoc[], map: PageMap, log: (line: string) => void): PageTarget[] {
  const byId = new Map(chapters.map((c) => [c.filename.replace(/\.xhtml$/, ''), c]));
  const targets: PageTarget[] = [];
  let missing = 0;
  for (const chapter of chapters) {
    const pages = map.pages.filter((p) => p.chapterId === chapter.filename.replace(/\.xhtml$/, ''));
    const found = pages.map(() => undefined as number | undefined);
    // Positions first, against the unchanged text; then insert from the last, so earlier positions stay valid.
    const { text, at } = indexText(chapter.tree);
    let cursor = 0;
    pages.forEach((page, i) => {
      const pos = page.text ? findPage(text, cursor, page.text) : undefined;
      if (pos !== undefined) cursor = found[i] = pos;
    });
    for (let i = pages.length - 1; i >= 0; i--) {
      const span = marker(pages[i].folio);
      const pos = found[i];
      if (pos !== undefined) insertAt(at[pos], span);
      else if (!pages[i].anchors.some((id) => insertAtElement(chapter.tree, id, span))) {
        // A page with nothing the EPUB has (a notes page, a worksheet's print-only grid) begins where the
        // previous page's words end: just before the next page found, else after the previous page's marker.
        const previous = found.slice(0, i).findLastIndex((p) => p !== undefined);
        const next = found.slice(i + 1).findIndex((p) => p !== undefined);
        const later = next >= 0;
        if (later && previous >= 0 && at[found[i + 1 + next]!]) insertAt(at[found[i + 1 + next]!], span);
        else if (!pages[i].text && !later && previous >= 0) appendToChapter(chapter.tree, span);
        else if (previous >= 0 && at[found[previous]!]) insertAfterWord(at[found[previous]!], span);
        else chapter.tree.children.unshift(span);
        if (pages[i].text) missing++;
      }
    }
    keepInPageOrder(chapter.tree);
    for (const page of pages) targets.push({ label: page.folio, href: `${chapter.filename}#page-${page.folio}` });
  }
  const unplaced = map.pages.filter((p) => !byId.has(p.chapterId)).length;
  if (unplaced) log(`warning: EPUB: ${unplaced} print page(s) belong to no chapter of the EPUB; left out of the page list`);
  if (missing) log(`note: EPUB: ${missing} print page(s) start with words only the print edition has (worksheet grids); their markers stand where the previous page's words end`);
  return targets.sort((a, b) => Number(a.label) - Number(b.label));
}

/** At the end of the chapter (a blank page after its last page). */
function appendToChapter(tree: Root, span: Element): void {
  const section = tree.children.findLast((n): n is Element => n.type === 'element');
  (section ?? tree).children.push(span);
}

/** Right after the word at a position (a page whose own words were not found follows the previous page). */
function insertAfterWord(position: Position, span: Element): void {
  const { node } = position;
  let offset = position.offset;
  while (offset < node.value.length && !/\s/.test(node.value[offset])) offset++;
  insertAt({ ...position, offset: Math.min(offset + 1, node.value.length) }, span);
}

/**
 * The page list must follow the reading order (epubcheck NAV-011), but print can move material (cut-out
 * cards go to the end of their chapter): a marker that lands before a lower folio's is moved to just
 * after the marker of the page before it.
 */
function keepInPageOrder(tree: Root): void {
  const markers: { node: Element; parent: Root | Element; folio: number }[] = [];
  visitParents(tree, 'element', (node, parents) => {
    const id = String(node.properties.id ?? '');
    if (/^page-\d+$/.test(id)) markers.push({ node, parent: parents[parents.length - 1] as Root | Element, folio: Number(id.slice(5)) });
  });
  let highest = Number.NEGATIVE_INFINITY;
  const misplaced = markers.filter((m) => {
    const out = m.folio < highest;
    highest = Math.max(highest, m.folio);
    return out;
  });
  for (const m of misplaced.sort((a, b) => a.folio - b.folio)) {
    m.parent.children.splice(m.parent.children.indexOf(m.node), 1);
    const before = markers.filter((o) => o.folio < m.folio && !misplaced.includes(o)).concat(misplaced.filter((o) => o.folio < m.folio)).sort((a, b) => b.folio - a.folio)[0];
    if (before) {
      before.parent.children.splice(before.parent.children.indexOf(before.node) + 1, 0, m.node);
      m.parent = before.parent;
    } else {
      tree.children.unshift(m.node);
      m.parent = tree;
    }
  }
}
