/**
 * Directives the book knows stay; an unknown block directive is an error at its position;
 * a text directive is prose that merely looks like one (`:smile:`, `note:this`) and goes back to text.
 */
import type { Root, Text } from 'mdast';
import type { VFile } from 'vfile';
import { visit, SKIP } from 'unist-util-visit';
import { fileError } from '../diagnostics.ts';

/** The callouts; each one's label is `callout` + its name (calloutExample …) in templates/labels. */
export const CALLOUT_NAMES = ['example', 'quote', 'insight', 'why', 'helps', 'summary', 'note', 'tip'];
export const LEAF_DIRECTIVES = ['worksheet'];

export function checkDirectives(tree: Root, file: VFile): void {
  const source = String(file.value);
  visit(tree, (node, index, parent) => {
    if (node.type === 'textDirective' && parent && index !== undefined) {
      const start = node.position?.start.offset;
      const end = node.position?.end.offset;
      const value = start !== undefined && end !== undefined ? source.slice(start, end) : `:${node.name}`;
      const text: Text = { type: 'text', value, position: node.position };
      parent.children.splice(index, 1, text);
      return [SKIP, index];
    }
    if (node.type === 'leafDirective' && !LEAF_DIRECTIVES.includes(node.name)) {
      fileError(file, `unknown directive "::${node.name}"`, node, 'unknown-directive', `Known line directives: ${LEAF_DIRECTIVES.map((n) => '::' + n).join(', ')}. To write two colons as text, escape the first: \\::`);
    }
    if (node.type === 'containerDirective' && !CALLOUT_NAMES.includes(node.name)) {
      fileError(file, `unknown block directive ":::${node.name}"`, node, 'unknown-directive', `Known blocks: ${CALLOUT_NAMES.map((n) => ':::' + n).join(', ')}.`);
    }
    return undefined;
  });
}
