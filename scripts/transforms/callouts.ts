/** Turns `:::example` … `:::` container directives into callout elements with a visible label. */
import type { Root, Paragraph } from 'mdast';
import { visit } from 'unist-util-visit';
import { toString } from 'mdast-util-to-string';
import { CALLOUT_NAMES } from './check-directives.ts';
import type { Labels } from '../labels.ts';

/** `labels` gives each callout's default label (calloutExample …) in the book's language. */
export function calloutsToElements(tree: Root, labels: Labels): void {
  visit(tree, 'containerDirective', (node) => {
    if (!CALLOUT_NAMES.includes(node.name)) return;
    const defaultLabel = labels[`callout${node.name[0].toUpperCase()}${node.name.slice(1)}`] ?? node.name;
    const first = node.children[0];
    const hasLabel = first?.type === 'paragraph' && (first.data as { directiveLabel?: boolean } | undefined)?.directiveLabel;
    const label = hasLabel ? toString(first) : defaultLabel;
    if (hasLabel) node.children.shift();
    node.data = {
      ...node.data,
      hName: node.name === 'quote' ? 'blockquote' : 'div',
      hProperties: { className: ['callout', `callout-${node.name}`] },
    };
    // A pull quote is set as a quotation: it carries no label unless the author wrote one.
    if (node.name === 'quote' && !hasLabel) return;
    const labelParagraph: Paragraph = {
      type: 'paragraph',
      children: [{ type: 'text', value: label }],
      data: { hProperties: { className: ['callout-label'] } },
      position: node.position,
    };
    node.children.unshift(labelParagraph);
  });
}
