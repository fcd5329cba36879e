/**
 * GFM footnotes (remark-rehype output) → EPUB endnotes, one model for every chapter: note references
 * marked `noteref`, the notes an ordered list in `<section epub:type="endnotes" role="doc-endnotes">`,
 * each `<li epub:type="endnote">` led by its back-link (the number, named "Back to note N"), which is
 * what Kindle and Apple Books need to show them as pop-ups.
 */
import { formatLabel } from '../labels.ts';
import type { Element, ElementContent, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit, SKIP } from 'unist-util-visit';

const hasClass = (node: Element, name: string) => ((node.properties?.className as string[] | undefined) ?? []).includes(name);
const isElement = (node: unknown, tagName?: string): node is Element =>
  (node as Element)?.type === 'element' && (!tagName || (node as Element).tagName === tagName);

function isFootnoteSection(node: Element): boolean {
  return node.tagName === 'section' && (node.properties?.dataFootnotes !== undefined || hasClass(node, 'footnotes'));
}

function isBackref(node: Element): boolean {
  return node.tagName === 'a' && (node.properties?.dataFootnoteBackref !== undefined || hasClass(node, 'data-footnote-backref'));
}

/** The `<a>` of a reference (`<sup><a data-footnote-ref …>`); returns its target id and the number it shows. */
function markReference(node: Element): [string, string] {
  const { href, id } = node.properties;
  node.properties = { href, id, 'epub:type': 'noteref', role: 'doc-noteref' };
  return [String(href).replace(/^#/, ''), toString(node).trim()];
}

/** One `<li id=…>` of the notes list → `<li epub:type="endnote">`, its first back-link moved to the front. */
function toEndnote(item: Element, labels: Map<string, string>, backToNote: string): Element {
  const backrefs: Element[] = [];
  visit(item, 'element', (node, index, parent) => {
    if (!isBackref(node) || !parent || index === undefined) return undefined;
    backrefs.push(node);
    parent.children.splice(index, 1);
    // remark-rehype puts a space before the back-link; drop it with the link.
    const before = parent.children[index - 1];
    if (before?.type === 'text') before.value = before.value.replace(/\s+$/, '');
    return [SKIP, index];
  });
  const children = item.children.filter((c) => !(c.type === 'text' && !c.value.trim()));
  // The number the reference shows (GFM numbers notes by first use, whatever their names).
  const label = labels.get(String(item.properties.id)) ?? '*';
  const first = backrefs[0];
  if (first) {
    const link: Element = {
      type: 'element',
      tagName: 'a',
      properties: { href: first.properties.href, role: 'doc-backlink', ariaLabel: formatLabel(backToNote, { n: label }) },
      children: [{ type: 'text', value: label }],
    };
    const lead: ElementContent[] = [link, { type: 'text', value: '. ' }];
    const paragraph = children[0];
    if (isElement(paragraph, 'p')) paragraph.children.unshift(...lead);
    else children.unshift({ type: 'element', tagName: 'p', properties: {}, children: lead });
  }
  return {
    type: 'element',
    tagName: 'li',
    // No role="doc-endnote": DPUB-ARIA 1.1 deprecates it, and on an <li> it would hide the list item.
    properties: { id: item.properties.id, 'epub:type': 'endnote', className: ['endnote'] },
    children,
  };
}

/** Rewrites footnote references and the notes section in place; returns how many notes were found. */
export function epubFootnotes(tree: Root, backToNote: string): number {
  let notes = 0;
  const labels = new Map<string, string>();
  visit(tree, 'element', (node) => {
    if (node.tagName === 'a' && node.properties?.dataFootnoteRef !== undefined) {
      const [target, label] = markReference(node);
      if (!labels.has(target)) labels.set(target, label);
    }
    if (!isFootnoteSection(node)) return undefined;
    const items: Element[] = [];
    visit(node, 'element', (li) => {
      if (li.tagName === 'li' && li.properties?.id) items.push(li);
    });
    const heading = node.children.find((c): c is Element => isElement(c) && /^h[1-6]$/.test(c.tagName));
    // GFM hides the "Notes" label (class sr-only); e-readers lack that class, so show it plainly.
    if (heading) heading.properties = { id: heading.properties.id };
    node.properties = { className: ['footnotes'], 'epub:type': 'endnotes', role: 'doc-endnotes' };
    const list: Element = { type: 'element', tagName: 'ol', properties: { className: ['endnotes'] }, children: items.map((item) => toEndnote(item, labels, backToNote)) };
    node.children = [...(heading ? [heading] : []), list];
    notes += items.length;
    return SKIP;
  });
  return notes;
}
