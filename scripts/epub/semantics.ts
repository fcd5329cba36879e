/**
 * What a screen reader needs from a chapter that the shared (print) HTML does not say: callouts as named
 * sections a reader can skip, the pull quote's label outside its `<blockquote>`, lone images as figures,
 * and tables inside a wrapper that keeps them in the column.
 */
import type { Element, ElementContent, Root } from 'hast';
import { SKIP, visit } from 'unist-util-visit';

const classes = (node: Element) => (node.properties?.className as string[] | undefined) ?? [];
const isElement = (node: unknown, tagName?: string): node is Element =>
  (node as Element)?.type === 'element' && (!tagName || (node as Element).tagName === tagName);
const isBlank = (node: ElementContent) => node.type === 'text' && !node.value.trim();

/**
 * `<div class="callout"><p class="callout-label">` → `<section aria-labelledby>`: a named region, not an
 * `aside` (axe's landmark-complementary-is-top-level forbids one inside the doc-chapter landmark).
 * The quote callout becomes `<figure><figcaption>Quote</figcaption><blockquote>…</blockquote></figure>`.
 */
function callouts(tree: Root, prefix: string): void {
  let n = 0;
  visit(tree, 'element', (node) => {
    if (!classes(node).includes('callout')) return;
    const label = node.children.find((c): c is Element => isElement(c) && classes(c).includes('callout-label'));
    if (!label) return;
    const id = `${prefix}-callout-${++n}`;
    if (node.tagName === 'blockquote') {
      const quote = node.children.filter((c) => c !== label);
      node.tagName = 'figure';
      node.children = [
        { ...label, tagName: 'figcaption', properties: { className: ['callout-label'], id } },
        { type: 'element', tagName: 'blockquote', properties: {}, children: quote },
      ];
    } else {
      node.tagName = 'section';
      label.properties = { ...label.properties, id };
    }
    node.properties = { ...node.properties, ariaLabelledBy: [id] };
  });
}

/** A paragraph holding nothing but an image → `<figure>`, its title (if any) as the caption. */
function figures(tree: Root): void {
  visit(tree, 'element', (node) => {
    if (node.tagName !== 'p') return;
    const content = node.children.filter((c) => !isBlank(c));
    const img = content[0];
    if (content.length !== 1 || !isElement(img, 'img')) return;
    const title = typeof img.properties.title === 'string' ? img.properties.title.trim() : '';
    delete img.properties.title;
    node.tagName = 'figure';
    node.properties = { className: ['figure'] };
    node.children = [img, ...(title ? [{ type: 'element', tagName: 'figcaption', properties: {}, children: [{ type: 'text', value: title }] } as Element] : [])];
  });
}

/** Tables in a wrapper that scrolls sideways if a table cannot wrap to the column (the CSS wraps cells first). */
function tables(tree: Root): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName !== 'table' || !parent || index === undefined) return undefined;
    if (isElement(parent) && classes(parent).includes('table-wrap')) return SKIP;
    parent.children[index] = { type: 'element', tagName: 'div', properties: { className: ['table-wrap'] }, children: [node] };
    return SKIP;
  });
}

/** Applies every EPUB-only semantic rewrite to one content document; `prefix` keeps generated ids unique in the book. */
export function addSemantics(tree: Root, prefix: string): void {
  callouts(tree, prefix);
  figures(tree);
  tables(tree);
}
